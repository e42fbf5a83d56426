package config

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/zones"
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

// latencyText parses a latency table from text, as LoadDir reads it.
func latencyText(file, src string) (*geo.LatencyTable, zones.Diagnostics) {
	root, syntax := zones.ParseDocument(file, []byte(src))
	if syntax != nil {
		return nil, zones.Diagnostics{*syntax}
	}
	return parseLatency(file, root)
}

// Parsing keeps each entry's network, the line it starts on, and its
// latencies; geo's tests cover how the table is looked up.
func TestParseLatency(t *testing.T) {
	table, diags := latencyText("latency.yaml", latencyYAML)
	require.Empty(t, diags)
	assert.Equal(t, 6, table.Len())
	for _, tc := range []struct {
		client, network string
		line            int
		regions         []geo.RegionLatency
	}{
		{"11.3.1.0/24", "11.3.0.0/16", 4, []geo.RegionLatency{{Region: "eu-west-1", Ms: 85.5}, {Region: "us-east-1", Ms: 12}}},
		{"11.3.7.1/32", "11.3.7.0/24", 8, []geo.RegionLatency{{Region: "eu-west-1", Ms: 3}}},
		{"::ffff:11.3.7.1/128", "11.3.7.0/24", 8, []geo.RegionLatency{{Region: "eu-west-1", Ms: 3}}},
		{"2a11:3:7::/56", "2a11:3:7::/48", 12, []geo.RegionLatency{{Region: "ap-northeast-1", Ms: 7}}},
		{"192.0.2.1/32", "0.0.0.0/0", 14, []geo.RegionLatency{{Region: "us-west-2", Ms: 200}}},
	} {
		e, _, ok := table.Lookup(netip.MustParsePrefix(tc.client))
		require.True(t, ok, tc.client)
		assert.Equal(t, tc.network, e.Network.String(), tc.client)
		assert.Equal(t, tc.line, e.Line, tc.client)
		assert.Equal(t, tc.regions, e.Regions(), tc.client)
	}
}

// JSON is read alike, strictly.
func TestParseLatencyJSON(t *testing.T) {
	table, diags := latencyText("latency.json", `[{"cidr": "11.3.0.0/16", "regions": {"us-east-1": 12}}]`)
	require.Empty(t, diags)
	e, _, ok := table.Lookup(netip.MustParsePrefix("11.3.1.0/24"))
	require.True(t, ok)
	assert.Equal(t, 1, e.Line)
}

func TestParseLatencyEmpty(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "~\n", "[]\n"} {
		table, diags := latencyText("latency.yaml", src)
		require.Empty(t, diags, "%q", src)
		require.NotNil(t, table, "%q", src)
		assert.Zero(t, table.Len())
		_, _, ok := table.Lookup(netip.MustParsePrefix("0.0.0.0/0"))
		assert.False(t, ok)
	}
}

func TestParseLatencyErrors(t *testing.T) {
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
		{"duplicate mapped network", "- cidr: 11.3.0.0/16\n  regions: {us-east-1: 1}\n- cidr: ::ffff:11.3.0.0/112\n  regions: {us-east-1: 2}\n",
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
			table, diags := latencyText("lat.yaml", tc.src)
			require.NotEmpty(t, diags)
			assert.Nil(t, table)
			lines := strings.Split(diags.Error(), "\n")
			require.Len(t, lines, len(tc.want), diags.Error())
			for i, want := range tc.want {
				assert.Contains(t, lines[i], want)
				assert.Equal(t, "lat.yaml", diags[i].File)
				assert.Positive(t, diags[i].Line)
				assert.Equal(t, "latency", diags[i].Rule)
				assert.False(t, diags[i].Warning)
			}
		})
	}
}

func TestParseLatencySyntaxError(t *testing.T) {
	table, diags := latencyText("lat.yaml", "- cidr: [11.3.0.0/16\n")
	assert.Nil(t, table)
	require.Len(t, diags, 1)
	assert.Equal(t, "lat.yaml", diags[0].File)
	assert.Equal(t, "syntax", diags[0].Rule)
	assert.Positive(t, diags[0].Line)
	assert.Contains(t, diags[0].Error(), "lat.yaml:1:")
}
