// Package impact answers, offline, which clients get which answer: it
// splits the client address space into populations (the networks of a
// GeoIP database, cut further where CIDR blocks and latency-table rows
// change the decision, or a population file), runs the routing policies
// once per distinct decision region, and reports the shares each answer
// gets (simulate) and which populations a change of the zones moves to
// another answer (diff).
package impact

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/r53d/r53d/geo"
	"go4.org/netipx"
)

// Unit is one piece of the population that every routing decision treats
// alike: a GeoIP network, or the part of one that a CIDR block or latency
// row cuts out, or a line of a population file.
type Unit struct {
	// Network is the GeoIP network (or population-file subnet) the unit
	// belongs to; Addr is an address of the unit, the client a decision is
	// made for.
	Network netip.Prefix
	Addr    netip.Addr
	// Client is the subnet a decision is made for: Addr alone for a piece
	// of a network, the subnet of a population-file line.
	Client netip.Prefix
	// Place is the unit's GeoIP location (no Network); Located is false for
	// clients the database does not place.
	Place   geo.Location
	Located bool
	// Weight is the unit's share of the queries: its address count, or the
	// population file's weight.
	Weight float64
	// First marks a unit that counts as a network: every piece of a
	// GeoIP network cut by blocks or rows counts as one.
	First bool
}

func newUnit(network netip.Prefix, addr netip.Addr, w float64) Unit {
	return Unit{Network: network, Addr: addr, Client: netip.PrefixFrom(addr, addr.BitLen()), Weight: w}
}

// IPv6 reports whether the unit is an IPv6 population.
func (u *Unit) IPv6() bool { return !u.Addr.Is4() }

// Population is the clients whose answers are compared or shared out.
type Population struct {
	Units []Unit
	// Source says where it came from, for reports.
	Source string
	// ByAddresses is true when weights are address counts (IPv4 and IPv6
	// then count apart); false for a population file's weights.
	ByAddresses bool
}

// FromNetworks builds the population of every network of a GeoIP database
// weighted by its address count, each network cut where one of cuts (CIDR
// blocks, latency rows) lies inside it, so that every unit is decided alike
// by every collection and table. Parts of cuts outside every network join
// as unlocated units: a CIDR block is a population its owner declared.
func FromNetworks(nets []geo.Network, cuts []netip.Prefix, source string) *Population {
	cuts = normalize(cuts)
	p := &Population{Source: source, ByAddresses: true}
	slices.SortFunc(nets, func(a, b geo.Network) int { return a.Network.Addr().Compare(b.Network.Addr()) })
	prefixes := make([]netip.Prefix, len(nets))
	for i, n := range nets {
		prefixes[i] = n.Network
		p.addPieces(n.Network, n.Place(), n.Located, n.Network, within(cuts, n.Network))
	}
	p.addOutside(cuts, prefixes)
	return p
}

// Whole is the population of every address, unlocated, cut by cuts: what
// diff compares when there is no GeoIP database.
func Whole(cuts []netip.Prefix) *Population {
	p := &Population{Source: "every address (no GeoIP database)", ByAddresses: true}
	p.addOutside(normalize(append(cuts, netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0"))), nil)
	return p
}

// addPieces adds network (placed at place) as units: each cut inside it
// (minus the cuts inside that) and the rest of the network.
func (p *Population) addPieces(network netip.Prefix, place geo.Location, located bool, whole netip.Prefix, inside []netip.Prefix) {
	if len(inside) == 0 {
		u := newUnit(network, network.Addr(), geo.AddressCount(whole))
		u.Place, u.Located, u.First = place, located, true
		p.Units = append(p.Units, u)
		return
	}
	first := true // every piece counts
	add := func(s *netipx.IPSet) {
		ranges := s.Ranges()
		if len(ranges) == 0 {
			return
		}
		w := 0.0
		for _, q := range s.Prefixes() {
			w += geo.AddressCount(q)
		}
		u := newUnit(network, ranges[0].From(), w)
		u.Place, u.Located, u.First = place, located, first
		p.Units = append(p.Units, u)
	}
	pieces := append([]netip.Prefix{whole}, inside...)
	for _, piece := range pieces {
		var b netipx.IPSetBuilder
		b.AddPrefix(piece)
		for _, c := range inside {
			if c != piece && piece.Bits() < c.Bits() && piece.Overlaps(c) {
				b.RemovePrefix(c)
			}
		}
		s, _ := b.IPSet()
		add(s)
	}
}

// addOutside adds the parts of cuts outside the networks (sorted by
// address, disjoint) as unlocated units.
func (p *Population) addOutside(cuts, networks []netip.Prefix) {
	for _, c := range cuts {
		var b netipx.IPSetBuilder
		b.AddPrefix(c)
		i, _ := slices.BinarySearchFunc(networks, c.Addr(), func(n netip.Prefix, a netip.Addr) int { return n.Addr().Compare(a) })
		if (i > 0 && networks[i-1].Contains(c.Addr())) || (i < len(networks) && networks[i].Bits() <= c.Bits() && networks[i].Contains(c.Addr())) {
			continue // c lies inside a network: addPieces cut it out there
		}
		for ; i < len(networks) && c.Contains(networks[i].Addr()); i++ {
			b.RemovePrefix(networks[i])
		}
		for _, d := range within(cuts, c) {
			b.RemovePrefix(d)
		}
		s, _ := b.IPSet()
		ranges := s.Ranges()
		if len(ranges) == 0 {
			continue
		}
		w := 0.0
		for _, q := range s.Prefixes() {
			w += geo.AddressCount(q)
		}
		u := newUnit(c, ranges[0].From(), w)
		u.First = true
		p.Units = append(p.Units, u)
	}
}

// normalize masks, unmaps, sorts and deduplicates prefixes.
func normalize(ps []netip.Prefix) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(ps))
	for _, q := range ps {
		if !q.IsValid() {
			continue
		}
		if a := q.Addr(); a.Is4In6() && q.Bits() >= 96 {
			q = netip.PrefixFrom(a.Unmap(), q.Bits()-96)
		}
		out = append(out, q.Masked())
	}
	slices.SortFunc(out, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return cmp.Compare(a.Bits(), b.Bits())
	})
	return slices.Compact(out)
}

// within returns the cuts strictly inside network (sorted by address).
func within(cuts []netip.Prefix, network netip.Prefix) []netip.Prefix {
	i, _ := slices.BinarySearchFunc(cuts, network.Addr(), func(c netip.Prefix, a netip.Addr) int { return c.Addr().Compare(a) })
	var out []netip.Prefix
	for ; i < len(cuts) && network.Contains(cuts[i].Addr()); i++ {
		if cuts[i].Bits() > network.Bits() {
			out = append(out, cuts[i])
		}
	}
	return out
}
