package geo

import (
	"cmp"
	"errors"
	"fmt"
	"math"
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

// LatencyRow is one network of a table given to NewLatencyTable, with its
// measured latencies in any order.
type LatencyRow struct {
	Network netip.Prefix
	Line    int // where the row starts in its file, 0 when it has none
	Regions []RegionLatency
}

// NewLatencyTable builds a table from rows. A network must be written as
// its network address (no host bits set) and appear once; IPv4-mapped IPv6
// networks are stored as the IPv4 network they stand for. Each row needs a
// region, every region is one r53d knows (see RegionCoordinates) and
// listed once per row, and milliseconds pass CheckLatencyMs. The errors
// name the row (counting from 1) so a loader can place them in its file.
func NewLatencyTable(rows []LatencyRow) (*LatencyTable, error) {
	entries := make([]PrefixEntry[LatencyEntry], 0, len(rows))
	seen := make(map[netip.Prefix]int, len(rows))
	for i, row := range rows {
		e, err := newLatencyEntry(row)
		if err == nil {
			if prev, dup := seen[e.Network]; dup {
				err = fmt.Errorf("%s already listed in row %d", e.Network, prev)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("latency row %d: %w", i+1, err)
		}
		seen[e.Network] = i + 1
		entries = append(entries, PrefixEntry[LatencyEntry]{Network: e.Network, Value: e})
	}
	return &LatencyTable{index: NewPrefixIndex(entries)}, nil
}

func newLatencyEntry(row LatencyRow) (LatencyEntry, error) {
	network, err := LatencyNetwork(row.Network)
	if err != nil {
		return LatencyEntry{}, err
	}
	if len(row.Regions) == 0 {
		return LatencyEntry{}, errors.New("no regions")
	}
	regions := slices.Clone(row.Regions)
	slices.SortFunc(regions, func(a, b RegionLatency) int { return cmp.Compare(a.Region, b.Region) })
	for i, r := range regions {
		if _, _, known := RegionCoordinates(r.Region); !known {
			return LatencyEntry{}, fmt.Errorf("unknown region %q", r.Region)
		}
		if i > 0 && regions[i-1].Region == r.Region {
			return LatencyEntry{}, fmt.Errorf("region %s listed twice", r.Region)
		}
		if err := CheckLatencyMs(r.Ms); err != nil {
			return LatencyEntry{}, fmt.Errorf("%s: %w", r.Region, err)
		}
	}
	return LatencyEntry{Network: network, Line: row.Line, regions: regions}, nil
}

// LatencyNetwork checks a table's network and returns it as the table
// stores it: IPv4-mapped IPv6 networks become the IPv4 network they stand
// for.
func LatencyNetwork(p netip.Prefix) (netip.Prefix, error) {
	if !p.IsValid() {
		return netip.Prefix{}, errors.New("no network")
	}
	if p != p.Masked() {
		return netip.Prefix{}, fmt.Errorf("%s has host bits set; the network is %s", p, p.Masked())
	}
	return unmapPrefix(p), nil
}

// CheckLatencyMs checks a measured latency: finite and not negative.
func CheckLatencyMs(ms float64) error {
	if math.IsNaN(ms) || math.IsInf(ms, 0) || ms < 0 {
		return fmt.Errorf("milliseconds must be a finite number ≥ 0, got %g", ms)
	}
	return nil
}
