package impact

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/healthcheck"
)

// Simulation is the share of queries each answer of one name and type gets
// from a population.
type Simulation struct {
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	Policy     string   `json:"policy"`
	Population string   `json:"population"`
	Weight     string   `json:"weight"` // what a unit of weight is
	Unhealthy  []string `json:"unhealthy"`
	// Total is the population's weight; Answers the shares of all of it.
	Total   float64 `json:"total"`
	Answers []Share `json:"answers"`
	// Values, for A and AAAA answers of several addresses (multivalue,
	// simple), is the share of queries whose answer holds each address.
	Values []Share `json:"values,omitempty"`
	// Continents break the shares down by continent, then country.
	Continents []Area `json:"continents"`
	// Points are the located classes with coordinates, for a map.
	Points []Point `json:"-"`
}

// Area is one continent or country: its weight and the shares of its
// queries per answer.
type Area struct {
	Code      string  `json:"code"`
	Weight    float64 `json:"weight"`
	Networks  int     `json:"networks"`
	Answers   []Share `json:"answers"`
	Countries []Area  `json:"countries,omitempty"`
}

// Point is a place of the population with the answer most of its queries
// get.
type Point struct {
	Lat, Lon float64
	Weight   float64
	Answer   string
}

// Family chooses which clients of an address-weighted population count: an
// IPv4 address and an IPv6 address are not the same share of users, so
// shares are taken in one family at a time.
type Family int

// Families.
const (
	IPv4 Family = 4
	IPv6 Family = 6
)

// Simulate shares out the queries of pop for k on side s, with the health
// checks (and targets) in down unhealthy and every other healthy. For an
// address-weighted population only clients of family count. Ids in down
// that no decision of k asks about are an error: a typo would otherwise
// change nothing silently.
func Simulate(s *Side, pop *Population, k Key, down []string, family Family) (*Simulation, error) {
	return simulate(s, pop, k, down, family, true)
}

// SimulateLive is Simulate with down the checks the prober finds
// unhealthy now: ids that k's decisions do not read are no error.
func SimulateLive(s *Side, pop *Population, k Key, down []string, family Family) (*Simulation, error) {
	return simulate(s, pop, k, down, family, false)
}

func simulate(s *Side, pop *Population, k Key, down []string, family Family, strict bool) (*Simulation, error) {
	z, rr := s.rrset(k)
	if rr == nil {
		return nil, fmt.Errorf("%s: no records in %s", k, s.Label)
	}
	sim := &Simulation{Name: k.Name, Type: dns.TypeToString[k.Type], Policy: "static", Population: pop.Source,
		Weight: "query weight", Unhealthy: slices.Clone(down)}
	if pop.ByAddresses {
		sim.Weight = fmt.Sprintf("IPv%d addresses", family)
	}
	part := newPartition(pop, []*Side{s})
	var n needs
	if rr.Policy != nil {
		sim.Policy = rr.Policy.Kind.String()
		s.followFor(z, rr.Policy).addNeeds(&n, rr.Policy, 0)
	}
	pr := part.projectFor(&n, rr)
	h := &Health{Down: map[string]bool{}, asked: map[string]bool{}}
	for _, id := range down {
		ids, err := s.targetIDs(id)
		if err != nil && strict {
			return nil, fmt.Errorf("--unhealthy %s: %w", id, err)
		}
		for _, id := range ids {
			h.Down[id] = true
		}
	}
	dists := make([]Dist, len(pr.reps))
	for g, ci := range pr.reps {
		dists[g] = s.answer(z, rr, &pop.Units[part.classes[ci].rep], h)
	}
	for _, id := range down {
		if strict && !reads(h.asked, id) {
			return nil, fmt.Errorf("--unhealthy %s: no decision of %s reads that health check or target", id, k)
		}
	}
	sim.aggregate(part, pr, dists, pop.ByAddresses, family)
	return sim, nil
}

// aggregate adds up the shares per answer, continent and country.
func (sim *Simulation) aggregate(part *partition, pr *projection, dists []Dist, byAddr bool, family Family) {
	total := map[string]float64{}
	type acc struct {
		weight   float64
		networks int
		answers  map[string]float64
	}
	conts, countries := map[string]*acc{}, map[[2]string]*acc{}
	get := func(m map[string]*acc, k string) *acc {
		if m[k] == nil {
			m[k] = &acc{answers: map[string]float64{}}
		}
		return m[k]
	}
	for ci := range part.classes {
		c := &part.classes[ci]
		w, nets := c.w4+c.w6, c.n4+c.n6
		if byAddr {
			w, nets = c.w4, c.n4
			if family == IPv6 {
				w, nets = c.w6, c.n6
			}
		}
		if w == 0 {
			continue
		}
		place := part.place(ci)
		cont, country := orUnknown(place.Continent), orUnknown(place.Country)
		ca := get(conts, cont)
		if countries[[2]string{cont, country}] == nil {
			countries[[2]string{cont, country}] = &acc{answers: map[string]float64{}}
		}
		na := countries[[2]string{cont, country}]
		ca.weight, na.weight = ca.weight+w, na.weight+w
		ca.networks, na.networks = ca.networks+nets, na.networks+nets
		best := Share{}
		for _, sh := range dists[pr.key[ci]] {
			total[sh.Answer] += w * sh.P
			ca.answers[sh.Answer] += w * sh.P
			na.answers[sh.Answer] += w * sh.P
			if sh.P > best.P {
				best = sh
			}
		}
		sim.Total += w
		if place.HasCoordinates {
			sim.Points = append(sim.Points, Point{Lat: place.Latitude, Lon: place.Longitude, Weight: w, Answer: best.Answer})
		}
	}
	sim.Answers = shares(total, sim.Total)
	if sim.Type == "A" || sim.Type == "AAAA" {
		sim.Values = valueShares(sim.Answers)
	}
	for code, a := range conts {
		area := Area{Code: code, Weight: a.weight, Networks: a.networks, Answers: shares(a.answers, a.weight)}
		for k, n := range countries {
			if k[0] == code {
				area.Countries = append(area.Countries, Area{Code: k[1], Weight: n.weight, Networks: n.networks, Answers: shares(n.answers, n.weight)})
			}
		}
		sortAreas(area.Countries)
		sim.Continents = append(sim.Continents, area)
	}
	sortAreas(sim.Continents)
}

// valueShares is the share of queries each address is in, when some answer
// has several; nil otherwise.
func valueShares(answers []Share) []Share {
	m, several := map[string]float64{}, false
	for _, a := range answers {
		vals := strings.Split(a.Answer, valueSep)
		several = several || len(vals) > 1
		for _, v := range vals {
			m[v] += a.P
		}
	}
	if !several {
		return nil
	}
	return shares(m, 1)
}

// shares turns weights per answer into shares of total, largest first.
func shares(m map[string]float64, total float64) []Share {
	out := make([]Share, 0, len(m))
	for a, w := range m {
		if total > 0 {
			out = append(out, Share{Answer: a, P: w / total})
		}
	}
	slices.SortFunc(out, func(x, y Share) int {
		if c := cmp.Compare(y.P, x.P); c != 0 {
			return c
		}
		return cmp.Compare(x.Answer, y.Answer)
	})
	return out
}

// sortAreas puts the heaviest first.
func sortAreas(as []Area) {
	slices.SortFunc(as, func(x, y Area) int {
		if c := cmp.Compare(y.Weight, x.Weight); c != 0 {
			return c
		}
		return cmp.Compare(x.Code, y.Code)
	})
}

// orUnknown names a missing continent or country.
func orUnknown(code string) string {
	if code == "" {
		return "unknown"
	}
	return code
}

// targetIDs expands a what-if id: target/<group>/* is every target of
// the group; a target's id must be declared in the resources file; any
// other id (a health check) stands for itself.
func (s *Side) targetIDs(id string) ([]string, error) {
	group, ok := targetGroupOf(id)
	if !ok {
		return []string{id}, nil
	}
	var ids []string
	for _, g := range s.Generation().Resources.TargetGroups() {
		if g.Name != group {
			continue
		}
		for _, t := range g.Targets {
			if id == healthcheck.TargetPrefix+group+"/*" || t.CheckID == id {
				ids = append(ids, t.CheckID)
			}
		}
	}
	if len(ids) == 0 {
		return []string{id}, fmt.Errorf("no target of the resources file has that id")
	}
	return ids, nil
}

// reads tells whether a decision asked about id: a check, or for a
// target (or target/<group>/*) any target of its group. A group's health
// is read target by target until a healthy one is found, so a target
// behind a healthy one is never asked, yet taking it down is a fair
// question.
func reads(asked map[string]bool, id string) bool {
	group, ok := targetGroupOf(id)
	if !ok {
		return asked[id]
	}
	for a := range asked {
		if g, ok := targetGroupOf(a); ok && g == group {
			return true
		}
	}
	return false
}
