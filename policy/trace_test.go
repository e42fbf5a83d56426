package policy

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

func TestTraceWeighted(t *testing.T) {
	set := weightedSet(t, "blue 10 hc1", "green 20 hc2", "red 20 hc3", "standby 0 -")
	tr := &Trace{}
	r := Select(set, client("198.51.100.0/24"), &Env{Health: down("hc3"), Rand: &pinned{t: t, values: []int{12}}, Trace: tr})
	if joined(r) != "192.0.2.2" {
		t.Fatalf("got %s", joined(r))
	}
	if tr.Rule != "weighted: drew 12 from [0, 30) among healthy non-zero weights" {
		t.Errorf("rule %q", tr.Rule)
	}
	if len(tr.Draws) != 1 || tr.Draws[0] != (Draw{Purpose: "weighted draw", Value: 12, Range: 30}) {
		t.Errorf("draws %+v", tr.Draws)
	}
	want := []struct{ verdict, why string }{
		{kept, "in the draw"},
		{chosen, ""},
		{dropped, "unhealthy"},
		{dropped, "weight 0: used only when no record of weight > 0 is healthy"},
	}
	for i, w := range want {
		c := tr.Candidates[i]
		if c.Verdict != w.verdict || c.Why != w.why {
			t.Errorf("candidate %s: %s %q, want %s %q", c.SetIdentifier, c.Verdict, c.Why, w.verdict, w.why)
		}
	}
	if c := tr.Candidates[2]; c.Healthy || c.Health != "health check hc3 unhealthy" || c.Detail != "weight 20" {
		t.Errorf("candidate red: %+v", c)
	}
	if tr.Client != "198.51.100.0/24 (ECS)" || tr.Policy != "weighted" || tr.Type != "A" || tr.Name != wname {
		t.Errorf("header: %+v", tr)
	}
	if len(tr.Answer) != 1 || !strings.Contains(tr.Answer[0], "192.0.2.2") || !tr.Healthy || tr.Scope != 0 {
		t.Errorf("answer %v healthy=%v scope=%d", tr.Answer, tr.Healthy, tr.Scope)
	}
	text := tr.String()
	for _, s := range []string{"weighted routing", "candidate green [weight 20] healthy (health check hc2 healthy) → chosen", "draw: 12 from [0, 30) weighted draw", "rule: weighted: drew 12"} {
		if !strings.Contains(text, s) {
			t.Errorf("text lacks %q:\n%s", s, text)
		}
	}
	b, err := json.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	var back Trace
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Rule != tr.Rule || len(back.Candidates) != 4 || back.Candidates[1].Verdict != chosen {
		t.Errorf("JSON round trip lost data: %s", b)
	}
	for _, key := range []string{`"setIdentifier":"green"`, `"verdict":"chosen"`, `"draws":[{"purpose":"weighted draw","value":12,"range":30}]`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}

func TestTraceNestsAliases(t *testing.T) {
	tr := &Trace{}
	env := &Env{Health: down("hc-b1"), Rand: seeded(), Targets: targets{"backends." + zone: backends(t)}, Trace: tr}
	Select(aliasFailover(t, true, ""), client("198.51.100.7/32"), env)
	p := tr.Candidates[0]
	if p.Verdict != chosen || p.Target == nil {
		t.Fatalf("primary: %+v", p)
	}
	if !strings.Contains(p.Health, "1 of 2 target records healthy") {
		t.Errorf("primary health %q", p.Health)
	}
	if p.Target.Name != "backends."+zone || p.Target.Policy != "weighted" || p.Target.Candidates[1].Verdict != chosen {
		t.Errorf("nested trace %+v", p.Target)
	}
	if text := tr.String(); !strings.Contains(text, "\n    backends.example.test. A, weighted routing") {
		t.Errorf("nested trace not indented:\n%s", text)
	}
}

func TestTraceLocation(t *testing.T) {
	tr := &Trace{}
	Select(geoSet(t, "US-TX", "US", "*"), client("11.1.0.1/32"), &Env{Locator: places, Health: down("hc-US-TX"), Trace: tr})
	if tr.Location == nil || tr.Location.Country != "US" || tr.Location.Subdivision != "TX" || tr.Location.Network != "11.1.0.0/16" {
		t.Errorf("location %+v", tr.Location)
	}
	if tr.Candidates[0].Verdict != dropped || tr.Candidates[1].Verdict != chosen || tr.Candidates[2].Verdict != kept {
		t.Errorf("candidates %+v", tr.Candidates)
	}
	tr = &Trace{}
	Select(geoSet(t, "US-TX", "*"), client("11.1.0.1/32"), &Env{Trace: tr})
	if tr.Location == nil || tr.Location.Note != "no GeoIP database" {
		t.Errorf("no database: location %+v", tr.Location)
	}
	tr = &Trace{}
	Select(geoSet(t, "US"), client("11.5.0.1/32"), &Env{Locator: places, Trace: tr})
	if !tr.NoData || !strings.Contains(tr.String(), "answer: NODATA, scope /15") {
		t.Errorf("no match, no default:\n%s", tr)
	}
}

// Tracing observes the decision without changing it: the same seed gives
// the same answers traced and untraced, for every policy.
func TestTraceDoesNotChangeAnswers(t *testing.T) {
	sets := []*Set{
		weightedSet(t, "a 1 hc1", "b 2 hc2", "c 0 -"),
		multiSet(t, 12, true),
		failoverSet(t, "hp", "-"),
		geoSet(t, "US-TX", "US", "*"),
		latencySet(t, "us-east-1", "eu-west-1"),
		ipSet(t, "deep", "*"),
		{Name: sname, Type: dns.TypeA, Kind: Simple, Records: []Record{{RRs: a(t, sname, "192.0.2.1", "192.0.2.2", "192.0.2.3")}}},
		proxSet(t, prox{"a", 10, 0}, prox{"b", 20, 0}),
	}
	for _, set := range sets {
		plain, traced := &Env{Rand: seeded(), Locator: places, CIDR: testCollections(t), Health: down("hp")}, &Env{Rand: seeded(), Locator: places, CIDR: testCollections(t), Health: down("hp")}
		for i := range 100 {
			traced.Trace = &Trace{}
			c := client("10.1.2.3/32")
			if got, want := Select(set, c, traced), Select(set, c, plain); !equalRRs(got.RRs, want.RRs) || got.Scope != want.Scope {
				t.Fatalf("%s query %d: traced %v, untraced %v", set.Kind, i, got.RRs, want.RRs)
			}
		}
	}
}

func equalRRs(a, b []dns.RR) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].String() != b[i].String() {
			return false
		}
	}
	return true
}

func TestKindString(t *testing.T) {
	if Weighted.String() != "weighted" || IPBased.String() != "IP-based" || Kind(42).String() != "Kind(42)" {
		t.Error(Weighted.String(), IPBased.String(), Kind(42).String())
	}
}

func ExampleTrace_String() {
	n := "www.example.test."
	rr := func(s string) dns.RR { r, _ := dns.NewRR(s); return r }
	set := &Set{Name: n, Type: dns.TypeA, Kind: Failover, Records: []Record{
		{SetIdentifier: "primary", Failover: Primary, HealthCheckID: "hc-web", RRs: []dns.RR{rr(n + " 60 IN A 192.0.2.1")}},
		{SetIdentifier: "secondary", Failover: Secondary, RRs: []dns.RR{rr(n + " 60 IN A 192.0.2.2")}},
	}}
	tr := &Trace{}
	Select(set, Client{Subnet: netip.MustParsePrefix("198.51.100.0/24"), FromECS: true}, &Env{Health: down("hc-web"), Trace: tr})
	fmt.Print(tr)
	// Output:
	// www.example.test. A, failover routing, client 198.51.100.0/24 (ECS)
	//   candidate primary [PRIMARY] unhealthy (health check hc-web unhealthy) → dropped: unhealthy
	//   candidate secondary [SECONDARY] healthy (no health check) → chosen
	//   rule: failover: primary unhealthy or missing, secondary healthy
	//   answer (healthy, scope /0):
	//     www.example.test.	60	IN	A	192.0.2.2
}

func TestKindNames(t *testing.T) {
	for k := range Kind(NumKinds) {
		if k.String() == "" || k.Route53Name() == "" || k.Label() == "" {
			t.Errorf("kind %d has an empty name", k)
		}
	}
	for k, want := range map[Kind][3]string{
		Simple:     {"simple", "simple", "simple"},
		Multivalue: {"multivalue", "multivalue answer", "multivalue"},
		IPBased:    {"IP-based", "IP-based", "ip_based"},
		Kind(99):   {"Kind(99)", "Kind(99)", "kind_99"},
	} {
		if got := [3]string{k.String(), k.Route53Name(), k.Label()}; got != want {
			t.Errorf("kind %d: names %q, want %q", k, got, want)
		}
	}
}
