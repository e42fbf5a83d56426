package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/r53d/r53d/explain"
	"github.com/r53d/r53d/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The explanations of random choices are not compared with golden files:
// those would mirror one generator's exact draws and break on any harmless
// change to it. These tests instead check, over many seeds, that each
// explanation is consistent with the rule it names: the chosen record is
// the one the recorded draw selects, the answer is the chosen record's, and
// the choices spread as the policy says.

// drawSeeds is how many seeds each test explains.
const drawSeeds = 100

// explainDecisions runs explain with --json and decodes its output.
func explainDecisions(t *testing.T, opts ExplainOptions) explain.Doc {
	t.Helper()
	var out bytes.Buffer
	opts.Type, opts.GeoIPDB, opts.JSON, opts.Out = "A", testGeoDB, true, &out
	require.NoError(t, runExplain(opts))
	var got explain.Doc
	require.NoError(t, json.Unmarshal(out.Bytes(), &got))
	return got
}

// verdicts maps each candidate's set identifier to its verdict.
func verdicts(tr *policy.Trace) map[string]string {
	v := map[string]string{}
	for _, c := range tr.Candidates {
		v[c.SetIdentifier] = c.Verdict
	}
	return v
}

// addresses are the "a" data fields of A records.
func addresses(rrs []explain.Record) []string {
	out := make([]string, len(rrs))
	for i, rr := range rrs {
		out[i], _ = rr.Data["a"].(string)
	}
	return out
}

// rdata is the last field of each record's text form.
func rdata(rrs []string) []string {
	out := make([]string, len(rrs))
	for i, rr := range rrs {
		f := strings.Fields(rr)
		out[i] = f[len(f)-1]
	}
	return out
}

// checkWeightedDemo checks the decision of weighted.demo.test. (blue 70,
// green 30, standby 0, none with a health check) and returns the chosen
// set identifier: the draw r in [0, 100) selects blue for r < 70 and green
// otherwise, the weight-0 record never takes part, and the answer is the
// chosen record's value.
func checkWeightedDemo(t *testing.T, tr *policy.Trace) string {
	t.Helper()
	require.Equal(t, "weighted", tr.Policy)
	require.Len(t, tr.Draws, 1, "one weighted draw")
	d := tr.Draws[0]
	require.Equal(t, 100, d.Range, "the draw covers the sum of the healthy non-zero weights")
	require.True(t, d.Value >= 0 && d.Value < d.Range, "draw %d outside [0, %d)", d.Value, d.Range)
	assert.Contains(t, tr.Rule, fmt.Sprintf("drew %d from [0, 100)", d.Value))
	want, other := "blue", "green"
	if d.Value >= 70 {
		want, other = "green", "blue"
	}
	v := verdicts(tr)
	assert.Equal(t, map[string]string{want: "chosen", other: "kept", "standby": "dropped"}, v, "draw %d", d.Value)
	values := map[string]string{"blue": "192.0.2.101", "green": "192.0.2.102"}
	assert.Equal(t, []string{values[want]}, rdata(tr.Answer))
	assert.True(t, tr.Healthy)
	return want
}

func TestExplainWeightedDraws(t *testing.T) {
	chosen := map[string]int{}
	for seed := range uint64(drawSeeds) {
		ex := explainDecisions(t, ExplainOptions{Name: "weighted.demo.test", Client: "192.0.2.1", Seed: seed})
		require.Len(t, ex.Decisions, 1)
		id := checkWeightedDemo(t, ex.Decisions[0])
		assert.Equal(t, rdata(ex.Decisions[0].Answer), addresses(ex.Answer), "the answer section is the decision's answer")
		chosen[id]++
	}
	// 70:30 over 100 draws: blue about 70 times (standard deviation 4.6).
	assert.InDelta(t, 70, chosen["blue"], 20, "blue chosen %d of %d times", chosen["blue"], drawSeeds)
	assert.Equal(t, drawSeeds, chosen["blue"]+chosen["green"])
}

func TestExplainMultivalueDraws(t *testing.T) {
	left := map[string]int{}
	for seed := range uint64(drawSeeds) {
		ex := explainDecisions(t, ExplainOptions{Name: "pool.demo.test", Client: "192.0.2.1", Seed: seed, Unhealthy: []string{"demo-down"}})
		require.Len(t, ex.Decisions, 1)
		tr := ex.Decisions[0]
		require.Equal(t, "multivalue", tr.Policy)
		assert.Contains(t, tr.Rule, "8 of 9 candidate records")
		for _, d := range tr.Draws {
			assert.True(t, d.Value >= 0 && d.Value < d.Range, "draw %d outside [0, %d)", d.Value, d.Range)
		}
		var want []string
		var out []string
		for i, c := range tr.Candidates {
			id := fmt.Sprintf("node-%d", i+1)
			require.Equal(t, id, c.SetIdentifier)
			switch {
			case id == "node-10":
				assert.Equal(t, "dropped", c.Verdict, "the unhealthy record")
			case c.Verdict == "chosen":
				want = append(want, fmt.Sprintf("192.0.2.%d", 151+i))
			default:
				assert.Equal(t, "kept", c.Verdict, id)
				out = append(out, id)
			}
		}
		require.Len(t, out, 1, "8 of the 9 healthy records are chosen, one is left out")
		left[out[0]]++
		got := addresses(ex.Answer)
		slices.Sort(got)
		slices.Sort(want)
		assert.Equal(t, want, got, "the answer holds exactly the chosen records' values")
		assert.True(t, tr.Healthy)
	}
	// Every healthy record is sometimes the one left out (uniform choice:
	// about 11 times each).
	for i := 1; i <= 9; i++ {
		id := fmt.Sprintf("node-%d", i)
		assert.Positive(t, left[id], "%s was never left out in %d queries", id, drawSeeds)
	}
	assert.Zero(t, left["node-10"])
}

func TestExplainAliasDraws(t *testing.T) {
	for seed := range uint64(20) {
		ex := explainDecisions(t, ExplainOptions{Name: "shop.demo.test", Client: "192.0.2.1", Seed: seed})
		require.Len(t, ex.Decisions, 1)
		tr := ex.Decisions[0]
		require.Equal(t, "simple", tr.Policy)
		require.Len(t, tr.Candidates, 1)
		c := tr.Candidates[0]
		assert.Equal(t, "chosen", c.Verdict)
		assert.Contains(t, c.Health, "evaluating target health", "EvaluateTargetHealth is on")
		require.NotNil(t, c.Target, "the alias carries its target's decision")
		checkWeightedDemo(t, c.Target)
		assert.Equal(t, rdata(c.Target.Answer), addresses(ex.Answer), "the alias answers with its target's choice")
		for _, rr := range ex.Answer {
			assert.Equal(t, "shop.demo.test.", rr.Name, "under the alias's own name")
		}
	}
}

// TestExplainSeedRepeats: the same seed gives the same explanation, and
// the text form tells the story the JSON form does.
func TestExplainSeedRepeats(t *testing.T) {
	text := func(seed uint64) string {
		var out bytes.Buffer
		require.NoError(t, runExplain(ExplainOptions{Name: "weighted.demo.test", Type: "A", Client: "192.0.2.1", GeoIPDB: testGeoDB, Seed: seed, Out: &out}))
		return out.String()
	}
	for seed := range uint64(10) {
		first := text(seed)
		assert.Equal(t, first, text(seed), "seed %d", seed)
		tr := explainDecisions(t, ExplainOptions{Name: "weighted.demo.test", Client: "192.0.2.1", Seed: seed}).Decisions[0]
		id := checkWeightedDemo(t, tr)
		assert.Contains(t, first, fmt.Sprintf("\n  draw: %d from [0, 100) weighted draw\n", tr.Draws[0].Value))
		assert.Contains(t, first, fmt.Sprintf("\n  candidate %s [weight ", id))
		assert.Regexp(t, "candidate "+id+` \[weight \d+\] healthy \(no health check\) → chosen\n`, first)
	}
}
