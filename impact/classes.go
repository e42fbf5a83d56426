package impact

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/zones"
)

// class is every unit of the population that no input of any side tells
// apart: the same place, the same latency row and the same CIDR location in
// every collection, on every side. Decisions run once per class at most,
// and usually once per group of classes a policy cannot tell apart
// (projection).
type class struct {
	rep    int // a unit of the class
	w4, w6 float64
	n4, n6 int // GeoIP networks (or population lines) counted here, per family
	// rows are the latency rows matched on each side (invalid: none),
	// cidr the location matched per collection slot ("" none).
	rows []netip.Prefix
	cidr []string
}

// slot is one CIDR collection of one side.
type slot struct {
	side int
	id   string
}

// partition is the population cut into classes for a set of sides.
type partition struct {
	pop     *Population
	sides   []*Side
	classes []class
	unitOf  []int32 // the class of each unit of pop
	slots   []slot
	proj    map[string]*projection
	// ms and regionIndex serve latency projections (latency.go).
	ms          [][][]float64
	regionIndex map[string]int
}

// newPartition groups the units of pop into classes for sides.
func newPartition(pop *Population, sides []*Side) *partition {
	p := &partition{pop: pop, sides: sides, proj: map[string]*projection{}, unitOf: make([]int32, len(pop.Units))}
	for i, s := range sides {
		for _, c := range s.Generation().CIDRCollections {
			p.slots = append(p.slots, slot{side: i, id: c.ID})
		}
	}
	byKey := map[string]int{}
	var b strings.Builder
	rows := make([]netip.Prefix, len(sides))
	cidr := make([]string, len(p.slots))
	for i := range pop.Units {
		u := &pop.Units[i]
		b.Reset()
		writePlace(&b, u, true)
		for j, s := range sides {
			rows[j] = netip.Prefix{}
			if e, _, ok := s.Generation().Latency.Lookup(u.Client); ok {
				rows[j] = e.Network
			}
			b.WriteString("|" + rows[j].String())
		}
		for j, sl := range p.slots {
			cidr[j] = matchCIDR(sides[sl.side].Generation(), sl.id, u.Client)
			b.WriteString("|" + cidr[j])
		}
		k := b.String()
		ci, ok := byKey[k]
		if !ok {
			ci = len(p.classes)
			byKey[k] = ci
			p.classes = append(p.classes, class{rep: i, rows: slices.Clone(rows), cidr: slices.Clone(cidr)})
		}
		p.unitOf[i] = int32(ci)
		c := &p.classes[ci]
		if u.IPv6() {
			c.w6 += u.Weight
		} else {
			c.w4 += u.Weight
		}
		if u.First && u.IPv6() {
			c.n6++
		} else if u.First {
			c.n4++
		}
	}
	return p
}

func matchCIDR(gen *zones.Generation, id string, client netip.Prefix) string {
	if gen.CIDR == nil {
		return ""
	}
	return gen.CIDR.Match(id, client).Location
}

// writePlace writes the unit's place: continent, country and subdivision,
// and its coordinates when fine.
func writePlace(b *strings.Builder, u *Unit, fine bool) {
	l := &u.Place
	b.WriteString(strconv.FormatBool(u.Located) + "|" + l.Continent + "|" + l.Country + "|" + l.Subdivision)
	if fine && l.HasCoordinates {
		b.WriteString("|" + strconv.FormatFloat(l.Latitude, 'g', -1, 64) + "," + strconv.FormatFloat(l.Longitude, 'g', -1, 64))
	}
}

// needs is what of a client a group's decision reads.
type needs struct {
	place   bool // continent, country, subdivision
	coords  bool // coordinates
	latency bool // the latency row
	cidr    map[string]bool
}

func (n *needs) key() string {
	ids := make([]string, 0, len(n.cidr))
	for id := range n.cidr {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return strconv.FormatBool(n.place) + strconv.FormatBool(n.coords) + strconv.FormatBool(n.latency) + strings.Join(ids, ",")
}

// projection groups the classes a policy cannot tell apart: key[c] is the
// group of class c, reps[g] a class of group g.
type projection struct {
	key  []int32
	reps []int
	aggs []groupAgg // diff's sums per group, built on first use
}

// grouper builds a projection: classes with the same key share a group,
// numbered in the order the classes bring their keys.
type grouper struct {
	pr     *projection
	groups map[string]int32
}

func newGrouper(classes int) grouper {
	return grouper{pr: &projection{key: make([]int32, classes)}, groups: map[string]int32{}}
}

func (g grouper) add(class int, key string) {
	id, ok := g.groups[key]
	if !ok {
		id = int32(len(g.pr.reps))
		g.groups[key] = id
		g.pr.reps = append(g.pr.reps, class)
	}
	g.pr.key[class] = id
}

// project returns (once per kind of needs) the classes grouped by what n
// reads.
func (p *partition) project(n *needs) *projection {
	nk := n.key()
	if pr, ok := p.proj[nk]; ok {
		return pr
	}
	g := newGrouper(len(p.classes))
	var b strings.Builder
	for ci := range p.classes {
		c := &p.classes[ci]
		b.Reset()
		if n.place || n.coords {
			writePlace(&b, &p.pop.Units[c.rep], n.coords)
		}
		if n.latency {
			for _, r := range c.rows {
				b.WriteString("|" + r.String())
			}
		}
		for j, sl := range p.slots {
			if n.cidr[sl.id] {
				b.WriteString("|" + c.cidr[j])
			}
		}
		g.add(ci, b.String())
	}
	p.proj[nk] = g.pr
	return g.pr
}

// slotOf finds the slot of collection id, the newest side's when both
// sides have it.
func (p *partition) slotOf(id string) (int, slot, bool) {
	for j := len(p.slots) - 1; j >= 0; j-- {
		if p.slots[j].id == id {
			return j, p.slots[j], true
		}
	}
	return 0, slot{}, false
}

// place is the unit's Location without network, for reports.
func (p *partition) place(ci int) geo.Location { return p.pop.Units[p.classes[ci].rep].Place }
