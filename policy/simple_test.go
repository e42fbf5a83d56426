package policy

import (
	"slices"
	"testing"

	"github.com/miekg/dns"
)

const sname = "static.example.test."

// docs/routing.md#simple: every value, random order, never health-routed.
func TestSimple(t *testing.T) {
	set := &Set{Name: sname, Type: dns.TypeA, Kind: Simple, Records: []Record{{RRs: a(t, sname, "192.0.2.1", "192.0.2.2", "192.0.2.3")}}}
	stored := slices.Clone(set.Records[0].RRs)
	env := &Env{Rand: seeded()}
	firsts := map[string]int{}
	for range 3000 {
		r := Select(set, client("198.51.100.7/32"), env)
		if joined(r) != "192.0.2.1 192.0.2.2 192.0.2.3" || !r.Healthy || r.Scope != 0 {
			t.Fatalf("got %v healthy=%v scope=%d", values(r), r.Healthy, r.Scope)
		}
		firsts[r.RRs[0].(*dns.A).A.String()]++
	}
	if !slices.Equal(stored, set.Records[0].RRs) {
		t.Error("the stored values were reordered")
	}
	checkDistribution(t, firsts, map[string]float64{"192.0.2.1": 1.0 / 3, "192.0.2.2": 1.0 / 3, "192.0.2.3": 1.0 / 3})
}

func TestSimpleSingleValueIsStoredSlice(t *testing.T) {
	set := &Set{Name: sname, Type: dns.TypeA, Kind: Simple, Records: []Record{{RRs: a(t, sname, "192.0.2.1")}}}
	r := Select(set, client("198.51.100.7/32"), &Env{Rand: seeded()})
	if len(r.RRs) != 1 || &r.RRs[0] != &set.Records[0].RRs[0] {
		t.Error("a single value should be returned as stored, without a copy")
	}
}

// A health check on a simple record (accepted or not by Route 53) never
// hides it: the answer is the same, only Healthy tells.
func TestSimpleIgnoresHealth(t *testing.T) {
	set := &Set{Name: sname, Type: dns.TypeA, Kind: Simple, Records: []Record{{HealthCheckID: "hc", RRs: a(t, sname, "192.0.2.1")}}}
	r := Select(set, client("198.51.100.7/32"), &Env{Health: down("hc")})
	if joined(r) != "192.0.2.1" || r.Healthy {
		t.Errorf("got %s healthy=%v, want 192.0.2.1 unhealthy", joined(r), r.Healthy)
	}
}

func TestSimpleEmptyAndUnknownKind(t *testing.T) {
	if r := Select(&Set{Name: sname, Type: dns.TypeA}, client("198.51.100.7/32"), nil); !r.NoData {
		t.Errorf("empty simple set: %+v", r)
	}
	if r := Select(&Set{Name: sname, Type: dns.TypeA, Kind: Kind(99), Records: []Record{{RRs: a(t, sname, "192.0.2.1")}}}, client("198.51.100.7/32"), nil); !r.NoData {
		t.Errorf("unknown kind: %+v", r)
	}
}
