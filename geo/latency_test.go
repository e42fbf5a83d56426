package geo

import (
	"math"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// latencyRows is a table as measured from a lab; Line is where each row
// would start in its file.
var latencyRows = []LatencyRow{
	row(2, "11.0.0.0/8", "us-east-1", 40, "eu-west-1", 90),
	row(4, "11.3.0.0/16", "us-east-1", 12, "eu-west-1", 85.5),
	row(8, "11.3.7.0/24", "eu-west-1", 3),
	row(10, "2a11:3::/32", "ap-northeast-1", 150),
	row(12, "2a11:3:7::/48", "ap-northeast-1", 7),
	row(14, "0.0.0.0/0", "us-west-2", 200),
}

// row builds a LatencyRow from a network and region, milliseconds pairs.
func row(line int, network string, pairs ...any) LatencyRow {
	r := LatencyRow{Network: netip.MustParsePrefix(network), Line: line}
	for i := 0; i+1 < len(pairs); i += 2 {
		ms, ok := pairs[i+1].(float64)
		if !ok {
			ms = float64(pairs[i+1].(int))
		}
		r.Regions = append(r.Regions, RegionLatency{Region: pairs[i].(string), Ms: ms})
	}
	return r
}

// mustTable builds a table that must be valid.
func mustTable(t testing.TB, rows ...LatencyRow) *LatencyTable {
	t.Helper()
	table, err := NewLatencyTable(rows)
	require.NoError(t, err)
	return table
}

func TestNewLatencyTable(t *testing.T) {
	table := mustTable(t, latencyRows...)
	assert.Equal(t, 6, table.Len())

	e, scope, ok := table.Lookup(netip.MustParsePrefix("11.3.1.0/24"))
	require.True(t, ok)
	assert.Equal(t, 22, scope, "11.3.0.0/22 holds no part of 11.3.7.0/24")
	assert.Equal(t, netip.MustParsePrefix("11.3.0.0/16"), e.Network)
	assert.Equal(t, 4, e.Line)
	ms, ok := e.Latency("eu-west-1")
	assert.True(t, ok)
	assert.InDelta(t, 85.5, ms, 1e-9)
	_, ok = e.Latency("ap-south-1")
	assert.False(t, ok)
	assert.Equal(t, []RegionLatency{{"eu-west-1", 85.5}, {"us-east-1", 12}}, e.Regions())
}

func TestLatencyLookup(t *testing.T) {
	table := mustTable(t, latencyRows...)
	for _, tc := range []struct {
		client string
		want   string // "" = no match
		scope  int
	}{
		{"11.3.7.0/24", "11.3.7.0/24", 24},         // exact
		{"11.3.7.9/32", "11.3.7.0/24", 24},         // longest of three containing networks
		{"11.3.7.128/25", "11.3.7.0/24", 24},       // inside, and longer
		{"11.3.6.0/23", "11.3.0.0/16", 23},         // contains the /24 but is shorter: the /24 does not match, but would for a longer client
		{"11.3.6.0/24", "11.3.0.0/16", 24},         // the /24 next door is excluded: 11.3.6.0/24 and 11.3.7.0/24 share 23 bits
		{"11.3.128.0/24", "11.3.0.0/16", 17},       // 11.3.128.0/17 holds no part of 11.3.7.0/24
		{"11.3.0.0/16", "11.3.0.0/16", 16},         // same length
		{"11.3.0.0/12", "11.0.0.0/8", 12},          // shorter than the /16, which it contains and does not match
		{"11.1.0.0/24", "11.0.0.0/8", 15},          // the /8 decides, but 11.0.0.0/14 would hold 11.3.0.0/16
		{"11.200.0.1/32", "11.0.0.0/8", 9},         // 11.128.0.0/9 holds no longer row
		{"11.0.0.0/7", "0.0.0.0/0", 7},             // shorter than the /8, which a longer client inside could match
		{"10.0.0.0/24", "0.0.0.0/0", 8},            // the /0 decides; 10.0.0.0/8 is the widest range without 11/8
		{"192.0.2.1/32", "0.0.0.0/0", 1},           // catch-all; 128.0.0.0/1 holds no longer row
		{"0.0.0.0/0", "0.0.0.0/0", 0},              // a /0 client matches only a /0 entry
		{"2a11:3:7::/56", "2a11:3:7::/48", 48},     // IPv6 longest
		{"2a11:3::/40", "2a11:3::/32", 40},         // shorter than the /48: 2a11:3::/40 still holds 2a11:3:7::/48
		{"2a11:3:8000::/48", "2a11:3::/32", 33},    // 2a11:3:8000::/33 holds no part of the /48
		{"2a11:3::/31", "", 31},                    // shorter than every IPv6 entry; no ::/0; the /32 is next door
		{"2a11:4::1/128", "", 30},                  // in no IPv6 entry; 2a11:4::/30 excludes 2a11:3::/32
		{"::ffff:11.3.7.1/128", "11.3.7.0/24", 24}, // IPv4-mapped: IPv4 bits
		{"::ffff:11.3.0.0/112", "11.3.0.0/16", 16},
		{"::ffff:11.1.0.0/120", "11.0.0.0/8", 15},
		{"11.3.7.1/16", "11.3.0.0/16", 16}, // host bits in the client are ignored
	} {
		e, scope, ok := table.Lookup(netip.MustParsePrefix(tc.client))
		assert.Equal(t, tc.scope, scope, "client %s", tc.client)
		if tc.want == "" {
			assert.False(t, ok, "client %s matched %s", tc.client, e.Network)
			continue
		}
		if assert.True(t, ok, "client %s", tc.client) {
			assert.Equal(t, tc.want, e.Network.String(), "client %s", tc.client)
		}
	}
	_, scope, ok := table.Lookup(netip.Prefix{})
	assert.False(t, ok, "invalid prefix")
	assert.Zero(t, scope)
}

func TestLatencyLookupEmptyTables(t *testing.T) {
	var nilTable *LatencyTable
	_, _, ok := nilTable.Lookup(netip.MustParsePrefix("11.3.0.0/16"))
	assert.False(t, ok)
	assert.Zero(t, nilTable.Len())
	for _, rows := range [][]LatencyRow{nil, {}} {
		table := mustTable(t, rows...)
		assert.Zero(t, table.Len())
		_, _, ok := table.Lookup(netip.MustParsePrefix("0.0.0.0/0"))
		assert.False(t, ok)
	}
}

func TestLatencyLookupDoesNotAllocate(t *testing.T) {
	table := mustTable(t, latencyRows...)
	client := netip.MustParsePrefix("11.3.7.9/32")
	allocs := testing.AllocsPerRun(100, func() {
		e, _, _ := table.Lookup(client)
		_, _ = e.Latency("eu-west-1")
	})
	assert.Zero(t, allocs)
}

func TestNewLatencyTableErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows []LatencyRow
		want string
	}{
		{"host bits", []LatencyRow{row(1, "11.3.1.0/16", "us-east-1", 1)},
			"latency row 1: 11.3.1.0/16 has host bits set; the network is 11.3.0.0/16"},
		{"no network", []LatencyRow{{Regions: []RegionLatency{{"us-east-1", 1}}}}, "latency row 1: no network"},
		{"no regions", []LatencyRow{row(1, "11.3.0.0/16")}, "latency row 1: no regions"},
		{"unknown region", []LatencyRow{row(1, "11.3.0.0/16", "us-east-1", 1, "us-middle-1", 2)},
			`latency row 1: unknown region "us-middle-1"`},
		{"duplicate region", []LatencyRow{row(1, "11.3.0.0/16", "us-east-1", 1, "us-east-1", 2)},
			"latency row 1: region us-east-1 listed twice"},
		{"negative ms", []LatencyRow{row(1, "11.3.0.0/16", "us-east-1", -4)},
			"latency row 1: us-east-1: milliseconds must be a finite number ≥ 0, got -4"},
		{"infinite", []LatencyRow{row(1, "11.3.0.0/16", "us-east-1", math.Inf(1))},
			"latency row 1: us-east-1: milliseconds must be a finite number ≥ 0, got +Inf"},
		{"NaN", []LatencyRow{row(1, "11.3.0.0/16", "us-east-1", math.NaN())},
			"latency row 1: us-east-1: milliseconds must be a finite number ≥ 0, got NaN"},
		{"duplicate network", []LatencyRow{row(1, "11.3.0.0/16", "us-east-1", 1), row(3, "11.4.0.0/16", "us-east-1", 1), row(5, "::ffff:11.3.0.0/112", "us-east-1", 2)},
			"latency row 3: 11.3.0.0/16 already listed in row 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			table, err := NewLatencyTable(tc.rows)
			require.Error(t, err)
			assert.Nil(t, table)
			assert.EqualError(t, err, tc.want)
		})
	}
}

// The table keeps its own copy of each row's regions, sorted, and stores
// IPv4-mapped networks as IPv4.
func TestNewLatencyTableOwnsRows(t *testing.T) {
	rows := []LatencyRow{row(7, "::ffff:11.3.0.0/112", "us-east-1", 12, "eu-west-1", 85.5)}
	table := mustTable(t, rows...)
	rows[0].Regions[0].Ms = 1000
	e, _, ok := table.Lookup(netip.MustParsePrefix("11.3.1.0/24"))
	require.True(t, ok)
	assert.Equal(t, netip.MustParsePrefix("11.3.0.0/16"), e.Network)
	assert.Equal(t, 7, e.Line)
	assert.Equal(t, []RegionLatency{{"eu-west-1", 85.5}, {"us-east-1", 12}}, e.Regions())
}

func BenchmarkLatencyLookup(b *testing.B) {
	table := mustTable(b, latencyRows...)
	clients := []netip.Prefix{netip.MustParsePrefix("11.3.7.0/24"), netip.MustParsePrefix("11.1.0.0/24"), netip.MustParsePrefix("2a11:3:1::/48")}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, _, _ = table.Lookup(clients[i%len(clients)])
	}
}
