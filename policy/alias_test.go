package policy

import (
	"strings"
	"testing"

	"github.com/miekg/dns"
)

const zone = "example.test."

// backends is a weighted target group of two checked records, TTL 30.
func backends(t testing.TB) *Set {
	t.Helper()
	n := "backends." + zone
	return &Set{Name: n, Type: dns.TypeA, Kind: Weighted, Records: []Record{
		{SetIdentifier: "b1", Weight: 1, HealthCheckID: "hc-b1", RRs: []dns.RR{mustRR(t, n+" 30 IN A 192.0.2.11")}},
		{SetIdentifier: "b2", Weight: 1, HealthCheckID: "hc-b2", RRs: []dns.RR{mustRR(t, n+" 30 IN A 192.0.2.12")}},
	}}
}

// aliasFailover is a failover group whose primary aliases backends.
func aliasFailover(t testing.TB, eth bool, hc string) *Set {
	t.Helper()
	n := "www." + zone
	return &Set{Name: n, Type: dns.TypeA, Kind: Failover, Records: []Record{
		{SetIdentifier: "primary", Failover: Primary, HealthCheckID: hc, Alias: &Alias{Target: "backends." + zone, EvaluateTargetHealth: eth}},
		{SetIdentifier: "secondary", Failover: Secondary, RRs: []dns.RR{mustRR(t, n+" 300 IN A 203.0.113.99")}},
	}}
}

// docs/routing.md#record-health, #aliases and #fail-open.
func TestAliasEvaluateTargetHealth(t *testing.T) {
	tests := []struct {
		name        string
		eth         bool
		hc          string
		down        []string
		want        []string // any of these
		wantTTL     uint32
		wantHealthy bool
	}{
		{"ETH, target healthy", true, "", nil, []string{"192.0.2.11", "192.0.2.12"}, 30, true},
		{"ETH, one target record healthy", true, "", []string{"hc-b1"}, []string{"192.0.2.12"}, 30, true},
		{"ETH, target all unhealthy: alias unhealthy, secondary answers", true, "", []string{"hc-b1", "hc-b2"}, []string{"203.0.113.99"}, 300, true},
		{"no ETH, target all unhealthy: alias healthy, target fails open", false, "", []string{"hc-b1", "hc-b2"}, []string{"192.0.2.11", "192.0.2.12"}, 30, true},
		{"ETH and own check unhealthy", true, "hc-alias", []string{"hc-alias"}, []string{"203.0.113.99"}, 300, true},
		{"no ETH, own check unhealthy", false, "hc-alias", []string{"hc-alias"}, []string{"203.0.113.99"}, 300, true},
		{"ETH, own check healthy, target healthy", true, "hc-alias", nil, []string{"192.0.2.11", "192.0.2.12"}, 30, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := &Env{Health: down(tt.down...), Rand: seeded(), Targets: targets{"backends." + zone: backends(t)}}
			for range 50 {
				r := Select(aliasFailover(t, tt.eth, tt.hc), client("198.51.100.7/32"), env)
				if len(r.RRs) != 1 || !strings.Contains(strings.Join(tt.want, " "), values(r)[0]) {
					t.Fatalf("got %v, want one of %v", values(r), tt.want)
				}
				if ttl := r.RRs[0].Header().Ttl; ttl != tt.wantTTL {
					t.Errorf("TTL %d, want %d (the target's)", ttl, tt.wantTTL)
				}
				if r.Healthy != tt.wantHealthy {
					t.Errorf("healthy=%v, want %v", r.Healthy, tt.wantHealthy)
				}
			}
		})
	}
}

// Both sides aliases to all-unhealthy groups with ETH: both unhealthy, so
// failover fails open to the primary, whose target fails open in turn.
func TestAliasNoFailOpenUpward(t *testing.T) {
	set := aliasFailover(t, true, "")
	set.Records[1] = Record{SetIdentifier: "secondary", Failover: Secondary, Alias: &Alias{Target: "sorry." + zone, EvaluateTargetHealth: true}}
	sorry := &Set{Name: "sorry." + zone, Type: dns.TypeA, Kind: Simple, Records: []Record{{HealthCheckID: "hc-sorry", RRs: a(t, "sorry."+zone, "203.0.113.1")}}}
	env := &Env{Health: down("hc-b1", "hc-b2", "hc-sorry"), Rand: seeded(), Targets: targets{"backends." + zone: backends(t), "sorry." + zone: sorry}}
	r := Select(set, client("198.51.100.7/32"), env)
	if got := joined(r); got != "192.0.2.11" && got != "192.0.2.12" {
		t.Errorf("got %s, want a backend (fail-open to primary)", got)
	}
	if r.Healthy {
		t.Error("fail-open answer reported healthy")
	}
	// With the sorry page healthy the secondary alias is healthy and wins.
	env.Health = down("hc-b1", "hc-b2")
	if got := joined(Select(set, client("198.51.100.7/32"), env)); got != "203.0.113.1" {
		t.Errorf("got %s, want the sorry page", got)
	}
}

// A weighted group of aliases: an alias whose target is all unhealthy
// leaves the draw (docs/routing.md#fail-open: it "backs out of the branch").
func TestAliasBacksOutOfBranch(t *testing.T) {
	n := "api." + zone
	set := &Set{Name: n, Type: dns.TypeA, Kind: Weighted, Records: []Record{
		{SetIdentifier: "to-backends", Weight: 90, Alias: &Alias{Target: "backends." + zone, EvaluateTargetHealth: true}},
		{SetIdentifier: "static", Weight: 10, RRs: a(t, n, "203.0.113.5")},
	}}
	env := &Env{Health: down("hc-b1", "hc-b2"), Rand: seeded(), Targets: targets{"backends." + zone: backends(t)}}
	got := count(set, client("198.51.100.7/32"), env, 200)
	if got["203.0.113.5"] != 200 {
		t.Errorf("answers %v, want only the static record", got)
	}
}

// The target's decision scopes the alias answer.
func TestAliasScope(t *testing.T) {
	geoTarget := geoSet(t, "US-TX", "*")
	geoTarget.Name = gname
	set := &Set{Name: "www." + zone, Type: dns.TypeA, Kind: Simple, Records: []Record{{Alias: &Alias{Target: gname}}}}
	r := Select(set, client("11.1.0.1/32"), &Env{Locator: places, Targets: targets{gname: geoTarget}})
	if joined(r) != "192.0.2.1" || r.Scope != 16 {
		t.Errorf("got %s scope %d, want 192.0.2.1 scope 16", joined(r), r.Scope)
	}
	if r.RRs[0].Header().Name != gname {
		t.Errorf("owner %s, want the target's name (the caller rewrites it)", r.RRs[0].Header().Name)
	}
}

func TestAliasLoop(t *testing.T) {
	a1 := &Set{Name: "a." + zone, Type: dns.TypeA, Kind: Simple, Records: []Record{{Alias: &Alias{Target: "b." + zone, EvaluateTargetHealth: true}}}}
	b1 := &Set{Name: "b." + zone, Type: dns.TypeA, Kind: Simple, Records: []Record{{Alias: &Alias{Target: "a." + zone, EvaluateTargetHealth: true}}}}
	tr := &Trace{}
	r := Select(a1, client("198.51.100.7/32"), &Env{Targets: targets{"a." + zone: a1, "b." + zone: b1}, Trace: tr})
	if !r.NoData || r.Healthy {
		t.Errorf("loop: got %+v, want NoData and unhealthy", r)
	}
	if !strings.Contains(tr.String(), "alias loop") {
		t.Errorf("trace does not name the loop:\n%s", tr)
	}
	// A failover whose primary loops falls to its secondary.
	fo := &Set{Name: "fo." + zone, Type: dns.TypeA, Kind: Failover, Records: []Record{
		{SetIdentifier: "p", Failover: Primary, Alias: &Alias{Target: "a." + zone}},
		{SetIdentifier: "s", Failover: Secondary, RRs: a(t, "fo."+zone, "203.0.113.7")},
	}}
	if got := joined(Select(fo, client("198.51.100.7/32"), &Env{Targets: targets{"a." + zone: a1, "b." + zone: b1}})); got != "203.0.113.7" {
		t.Errorf("looping primary: got %s, want the secondary", got)
	}
}

func TestAliasChainDepth(t *testing.T) {
	ts := targets{}
	name := func(i int) string { return "n" + itoa(i) + "." + zone }
	for i := range maxAliasDepth + 1 {
		ts[name(i)] = &Set{Name: name(i), Type: dns.TypeA, Kind: Simple, Records: []Record{{Alias: &Alias{Target: name(i + 1)}}}}
	}
	end := func(i int) {
		ts[name(i)] = &Set{Name: name(i), Type: dns.TypeA, Kind: Simple, Records: []Record{{RRs: a(t, name(i), "192.0.2.1")}}}
	}
	end(maxAliasDepth - 1) // n0 → … → n7: 8 names, allowed
	if r := Select(ts[name(0)], client("198.51.100.7/32"), &Env{Targets: ts}); joined(r) != "192.0.2.1" {
		t.Errorf("chain of %d names: got %+v", maxAliasDepth, r)
	}
	ts[name(maxAliasDepth-1)] = &Set{Name: name(maxAliasDepth - 1), Type: dns.TypeA, Kind: Simple, Records: []Record{{Alias: &Alias{Target: name(maxAliasDepth)}}}}
	end(maxAliasDepth)
	if r := Select(ts[name(0)], client("198.51.100.7/32"), &Env{Targets: ts}); !r.NoData {
		t.Errorf("chain of %d names: got %+v, want NoData", maxAliasDepth+1, r)
	}
}

func TestAliasMissingTarget(t *testing.T) {
	set := aliasFailover(t, false, "")
	for name, env := range map[string]*Env{
		"no Targets":     {},
		"unknown target": {Targets: targets{}},
		"wrong type":     {Targets: targets{"backends." + zone: {Name: "backends." + zone, Type: dns.TypeAAAA}}},
	} {
		t.Run(name, func(t *testing.T) {
			if got := joined(Select(set, client("198.51.100.7/32"), env)); got != "203.0.113.99" {
				t.Errorf("got %s, want the secondary: a broken alias is unhealthy", got)
			}
		})
	}
}

// Aliases fanning out without a leaf cost a bounded amount of work.
func TestAliasWorkIsBounded(t *testing.T) {
	ts := targets{}
	name := func(i int) string { return "g" + itoa(i) + "." + zone }
	for i := range 10 {
		set := &Set{Name: name(i), Type: dns.TypeA, Kind: Weighted}
		for j := range 10 {
			set.Records = append(set.Records, Record{SetIdentifier: itoa(j), Weight: 1, Alias: &Alias{Target: name(j), EvaluateTargetHealth: j%2 == 0}})
		}
		ts[name(i)] = set
	}
	r := Select(ts[name(0)], client("198.51.100.7/32"), &Env{Targets: ts, Rand: seeded()})
	if !r.NoData {
		t.Errorf("got %+v, want NoData", r)
	}
}
