package cmd

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/r53d/r53d/impact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demoCopy writes the built-in demo zones into dir, edit applied to each
// file's text.
func demoCopy(t *testing.T, dir string, edit func(name, text string) string) {
	t.Helper()
	demo, err := fs.Sub(demoFS, "demo")
	require.NoError(t, err)
	entries, err := fs.ReadDir(demo, ".")
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := fs.ReadFile(demo, e.Name())
		require.NoError(t, err)
		writeFile(t, dir, e.Name(), edit(e.Name(), string(data)))
	}
}

// The demo's ha.demo.test fails over from the us-east-1 ALB; pointing its
// A secondary at the NLB instead moves nobody while web-use1 has a healthy
// target, and everyone once every target of web-use1 is down: from the
// eu-west-1 ALB's nodes to the NLB's.
func TestDiffDemoSecondaryMovesToNLB(t *testing.T) {
	old, new := t.TempDir(), t.TempDir()
	demoCopy(t, old, func(_, text string) string { return text })
	euw1A := `    Type: A
    SetIdentifier: eu-west-1
    Failover: SECONDARY
    AliasTarget: {HostedZoneId: Z32O12XQLNTSW2, DNSName: dualstack.demo-euw1-1234567890.eu-west-1.elb.amazonaws.com., EvaluateTargetHealth: true}`
	nlbA := `    Type: A
    SetIdentifier: eu-west-1
    Failover: SECONDARY
    AliasTarget: {HostedZoneId: Z26RNL4JYFTOTI, DNSName: demo-nlb-0123456789abcdef.elb.us-east-1.amazonaws.com., EvaluateTargetHealth: true}`
	demoCopy(t, new, func(name, text string) string {
		if name == "demo.test.yaml" {
			require.Contains(t, text, euw1A)
			return strings.Replace(text, euw1A, nlbA, 1)
		}
		return text
	})
	var out bytes.Buffer
	err := runDiff(DiffOptions{Old: old, New: new, GeoIPDB: testGeoDB, Out: &out})
	require.Equal(t, 1, exitCode(err), "%v\n%s", err, out.String())
	md := out.String()
	assert.Contains(t, md, "### `ha.demo.test.` A (failover → failover)")
	assert.Contains(t, md, "**every target of target group `web-use1` down**: ")
	assert.Contains(t, md, "| `192.0.2.211, 192.0.2.212` | `192.0.2.221, 192.0.2.222` |")
	assert.NotContains(t, md, "**all checks healthy**", "the primary answers while web-use1 has a healthy target")

	out.Reset()
	require.Equal(t, 1, exitCode(runDiff(DiffOptions{Old: old, New: new, GeoIPDB: testGeoDB, JSON: true, Out: &out})))
	var rep impact.Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	require.Len(t, rep.Names, 1)
	st := rep.Names[0].States[0]
	assert.Equal(t, "web-use1", st.TargetGroup)
	assert.Equal(t, []string{"target/web-use1/127.0.0.1:18081", "target/web-use1/127.0.0.1:18082"}, st.DownIDs)
}

// simulate --unhealthy target/GROUP/* takes a whole target group down.
func TestSimulateTargetGroupDown(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, runSimulate(SimulateOptions{Name: "ha.demo.test", Type: "A", GeoIPDB: testGeoDB, Family: 4,
		Unhealthy: []string{"target/web-use1/*"}, JSON: true, Out: &out}))
	var sim impact.Simulation
	require.NoError(t, json.Unmarshal(out.Bytes(), &sim))
	assert.Equal(t, []impact.Share{{Answer: "192.0.2.211, 192.0.2.212", P: 1}}, sim.Answers)

	out.Reset()
	require.NoError(t, runSimulate(SimulateOptions{Name: "ha.demo.test", Type: "A", GeoIPDB: testGeoDB, Family: 4, JSON: true, Out: &out}))
	require.NoError(t, json.Unmarshal(out.Bytes(), &sim))
	assert.Equal(t, []impact.Share{{Answer: "192.0.2.201, 192.0.2.202", P: 1}}, sim.Answers, "all healthy: the us-east-1 ALB's nodes")
}
