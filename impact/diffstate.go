package impact

import (
	"cmp"
	"slices"

	"github.com/r53d/r53d/zones"
)

// state decides k on both sides for every group of pr under health ho
// (old) and hn (new) and adds up what moved; nil when nothing did.
func (d *differ) state(zo *zones.Zone, ro *zones.RRset, zn *zones.Zone, rn *zones.RRset, pr *projection, ho, hn *Health, n *needs) *StateImpact {
	olds, news := make([]Dist, len(pr.reps)), make([]Dist, len(pr.reps))
	frac := make([]float64, len(pr.reps))
	any, random := false, false
	for g, ci := range pr.reps {
		u := &d.part.pop.Units[d.part.classes[ci].rep]
		olds[g], news[g] = d.old.answer(zo, ro, u, ho), d.new.answer(zn, rn, u, hn)
		d.decisions += 2
		frac[g] = moved(olds[g], news[g])
		any = any || frac[g] > 1e-12
		random = random || len(olds[g]) > 1 || len(news[g]) > 1
	}
	if !any {
		return nil
	}
	st := &StateImpact{}
	conts, countries := map[string]*Amount{}, map[[2]string]*Amount{}
	cidr, rows := map[string]*Amount{}, map[string]*Amount{}
	trans := map[[2]string]*Amount{}
	oldShare, newShare := map[string]float64{}, map[string]float64{}
	total := 0.0
	aggs := d.aggregates(pr, n)
	for g, a := range aggs {
		total += a.w
		for _, s := range olds[g] {
			oldShare[s.Answer] += a.w * s.P
		}
		for _, s := range news[g] {
			newShare[s.Answer] += a.w * s.P
		}
		f := frac[g]
		if f <= 1e-12 {
			continue
		}
		st.Moved.scaled(&a.total, f)
		for k, am := range a.areas {
			addScaled(conts, k[0], am, f)
			addScaled(countries, k, am, f)
		}
		for k, am := range a.cidr {
			addScaled(cidr, k, am, f)
		}
		for k, am := range a.rows {
			addScaled(rows, k, am, f)
		}
		if len(olds[g]) == 1 && len(news[g]) == 1 {
			addScaled(trans, [2]string{olds[g][0].Answer, news[g][0].Answer}, &a.total, f)
		}
	}
	st.Continents = areas(conts, countries)
	st.CIDR, st.Latency = blocks(cidr), blocks(rows)
	for k, a := range trans {
		st.Transitions = append(st.Transitions, Transition{From: k[0], To: k[1], Moved: *a})
	}
	slices.SortFunc(st.Transitions, func(x, y Transition) int { return cmpAmount(x.Moved, y.Moved) })
	if random {
		st.Shares = shifts(oldShare, newShare, total)
	}
	return st
}

// cidrLabel names the class's CIDR location in a collection, from the side
// that holds the slot, "old → new" when the two sides disagree.
func (d *differ) cidrLabel(c *class, j int, sl slot) string {
	loc := orNone(c.cidr[j])
	for k, other := range d.part.slots {
		if other.id == sl.id && other.side != sl.side && c.cidr[k] != c.cidr[j] {
			if sl.side == 0 {
				return loc + " → " + orNone(c.cidr[k])
			}
			return orNone(c.cidr[k]) + " → " + loc
		}
	}
	return loc
}

func orNone(s string) string {
	if s == "" {
		return "(no block)"
	}
	return s
}

// rowLabel names the class's latency row, "old → new" when the tables
// disagree.
func rowLabel(c *class) string {
	name := func(i int) string {
		if !c.rows[i].IsValid() {
			return "(no row: GeoIP estimate)"
		}
		return c.rows[i].String()
	}
	if c.rows[0] != c.rows[1] {
		return name(0) + " → " + name(1)
	}
	return name(0)
}

func addTo[K comparable](m map[K]*Amount, k K, c *class, f float64) {
	if m[k] == nil {
		m[k] = &Amount{}
	}
	m[k].add(c, f)
}

func addScaled[K comparable](m map[K]*Amount, k K, a *Amount, f float64) {
	if m[k] == nil {
		m[k] = &Amount{}
	}
	m[k].scaled(a, f)
}

// groupAgg is one group of a projection added up: its whole amount, its
// weight for shares, and its amounts per continent and country, CIDR
// location and latency row. Built once per projection, it lets a state
// add up moved groups instead of moved classes.
type groupAgg struct {
	total      Amount
	w          float64
	areas      map[[2]string]*Amount
	cidr, rows map[string]*Amount
}

// aggregates returns the groups of pr added up, building them on first use.
func (d *differ) aggregates(pr *projection, n *needs) []groupAgg {
	if pr.aggs != nil {
		return pr.aggs
	}
	aggs := make([]groupAgg, len(pr.reps))
	for g := range aggs {
		aggs[g] = groupAgg{areas: map[[2]string]*Amount{}, cidr: map[string]*Amount{}, rows: map[string]*Amount{}}
	}
	for ci := range d.part.classes {
		c := &d.part.classes[ci]
		a := &aggs[pr.key[ci]]
		a.total.add(c, 1)
		a.w += c.w4
		if !d.part.pop.ByAddresses {
			a.w += c.w6 // a population file's weights, whatever the family
		}
		place := d.part.place(ci)
		addTo(a.areas, [2]string{orUnknown(place.Continent), orUnknown(place.Country)}, c, 1)
		for id := range n.cidr {
			if j, sl, ok := d.part.slotOf(id); ok {
				addTo(a.cidr, id+": "+d.cidrLabel(c, j, sl), c, 1)
			}
		}
		if n.latency {
			addTo(a.rows, rowLabel(c), c, 1)
		}
	}
	pr.aggs = aggs
	return aggs
}

func areas(conts map[string]*Amount, countries map[[2]string]*Amount) []MovedArea {
	var out []MovedArea
	for code, a := range conts {
		area := MovedArea{Code: code, Moved: *a}
		for k, n := range countries {
			if k[0] == code {
				area.Countries = append(area.Countries, MovedArea{Code: k[1], Moved: *n})
			}
		}
		slices.SortFunc(area.Countries, func(x, y MovedArea) int { return cmpAmount(x.Moved, y.Moved, x.Code, y.Code) })
		out = append(out, area)
	}
	slices.SortFunc(out, func(x, y MovedArea) int { return cmpAmount(x.Moved, y.Moved, x.Code, y.Code) })
	return out
}

func blocks(m map[string]*Amount) []MovedBlock {
	var out []MovedBlock
	for k, a := range m {
		out = append(out, MovedBlock{Name: k, Moved: *a})
	}
	slices.SortFunc(out, func(x, y MovedBlock) int { return cmpAmount(x.Moved, y.Moved, x.Name, y.Name) })
	return out
}

// cmpAmount orders the largest first, then by the names given.
func cmpAmount(a, b Amount, names ...string) int {
	if c := cmp.Compare(b.IPv4+b.Weight, a.IPv4+a.Weight); c != 0 {
		return c
	}
	if c := cmp.Compare(b.IPv6, a.IPv6); c != 0 {
		return c
	}
	if len(names) == 2 {
		return cmp.Compare(names[0], names[1])
	}
	return 0
}

func shifts(old, new map[string]float64, total float64) []ShareShift {
	if total == 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []ShareShift
	for _, m := range []map[string]float64{old, new} {
		for a := range m {
			if !seen[a] {
				seen[a] = true
				out = append(out, ShareShift{Answer: a, Old: old[a] / total, New: new[a] / total})
			}
		}
	}
	slices.SortFunc(out, func(x, y ShareShift) int { return cmp.Compare(x.Answer, y.Answer) })
	return out
}

// moveWeights turns address amounts into weights for a population file,
// whose units carry query weights, not addresses.
func moveWeights(r *Report) {
	fix := func(a *Amount) { a.Weight, a.IPv4, a.IPv6 = a.IPv4+a.IPv6, 0, 0 }
	fix(&r.Population.Total)
	for i := range r.Names {
		for j := range r.Names[i].States {
			st := &r.Names[i].States[j]
			fix(&st.Moved)
			for k := range st.Continents {
				fix(&st.Continents[k].Moved)
				for l := range st.Continents[k].Countries {
					fix(&st.Continents[k].Countries[l].Moved)
				}
			}
			for _, bs := range [][]MovedBlock{st.CIDR, st.Latency} {
				for k := range bs {
					fix(&bs[k].Moved)
				}
			}
			for k := range st.Transitions {
				fix(&st.Transitions[k].Moved)
			}
		}
	}
}
