package geo

import (
	"net/netip"
	"slices"
	"strings"
)

// LatencyTable is the optional measured-latency table of a zones directory
// (latency.yaml): client networks, and for each the round-trip time in
// milliseconds from that network to some AWS Regions. Latency routing uses it
// before falling back to EstimateLatencyMs (docs/routing.md#latency,
// docs/differences.md#decisions). A table is immutable once parsed and safe for concurrent use; the
// zero value and nil are empty tables.
type LatencyTable struct {
	v4, v6 latencyFamily
}

// latencyFamily holds one address family's entries, keyed by their masked
// network, and the distinct prefix lengths in use, longest first, so a lookup
// probes at most one map entry per length and allocates nothing.
type latencyFamily struct {
	lengths []int
	entries map[netip.Prefix]LatencyEntry
}

// LatencyEntry is one network of a LatencyTable and its measured latencies.
type LatencyEntry struct {
	// Network is the entry's client network; its length is the ECS scope of
	// an answer that depended on it.
	Network netip.Prefix
	// Line is where the entry starts in the table's file, for explanations.
	Line int
	// regions is sorted by Region; shared with the table, never modified.
	regions []RegionLatency
}

// RegionLatency is the measured round-trip time from a client network to an
// AWS Region.
type RegionLatency struct {
	Region string
	Ms     float64
}

// Latency returns the measured latency in milliseconds from the entry's
// network to region; ok is false when the entry has no figure for region.
func (e LatencyEntry) Latency(region string) (ms float64, ok bool) {
	i, found := slices.BinarySearchFunc(e.regions, region, func(r RegionLatency, region string) int {
		return strings.Compare(r.Region, region)
	})
	if !found {
		return 0, false
	}
	return e.regions[i].Ms, true
}

// Regions returns the entry's latencies sorted by region code, in a new slice
// the caller may keep.
func (e LatencyEntry) Regions() []RegionLatency {
	return slices.Clone(e.regions)
}

// Len returns the number of networks in the table.
func (t *LatencyTable) Len() int {
	if t == nil {
		return 0
	}
	return len(t.v4.entries) + len(t.v6.entries)
}

// Lookup finds the entry for a client subnet (the ECS source prefix, or a
// full-length prefix of the resolver's address): among the entries whose
// network contains client and is no longer than client (the CIDR-block rule
// of docs/routing.md#ip-based: a /48 client matches a /32 entry, a /32 client does not
// match a /48 entry), the one with the longest network. IPv4-mapped IPv6
// clients are looked up as IPv4. ok is false when no entry matches.
func (t *LatencyTable) Lookup(client netip.Prefix) (entry LatencyEntry, ok bool) {
	if t == nil || !client.IsValid() {
		return LatencyEntry{}, false
	}
	client = unmapPrefix(client)
	fam := &t.v6
	if client.Addr().Is4() {
		fam = &t.v4
	}
	for _, bits := range fam.lengths {
		if bits > client.Bits() {
			continue
		}
		network, err := client.Addr().Prefix(bits)
		if err != nil {
			return LatencyEntry{}, false
		}
		if entry, ok := fam.entries[network]; ok {
			return entry, true
		}
	}
	return LatencyEntry{}, false
}

// unmapPrefix turns an IPv4-mapped IPv6 prefix at least /96 long
// (::ffff:11.3.0.0/112) into the IPv4 prefix it stands for (11.3.0.0/16),
// and masks the result; other prefixes are only masked.
func unmapPrefix(p netip.Prefix) netip.Prefix {
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked()
}

// add stores e; the caller has checked that its network is new.
func (f *latencyFamily) add(e LatencyEntry) {
	if f.entries == nil {
		f.entries = make(map[netip.Prefix]LatencyEntry)
	}
	f.entries[e.Network] = e
	bits := e.Network.Bits()
	if !slices.Contains(f.lengths, bits) {
		f.lengths = append(f.lengths, bits)
		slices.SortFunc(f.lengths, func(a, b int) int { return b - a })
	}
}
