package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/r53d/r53d/internal/testzones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExplainTrafficPolicyPath: explain follows a policy record through
// its rules, each rule's decision nested under the item that led to it.
func TestExplainTrafficPolicyPath(t *testing.T) {
	dir := t.TempDir()
	for name, text := range testzones.Fixture(t, "flow") {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	var out bytes.Buffer
	require.NoError(t, runExplain(ExplainOptions{Name: "www.flow.test", Type: "A", Client: "11.1.0.0/24", Zones: dir,
		GeoIPDB: testGeoDB, Unhealthy: []string{"hc-use1-a", "hc-use1-b"}, Out: &out}))
	text := out.String()
	for _, want := range []string{
		"www.flow.test. A, geolocation routing",
		"candidate by-latency [default (*) alias → rule by-latency]",
		"rule by-latency A, latency routing",
		"candidate use1-canary [region us-east-1 alias → rule use1-canary",
		"0 of 2 target records healthy",
		"rule euw1-fo A, failover routing",
		"failover: primary healthy",
		"198.51.100.21",
		"note: traffic policy instance i-web: traffic policy web version 1",
	} {
		assert.Contains(t, text, want)
	}
	// The path reads top-down: geo, then latency, then failover.
	geo, lat, fo := bytes.Index(out.Bytes(), []byte("geolocation routing")), bytes.Index(out.Bytes(), []byte("latency routing")), bytes.Index(out.Bytes(), []byte("failover routing"))
	assert.True(t, geo < lat && lat < fo, "%s", text)
}

// TestCheckTrafficPolicies: check counts policy versions and records, and
// names the file, the policy, the rule and the field of a broken one.
func TestCheckTrafficPolicies(t *testing.T) {
	dir := t.TempDir()
	for name, text := range testzones.Fixture(t, "flow") {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	var out bytes.Buffer
	require.NoError(t, runCheck(CheckOptions{Dir: dir, Out: &out}))
	assert.Contains(t, out.String(), ": 4 traffic policy versions, 4 policy records: OK")
	var demo bytes.Buffer
	require.NoError(t, runCheck(CheckOptions{Dir: "demo", Out: &demo}))
	assert.Contains(t, demo.String(), ": 1 traffic policy version, 1 policy record: OK", "singular for one")

	doc, err := os.ReadFile(filepath.Join(dir, "split.traffic-policy.json"))
	require.NoError(t, err)
	broken := bytes.Replace(doc, []byte(`\"Weight\": \"1\"`), []byte(`\"Weight\": \"300\"`), 1)
	require.NotEqual(t, doc, broken)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "split.traffic-policy.json"), broken, 0o644))
	out.Reset()
	require.Error(t, runCheck(CheckOptions{Dir: dir, Out: &out}))
	assert.Contains(t, out.String(), `split.traffic-policy.json:1:1: traffic policy split version 1: rule "split": Items[0].Weight: Weight "300" must be a whole number from 0 to 255`)
	assert.Contains(t, out.String(), "traffic policy instance i-split: traffic policy split version 1 does not exist ("+filepath.Join(dir, "split.traffic-policy.json")+" did not load)")
}
