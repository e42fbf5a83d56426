package geo

import (
	"net/netip"
	"slices"
	"strings"
)

// LatencyTable is the optional measured-latency table of a zones directory
// (latency.yaml): client networks, and for each the round-trip time in
// milliseconds from that network to some AWS Regions. Latency routing uses it
// before falling back to EstimateLatencyMs (docs/routing.md#latency and
// docs/differences.md). A table is immutable once parsed and safe for concurrent use; the
// zero value and nil are empty tables.
type LatencyTable struct {
	index *PrefixIndex[LatencyEntry]
}

// LatencyEntry is one network of a LatencyTable and its measured latencies.
type LatencyEntry struct {
	// Network is the entry's client network. The ECS scope of an answer
	// that depended on the entry is Lookup's, which can be longer.
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
	return t.index.Len()
}

// Lookup finds the row for a client subnet (the ECS source prefix, or a
// full-length prefix of the resolver's address) by PrefixIndex.Lookup's
// rule: the longest network that contains client and is no longer than it
// (a /48 client matches a /32 row, a /32 client does not match a /48 row).
// scope is how far around the client that outcome holds, in IPv4 bits for
// IPv4 and IPv4-mapped clients: the row's length, narrowed past longer rows
// near the client, and meaningful when ok is false too. Lookup allocates
// nothing.
func (t *LatencyTable) Lookup(client netip.Prefix) (entry LatencyEntry, scope int, ok bool) {
	if t == nil {
		return LatencyEntry{}, 0, false
	}
	m, ok := t.index.Lookup(client)
	return m.Value, m.Scope, ok
}
