package cmd

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files of explain's output")

const testGeoDB = "../testdata/geoip/city.mmdb"

// TestExplainGolden runs explain on the demo zones and compares its output
// with testdata/explain/*.golden (go test ./cmd -run Explain -update). Only
// decisions without random draws have golden files; explain_draws_test.go
// checks the others by the rules they follow.
func TestExplainGolden(t *testing.T) {
	tests := []struct {
		golden string
		opts   ExplainOptions
	}{
		{"geo-texas", ExplainOptions{Name: "geo.demo.test", Client: "11.1.0.0/24"}},
		{"geo-frankfurt-ipv6", ExplainOptions{Name: "geo.demo.test", Client: "2a11:4::/48"}},
		{"geo-unknown-default", ExplainOptions{Name: "geo.demo.test", Client: "11.200.0.0/24"}},
		{"failover-primary-down", ExplainOptions{Name: "failover.demo.test", Client: "192.0.2.1", Unhealthy: []string{"demo-up"}}},
		{"latency-tokyo", ExplainOptions{Name: "latency.demo.test", Client: "11.6.0.0/24"}},
		{"geoproximity-london", ExplainOptions{Name: "near.demo.test", Client: "11.5.0.0/24"}},
		{"ipbased-vpn", ExplainOptions{Name: "ipb.demo.test", Client: "11.4.9.0/24"}},
		{"static", ExplainOptions{Name: "www.demo.test", Type: "AAAA", Client: "192.0.2.1"}},
		{"nxdomain", ExplainOptions{Name: "nothing.demo.test", Client: "192.0.2.1"}},
		{"json", ExplainOptions{Name: "geo.demo.test", Client: "11.4.0.0/24", JSON: true}},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			var out bytes.Buffer
			opts := tc.opts
			if opts.Type == "" {
				opts.Type = "A"
			}
			opts.GeoIPDB, opts.Out = testGeoDB, &out
			require.NoError(t, runExplain(opts))
			require.NotContains(t, out.String(), "draw:", "a golden file must not mirror random draws")
			path := filepath.Join("testdata", "explain", tc.golden+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, out.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./cmd -run Explain -update to create it")
			assert.Equal(t, string(want), out.String())
		})
	}
}

func TestExplainErrors(t *testing.T) {
	var out bytes.Buffer
	err := runExplain(ExplainOptions{Name: "www.demo.test", Type: "BOGUS", Client: "192.0.2.1", Out: &out})
	assert.ErrorContains(t, err, "unknown record type")
	err = runExplain(ExplainOptions{Name: "www.demo.test", Type: "A", Client: "not-an-ip", Out: &out})
	assert.ErrorContains(t, err, "--client")
	err = runExplain(ExplainOptions{Name: "www.demo.test", Type: "A", Client: "192.0.2.1", GeoIPDB: "/nonexistent.mmdb", Out: &out})
	assert.ErrorContains(t, err, "--geoip-db")
}
