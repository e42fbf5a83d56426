package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

const wname = "api.example.test."

// weightedSet builds a weighted group; spec entries are "id weight hc",
// hc "-" for none. Record id answers 192.0.2.<index+1>.
func weightedSet(t testing.TB, specs ...string) *Set {
	t.Helper()
	set := &Set{Name: wname, Type: dns.TypeA, Kind: Weighted}
	for i, spec := range specs {
		f := strings.Fields(spec)
		rec := Record{SetIdentifier: f[0], Weight: atoi(t, f[1]), RRs: a(t, wname, "192.0.2."+itoa(i+1))}
		if f[2] != "-" {
			rec.HealthCheckID = f[2]
		}
		set.Records = append(set.Records, rec)
	}
	return set
}

// Route 53's documented table for weights 1, 1, 0 (docs/routing.md#weighted): every row's
// set of answered records over many queries.
func TestWeightedDecisionTable(t *testing.T) {
	withHC := []string{"rec1 1 hc1", "rec2 1 hc2", "rec3 0 hc3"}
	noHC := []string{"rec1 1 hc1", "rec2 1 hc2", "rec3 0 -"}
	tests := []struct {
		name    string
		specs   []string
		down    []string
		want    []string
		healthy bool
	}{
		{"HC U/U/H", withHC, []string{"hc1", "hc2"}, []string{"192.0.2.3"}, true},
		{"HC U/U/U fail-open, zero tier out", withHC, []string{"hc1", "hc2", "hc3"}, []string{"192.0.2.1", "192.0.2.2"}, false},
		{"HC U/H/U", withHC, []string{"hc1", "hc3"}, []string{"192.0.2.2"}, true},
		{"HC H/H/U", withHC, []string{"hc3"}, []string{"192.0.2.1", "192.0.2.2"}, true},
		{"HC H/H/H", withHC, nil, []string{"192.0.2.1", "192.0.2.2"}, true},
		{"no HC on w0: H/H", noHC, nil, []string{"192.0.2.1", "192.0.2.2"}, true},
		{"no HC on w0: U/U", noHC, []string{"hc1", "hc2"}, []string{"192.0.2.3"}, true},
		{"no HC on w0: U/H", noHC, []string{"hc1"}, []string{"192.0.2.2"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := weightedSet(t, tt.specs...)
			env := &Env{Health: down(tt.down...), Rand: seeded()}
			seen := map[string]bool{}
			for range 500 {
				r := Select(set, client("198.51.100.7/32"), env)
				if r.Healthy != tt.healthy || r.Scope != 0 || r.NoData {
					t.Fatalf("Healthy=%v Scope=%d NoData=%v, want Healthy=%v Scope=0", r.Healthy, r.Scope, r.NoData, tt.healthy)
				}
				seen[joined(r)] = true
			}
			var got []string
			for v := range seen {
				got = append(got, v)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("answered %v, want %v", got, tt.want)
			}
		})
	}
}

// Pinned draws hit the first and last value of every weight's bucket.
// rec0 has weight 0 and sits between buckets: it never owns a draw value.
func TestWeightedBoundaries(t *testing.T) {
	all := []string{"hc0", "hc1", "hc2", "hc3"}
	tests := []struct {
		name      string
		down      []string
		draw      int
		wantRange int
		want      string
	}{
		{"first of rec1", nil, 0, 50, "192.0.2.1"},
		{"last of rec1", nil, 9, 50, "192.0.2.1"},
		{"first of rec2", nil, 10, 50, "192.0.2.2"},
		{"last of rec2", nil, 29, 50, "192.0.2.2"},
		{"first of rec3", nil, 30, 50, "192.0.2.3"},
		{"last of rec3", nil, 49, 50, "192.0.2.3"},
		{"rec3 down: last of rec2", []string{"hc3"}, 29, 30, "192.0.2.2"},
		{"rec1 down: first of rec2", []string{"hc1"}, 0, 40, "192.0.2.2"},
		{"rec1 down: last of rec2", []string{"hc1"}, 19, 40, "192.0.2.2"},
		{"rec1 down: first of rec3", []string{"hc1"}, 20, 40, "192.0.2.3"},
		{"all down, fail-open: first of rec1", all, 0, 50, "192.0.2.1"},
		{"all down, fail-open: last of rec3", all, 49, 50, "192.0.2.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := weightedSet(t, "rec1 10 hc1", "rec2 20 hc2", "rec3 20 hc3")
			set.Records = slices.Insert(set.Records, 1, Record{SetIdentifier: "rec0", Weight: 0, HealthCheckID: "hc0", RRs: a(t, wname, "192.0.2.99")})
			p := &pinned{t: t, values: []int{tt.draw}}
			r := Select(set, client("198.51.100.7/32"), &Env{Health: down(tt.down...), Rand: p})
			if got := joined(r); got != tt.want {
				t.Errorf("draw %d: got %s, want %s", tt.draw, got, tt.want)
			}
			if !slices.Equal(p.ranges, []int{tt.wantRange}) {
				t.Errorf("draws from %v, want one from [0, %d)", p.ranges, tt.wantRange)
			}
		})
	}
}

func TestWeightedZeroTierDraw(t *testing.T) {
	// Every non-zero record is down: draw uniformly among the healthy
	// zero-weight ones, skipping the unhealthy one.
	set := weightedSet(t, "a 5 hc1", "z1 0 -", "z2 0 hcz", "z3 0 -")
	for draw, want := range []string{"192.0.2.2", "192.0.2.4"} {
		p := &pinned{t: t, values: []int{draw}}
		r := Select(set, client("198.51.100.7/32"), &Env{Health: down("hc1", "hcz"), Rand: p})
		if joined(r) != want || !r.Healthy {
			t.Errorf("draw %d: got %s healthy=%v, want %s healthy", draw, joined(r), r.Healthy, want)
		}
		if !slices.Equal(p.ranges, []int{2}) {
			t.Errorf("draws from %v, want [0, 2)", p.ranges)
		}
	}
}

func TestWeightedDistributions(t *testing.T) {
	const n = 20000
	tests := []struct {
		name  string
		specs []string
		down  []string
		want  map[string]float64
	}{
		{"10/20/20 all healthy", []string{"a 10 hc1", "b 20 hc2", "c 20 hc3"}, nil,
			map[string]float64{"192.0.2.1": 0.2, "192.0.2.2": 0.4, "192.0.2.3": 0.4}},
		{"10/20/20 third unhealthy", []string{"a 10 hc1", "b 20 hc2", "c 20 hc3"}, []string{"hc3"},
			map[string]float64{"192.0.2.1": 1.0 / 3, "192.0.2.2": 2.0 / 3}},
		{"1/1/0", []string{"a 1 -", "b 1 -", "c 0 -"}, nil,
			map[string]float64{"192.0.2.1": 0.5, "192.0.2.2": 0.5}},
		{"all zero uniform", []string{"a 0 -", "b 0 -", "c 0 -", "d 0 -"}, nil,
			map[string]float64{"192.0.2.1": 0.25, "192.0.2.2": 0.25, "192.0.2.3": 0.25, "192.0.2.4": 0.25}},
		{"all zero, all unhealthy: uniform", []string{"a 0 h", "b 0 h", "c 0 h"}, []string{"h"},
			map[string]float64{"192.0.2.1": 1.0 / 3, "192.0.2.2": 1.0 / 3, "192.0.2.3": 1.0 / 3}},
		{"all unhealthy: by weight over non-zero", []string{"a 1 h", "b 3 h", "c 0 h"}, []string{"h"},
			map[string]float64{"192.0.2.1": 0.25, "192.0.2.2": 0.75}},
		{"255 and 1", []string{"a 255 -", "b 1 -"}, nil,
			map[string]float64{"192.0.2.1": 255.0 / 256, "192.0.2.2": 1.0 / 256}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := weightedSet(t, tt.specs...)
			got := count(set, client("198.51.100.7/32"), &Env{Health: down(tt.down...), Rand: seeded()}, n)
			checkDistribution(t, got, tt.want)
		})
	}
}

// Weighted records may hold several values (docs/differences.md#decisions); the
// answer is the record's values as stored, without copying.
func TestWeightedReturnsStoredValues(t *testing.T) {
	set := weightedSet(t, "a 1 -")
	set.Records[0].RRs = a(t, wname, "192.0.2.1", "192.0.2.2")
	r := Select(set, client("198.51.100.7/32"), &Env{Rand: seeded()})
	if len(r.RRs) != 2 || &r.RRs[0] != &set.Records[0].RRs[0] {
		t.Errorf("want the stored slice, got %v", r.RRs)
	}
}

func TestWeightedNilRandAndNilEnv(t *testing.T) {
	set := weightedSet(t, "a 1 -", "b 1 -")
	if got := joined(Select(set, client("198.51.100.7/32"), nil)); got != "192.0.2.1" {
		t.Errorf("nil env: got %s, want the first record", got)
	}
}
