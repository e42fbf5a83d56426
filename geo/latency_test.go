package geo

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const latencyYAML = `# measured from the lab
- cidr: 11.0.0.0/8
  regions: {us-east-1: 40, eu-west-1: 90}
- cidr: 11.3.0.0/16
  regions:
    us-east-1: 12
    eu-west-1: 85.5
- cidr: 11.3.7.0/24
  regions: {eu-west-1: 3}
- cidr: 2a11:3::/32
  regions: {ap-northeast-1: 150}
- cidr: 2a11:3:7::/48
  regions: {ap-northeast-1: 7}
- cidr: 0.0.0.0/0
  regions: {us-west-2: 200}
`

func TestParseLatencyTable(t *testing.T) {
	table, err := ParseLatencyTable("latency.yaml", []byte(latencyYAML))
	require.NoError(t, err)
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
	table, err := ParseLatencyTable("latency.yaml", []byte(latencyYAML))
	require.NoError(t, err)
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
	for _, src := range []string{"", "# nothing yet\n", "~\n", "[]\n"} {
		table, err := ParseLatencyTable("latency.yaml", []byte(src))
		require.NoError(t, err, "%q", src)
		assert.Zero(t, table.Len())
		_, _, ok := table.Lookup(netip.MustParsePrefix("0.0.0.0/0"))
		assert.False(t, ok)
	}
}

func TestLatencyLookupDoesNotAllocate(t *testing.T) {
	table, err := ParseLatencyTable("latency.yaml", []byte(latencyYAML))
	require.NoError(t, err)
	client := netip.MustParsePrefix("11.3.7.9/32")
	allocs := testing.AllocsPerRun(100, func() {
		e, _, _ := table.Lookup(client)
		_, _ = e.Latency("eu-west-1")
	})
	assert.Zero(t, allocs)
}

func TestParseLatencyTableErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // each a full "file:line:col: field: message" prefix or substring
	}{
		{"bad CIDR", "- cidr: 11.3.0.0/33\n  regions: {us-east-1: 1}\n",
			[]string{`lat.yaml:1:9: cidr: bad CIDR`}},
		{"host bits", "- cidr: 11.3.1.0/16\n  regions: {us-east-1: 1}\n",
			[]string{`lat.yaml:1:9: cidr: 11.3.1.0/16 has host bits set; the network is 11.3.0.0/16`}},
		{"unknown region", "- cidr: 11.3.0.0/16\n  regions:\n    us-east-1: 1\n    us-middle-1: 2\n",
			[]string{`lat.yaml:4:5: regions.us-middle-1: unknown region "us-middle-1"`}},
		{"negative ms", "- cidr: 11.3.0.0/16\n  regions: {us-east-1: -4}\n",
			[]string{`lat.yaml:2:24: regions.us-east-1: milliseconds must be a finite number ≥ 0, got -4`}},
		{"not a number", "- cidr: 11.3.0.0/16\n  regions: {us-east-1: 12ms}\n",
			[]string{`lat.yaml:2:24: regions.us-east-1: want milliseconds as a number, got "12ms"`}},
		{"infinite", "- cidr: 11.3.0.0/16\n  regions: {us-east-1: .inf}\n",
			[]string{`lat.yaml:2:24: regions.us-east-1: milliseconds must be a finite number`}},
		{"missing fields", "- cidr: 11.3.0.0/16\n- regions: {us-east-1: 1}\n",
			[]string{`lat.yaml:1:3: regions: missing`, `lat.yaml:2:3: cidr: missing`}},
		{"unknown field", "- cidr: 11.3.0.0/16\n  region: {us-east-1: 1}\n  regions: {us-east-1: 1}\n",
			[]string{`lat.yaml:2:3: region: unknown field`}},
		{"empty regions", "- cidr: 11.3.0.0/16\n  regions: {}\n",
			[]string{`lat.yaml:2:12: regions: want a map of region: milliseconds, got an empty map`}},
		{"duplicate network", "- cidr: 11.3.0.0/16\n  regions: {us-east-1: 1}\n- cidr: 11.3.0.0/16\n  regions: {us-east-1: 2}\n",
			[]string{`lat.yaml:3:3: cidr: 11.3.0.0/16 already listed at line 1`}},
		{"duplicate region", "- cidr: 11.3.0.0/16\n  regions: {us-east-1: 1, us-east-1: 2}\n",
			[]string{`lat.yaml:2:27: regions.us-east-1: listed twice`}},
		{"not a list", "cidr: 11.3.0.0/16\n",
			[]string{`lat.yaml:1:1: want a list of entries`}},
		{"entry not a map", "- 11.3.0.0/16\n",
			[]string{`lat.yaml:1:3: want an entry with cidr and regions, got "11.3.0.0/16"`}},
		{"every error, not the first", "- cidr: nope\n  regions: {us-east-1: 1}\n- cidr: 11.4.0.0/16\n  regions: {mars-1: 1}\n",
			[]string{`lat.yaml:1:9: cidr: bad CIDR`, `lat.yaml:4:13: regions.mars-1: unknown region`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			table, err := ParseLatencyTable("lat.yaml", []byte(tc.src))
			require.Error(t, err)
			assert.Nil(t, table)
			lines := strings.Split(err.Error(), "\n")
			require.Len(t, lines, len(tc.want), err.Error())
			for i, want := range tc.want {
				assert.Contains(t, lines[i], want)
			}
			var pe *ParseError
			require.True(t, errors.As(err, &pe))
			assert.Equal(t, "lat.yaml", pe.File)
			assert.Positive(t, pe.Line)
		})
	}
}

func TestParseLatencyTableSyntaxError(t *testing.T) {
	_, err := ParseLatencyTable("lat.yaml", []byte("- cidr: [11.3.0.0/16\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "lat.yaml: ")
	assert.Contains(t, err.Error(), "line ")
}

func BenchmarkLatencyLookup(b *testing.B) {
	table, err := ParseLatencyTable("latency.yaml", []byte(latencyYAML))
	require.NoError(b, err)
	clients := []netip.Prefix{netip.MustParsePrefix("11.3.7.0/24"), netip.MustParsePrefix("11.1.0.0/24"), netip.MustParsePrefix("2a11:3:1::/48")}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, _, _ = table.Lookup(clients[i%len(clients)])
	}
}
