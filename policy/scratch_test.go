package policy

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scratchCases are groups whose selection takes room of its own: latency
// measurements, several records' values, a shuffled copy, and a latency
// group whose regions alias multivalue groups (room taken while the
// caller's is in use).
func scratchCases(t testing.TB) map[string]*Set {
	nested := latencySet(t, "us-east-1", "eu-west-1")
	for i := range nested.Records {
		nested.Records[i].RRs = nil
		nested.Records[i].Alias = &Alias{Target: fmt.Sprintf("pool%d.example.test.", i)}
	}
	simple := &Set{Name: "s.example.test.", Type: dns.TypeA, Kind: Simple,
		Records: []Record{{RRs: a(t, "s.example.test.", "192.0.2.1", "192.0.2.2", "192.0.2.3")}}}
	return map[string]*Set{
		"latency":    latencySet(t, "us-east-1", "eu-west-1", "ap-northeast-1"),
		"multivalue": multiSet(t, 12, true),
		"mv-one":     multiSet(t, 1, true),
		"simple":     simple,
		"nested":     nested,
	}
}

// scratchEnv answers the aliases of cases with multivalue groups.
func scratchEnv(t testing.TB, cases map[string]*Set) *Env {
	ts := targets{}
	for _, set := range cases {
		for _, rec := range set.Records {
			if rec.Alias != nil {
				p := multiSet(t, 10, true)
				p.Name = rec.Alias.Target
				ts[p.Name] = p
			}
		}
	}
	m := &meter{ms: map[string]float64{"us-east-1": 80, "eu-west-1": 12}, network: netip.MustParsePrefix("198.51.100.0/24"), ok: true}
	return &Env{Health: down("hc-3"), Rand: seeded(), Latency: m, Targets: ts}
}

// A Scratch changes where a selection's room comes from, never what it
// chooses: the same draws give the same answers, query after query.
func TestScratchSameChoices(t *testing.T) {
	cases := scratchCases(t)
	with, without := scratchEnv(t, cases), scratchEnv(t, cases)
	with.Scratch = &Scratch{}
	c := client("198.51.100.0/24")
	for round := range 20 {
		for name, set := range cases {
			got, want := Select(set, c, with), Select(set, c, without)
			require.NotEmpty(t, want.RRs, name)
			assert.Equal(t, values(want), values(got), "%s, round %d", name, round)
			assert.Equal(t, want.Scope, got.Scope, name)
		}
	}
}

// With a warm Scratch, selections that need room allocate nothing.
func TestScratchAllocatesNothing(t *testing.T) {
	cases := scratchCases(t)
	env := scratchEnv(t, cases)
	env.Scratch = &Scratch{}
	c := client("198.51.100.0/24")
	for name, set := range cases {
		Select(set, c, env) // warm up
		allocs := testing.AllocsPerRun(100, func() {
			if len(Select(set, c, env).RRs) == 0 {
				t.Fatal("no answer")
			}
		})
		assert.Zero(t, allocs, name)
	}
}
