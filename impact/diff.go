package impact

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/resources"
	"github.com/r53d/r53d/zones"
)

// Report is what a diff found: the record changes, and for every name whose
// answers moved, which populations get another answer.
type Report struct {
	Old        string         `json:"old"`
	New        string         `json:"new"`
	Population PopulationInfo `json:"population"`
	Records    []RecordChange `json:"records"`
	Names      []NameImpact   `json:"names"`
}

// Moved reports whether any population gets another answer.
func (r *Report) Moved() bool { return len(r.Names) > 0 }

// PopulationInfo says what the populations were made of.
type PopulationInfo struct {
	Source      string  `json:"source"`
	ByAddresses bool    `json:"by_addresses"`
	Units       int     `json:"units"`
	Classes     int     `json:"classes"`
	Total       Amount  `json:"total"`
	Evaluated   int     `json:"evaluated_names"`
	Decisions   int     `json:"decisions"`
	Seconds     float64 `json:"seconds,omitempty"`
}

// Amount is how much of the population: addresses per family for an
// address-weighted population, weight for a population file, and the
// networks (or file lines) touched.
type Amount struct {
	IPv4     float64 `json:"ipv4_addresses,omitempty"`
	IPv6     float64 `json:"ipv6_addresses,omitempty"`
	Weight   float64 `json:"weight,omitempty"`
	Networks float64 `json:"networks"`
}

func (a *Amount) scaled(b *Amount, f float64) {
	a.IPv4 += b.IPv4 * f
	a.IPv6 += b.IPv6 * f
	a.Weight += b.Weight * f
	a.Networks += b.Networks * f
}

func (a *Amount) add(c *class, f float64) {
	a.IPv4 += c.w4 * f
	a.IPv6 += c.w6 * f
	a.Networks += float64(c.n4+c.n6) * f
}

// NameImpact is one name and type whose answers moved, per health state.
type NameImpact struct {
	Name   string        `json:"name"`
	Type   string        `json:"type"`
	Old    string        `json:"old_policy"`
	New    string        `json:"new_policy"`
	States []StateImpact `json:"states"`
}

// StateImpact is what moved under one health state: every check healthy
// (Down empty), one check down (Down is its id), or the targets of a
// load-balancer target group down (TargetGroup, and Zone when only those
// in one Availability Zone; DownIDs lists them).
type StateImpact struct {
	Down        string       `json:"down,omitempty"`
	TargetGroup string       `json:"target_group,omitempty"`
	Zone        string       `json:"availability_zone,omitempty"`
	DownIDs     []string     `json:"down_ids,omitempty"`
	Moved       Amount       `json:"moved"`
	Continents  []MovedArea  `json:"continents"`
	CIDR        []MovedBlock `json:"cidr_locations,omitempty"`
	Latency     []MovedBlock `json:"latency_rows,omitempty"`
	Transitions []Transition `json:"transitions,omitempty"`
	Shares      []ShareShift `json:"shares,omitempty"`
}

// MovedArea is a continent or country and how much of it moved.
type MovedArea struct {
	Code      string      `json:"code"`
	Moved     Amount      `json:"moved"`
	Countries []MovedArea `json:"countries,omitempty"`
}

// MovedBlock is a CIDR location or latency-table row and how much of its
// clients moved.
type MovedBlock struct {
	Name  string `json:"name"`
	Moved Amount `json:"moved"`
}

// Transition is a population that got From and now gets To.
type Transition struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Moved Amount `json:"moved"`
}

// ShareShift is an answer's share of all queries before and after.
type ShareShift struct {
	Answer string  `json:"answer"`
	Old    float64 `json:"old"`
	New    float64 `json:"new"`
}

// Diff compares old and new for pop: every name and type whose answer can
// differ is decided for every distinct decision region of the population,
// under every health state that matters for it.
func Diff(old, new *Side, pop *Population) (*Report, error) {
	rep := &Report{Old: old.Label, New: new.Label}
	var err error
	if rep.Records, err = recordChanges(old, new); err != nil {
		return nil, err
	}
	keys, err := unionKeys(old, new)
	if err != nil {
		return nil, err
	}
	part := newPartition(pop, []*Side{old, new})
	rep.Population = PopulationInfo{Source: pop.Source, ByAddresses: pop.ByAddresses, Units: len(pop.Units), Classes: len(part.classes)}
	for ci := range part.classes {
		rep.Population.Total.add(&part.classes[ci], 1)
	}
	d := differ{old: old, new: new, part: part, inputs: [2]inputPrints{printInputs(old), printInputs(new)}}
	for _, k := range keys {
		if ni := d.name(k); ni != nil {
			rep.Names = append(rep.Names, *ni)
		}
	}
	rep.Population.Evaluated, rep.Population.Decisions = d.evaluated, d.decisions
	if !pop.ByAddresses {
		moveWeights(rep)
	}
	return rep, nil
}

// differ carries one diff.
type differ struct {
	old, new             *Side
	part                 *partition
	inputs               [2]inputPrints
	evaluated, decisions int
	groups               map[string]*[2]*resources.TargetGroup // by name, old and new (downStates)
}

// name compares one name and type; nil when no client's answer moves.
func (d *differ) name(k Key) *NameImpact {
	zo, ro := d.old.rrset(k)
	zn, rn := d.new.rrset(k)
	if !d.mayDiffer(zo, ro, zn, rn) {
		return nil
	}
	d.evaluated++
	var n needs
	if ro != nil && ro.Policy != nil {
		d.old.followFor(zo, ro.Policy).addNeeds(&n, ro.Policy, 0)
	}
	if rn != nil && rn.Policy != nil {
		d.new.followFor(zn, rn.Policy).addNeeds(&n, rn.Policy, 0)
	}
	pr := d.part.projectFor(&n, ro, rn)
	ni := &NameImpact{Name: k.Name, Type: dns.TypeToString[k.Type], Old: policyName(ro), New: policyName(rn)}
	h := &Health{Down: map[string]bool{}, asked: map[string]bool{}}
	if st := d.state(zo, ro, zn, rn, pr, h, h, &n); st != nil {
		ni.States = append(ni.States, *st)
	}
	// Each health state that matters, alone: a check the decisions read
	// down, or a target group's targets (downStates). A check read only
	// when another is down (the secondary's, behind a healthy primary) is
	// found on the way and taken too.
	seen := map[string]bool{}
	queue := d.downStates(h.asked, seen)
	for i := 0; i < len(queue); i++ {
		ds := queue[i]
		asked := map[string]bool{}
		ho, hn := ds.health(asked)
		if st := d.state(zo, ro, zn, rn, pr, ho, hn, &n); st != nil {
			ds.label(st)
			ni.States = append(ni.States, *st)
		}
		queue = append(queue, d.downStates(asked, seen)...)
	}
	if len(ni.States) == 0 {
		return nil
	}
	return ni
}

// mayDiffer is false when both sides hold the same records and everything
// their decisions read is the same: nothing can move.
func (d *differ) mayDiffer(zo *zones.Zone, ro *zones.RRset, zn *zones.Zone, rn *zones.RRset) bool {
	switch {
	case ro == nil || rn == nil:
		return ro != rn
	case ro.Policy == nil && rn.Policy == nil:
		return canonical(ro.RRs) != canonical(rn.RRs)
	case ro.Policy == nil || rn.Policy == nil:
		return true
	}
	var bo, bn strings.Builder
	fo := d.old.followFor(zo, ro.Policy)
	fo.fingerprint(&bo, ro.Policy, 0)
	d.new.followFor(zn, rn.Policy).fingerprint(&bn, rn.Policy, 0)
	if bo.String() != bn.String() {
		return true
	}
	var n needs
	fo.addNeeds(&n, ro.Policy, 0)
	if n.latency && d.inputs[0].latency != d.inputs[1].latency {
		return true
	}
	for id := range n.cidr {
		if d.inputs[0].cidr[id] != d.inputs[1].cidr[id] {
			return true
		}
	}
	return false
}

// sortedIDs returns the ids of m not yet seen, sorted, and marks them seen.
func sortedIDs(m, seen map[string]bool) []string {
	var out []string
	for id := range m {
		if seen == nil || !seen[id] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	for _, id := range out {
		if seen != nil {
			seen[id] = true
		}
	}
	return out
}

func policyName(rr *zones.RRset) string {
	switch {
	case rr == nil:
		return "none"
	case rr.Policy == nil:
		return "static"
	}
	return rr.Policy.Kind.String()
}

// unionKeys lists the names and types of both sides, old order first.
func unionKeys(old, new *Side) ([]Key, error) {
	ko, err := old.Keys()
	if err != nil {
		return nil, err
	}
	kn, err := new.Keys()
	if err != nil {
		return nil, err
	}
	seen := make(map[Key]bool, len(ko))
	for _, k := range ko {
		seen[k] = true
	}
	for _, k := range kn {
		if !seen[k] {
			ko = append(ko, k)
		}
	}
	return ko, nil
}

// inputPrints are the latency table and CIDR collections of a side, as
// text to compare.
type inputPrints struct {
	latency string
	cidr    map[string]string
}

func printInputs(s *Side) inputPrints {
	gen := s.Generation()
	p := inputPrints{cidr: map[string]string{}}
	var b strings.Builder
	for _, n := range gen.Latency.Networks() {
		e, _, _ := gen.Latency.Lookup(n)
		fmt.Fprintf(&b, "%s%v;", n, e.Regions())
	}
	p.latency = b.String()
	for _, c := range gen.CIDRCollections {
		p.cidr[c.ID] = fmt.Sprint(c.Locations)
	}
	return p
}
