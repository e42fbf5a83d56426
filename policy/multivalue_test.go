package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

const mname = "pool.example.test."

// multiSet builds n multivalue records, record i answering 192.0.2.i+1
// (and 198.51.100.i+1 when two values are asked for), checked by hc-i.
func multiSet(t testing.TB, n int, twoValues bool) *Set {
	t.Helper()
	set := &Set{Name: mname, Type: dns.TypeA, Kind: Multivalue}
	for i := range n {
		addrs := []string{"192.0.2." + itoa(i+1)}
		if twoValues {
			addrs = append(addrs, "198.51.100."+itoa(i+1))
		}
		set.Records = append(set.Records, Record{SetIdentifier: "node-" + itoa(i+1), HealthCheckID: "hc-" + itoa(i+1), RRs: a(t, mname, addrs...)})
	}
	return set
}

func hcs(from, to int) []string {
	var ids []string
	for i := from; i <= to; i++ {
		ids = append(ids, "hc-"+itoa(i))
	}
	return ids
}

// docs/routing.md#multivalue and docs/differences.md#decisions.
func TestMultivalueCounts(t *testing.T) {
	tests := []struct {
		name        string
		records     int
		down        []string
		wantN       int
		allowed     func(v string) bool
		wantHealthy bool
	}{
		{"12 healthy → exactly 8", 12, nil, 8, func(string) bool { return true }, true},
		{"5 of 12 healthy → those 5", 12, hcs(6, 12), 5, func(v string) bool { return atoi(t, v[len("192.0.2."):]) <= 5 }, true},
		{"8 healthy → all 8", 8, nil, 8, func(string) bool { return true }, true},
		{"1 healthy → 1", 12, hcs(2, 12), 1, func(v string) bool { return v == "192.0.2.1" }, true},
		{"0 of 12 healthy → 8 unhealthy", 12, hcs(1, 12), 8, func(string) bool { return true }, false},
		{"0 of 3 healthy → 3 unhealthy", 3, hcs(1, 3), 3, func(string) bool { return true }, false},
		{"9 of 12 healthy → 8 of the 9", 12, hcs(10, 12), 8, func(v string) bool { return atoi(t, v[len("192.0.2."):]) <= 9 }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := multiSet(t, tt.records, false)
			env := &Env{Health: down(tt.down...), Rand: seeded()}
			for range 200 {
				r := Select(set, client("198.51.100.7/32"), env)
				vs := values(r)
				if len(vs) != tt.wantN || len(slices.Compact(slices.Clone(vs))) != tt.wantN {
					t.Fatalf("got %d values %v, want %d distinct", len(vs), vs, tt.wantN)
				}
				for _, v := range vs {
					if !tt.allowed(v) {
						t.Fatalf("answered %s, which is not allowed", v)
					}
				}
				if r.Healthy != tt.wantHealthy || r.Scope != 0 {
					t.Fatalf("healthy=%v scope=%d, want healthy=%v scope 0", r.Healthy, r.Scope, tt.wantHealthy)
				}
			}
		})
	}
}

// Records count toward the 8, not values: 12 two-value records answer 16
// values, both values of each of 8 records.
func TestMultivalueCountsRecords(t *testing.T) {
	set := multiSet(t, 12, true)
	r := Select(set, client("198.51.100.7/32"), &Env{Rand: seeded()})
	vs := values(r)
	if len(vs) != 16 {
		t.Fatalf("got %d values, want 16: %v", len(vs), vs)
	}
	nodes := map[string]int{}
	for _, v := range vs {
		nodes[v[strings.LastIndexByte(v, '.')+1:]]++
	}
	for n, c := range nodes {
		if c != 2 {
			t.Errorf("record %s answered %d values, want 2", n, c)
		}
	}
}

// With 12 healthy records every 8-subset is equally likely (495 of them),
// and every record is equally likely to come first.
func TestMultivalueUniform(t *testing.T) {
	const n = 20000
	set := multiSet(t, 12, false)
	env := &Env{Rand: seeded()}
	subsets, first := map[string]int{}, map[string]int{}
	for range n {
		r := Select(set, client("198.51.100.7/32"), env)
		subsets[joined(r)]++
		first[r.RRs[0].(*dns.A).A.String()]++
	}
	wantSubsets := map[string]float64{}
	forEachSubset(12, 8, func(idx []int) {
		var vs []string
		for _, i := range idx {
			vs = append(vs, "192.0.2."+itoa(i+1))
		}
		slices.Sort(vs)
		wantSubsets[strings.Join(vs, " ")] = 1.0 / 495
	})
	if len(wantSubsets) != 495 {
		t.Fatalf("%d subsets, want 495", len(wantSubsets))
	}
	checkDistribution(t, subsets, wantSubsets)
	wantFirst := map[string]float64{}
	for i := range 12 {
		wantFirst["192.0.2."+itoa(i+1)] = 1.0 / 12
	}
	checkDistribution(t, first, wantFirst)
}

// forEachSubset calls f with every k-subset of [0, n) in increasing order.
func forEachSubset(n, k int, f func([]int)) {
	idx := make([]int, 0, k)
	var rec func(from int)
	rec = func(from int) {
		if len(idx) == k {
			f(idx)
			return
		}
		for i := from; i < n; i++ {
			idx = append(idx, i)
			rec(i + 1)
			idx = idx[:len(idx)-1]
		}
	}
	rec(0)
}

// Shuffling never reorders the stored values.
func TestMultivalueLeavesStoreAlone(t *testing.T) {
	set := multiSet(t, 3, true)
	before := make([][]dns.RR, len(set.Records))
	for i := range set.Records {
		before[i] = slices.Clone(set.Records[i].RRs)
	}
	for range 50 {
		Select(set, client("198.51.100.7/32"), &Env{Rand: seeded()})
	}
	for i := range set.Records {
		if !slices.Equal(before[i], set.Records[i].RRs) {
			t.Fatalf("record %d reordered: %v", i, set.Records[i].RRs)
		}
	}
}

// Groups beyond 128 records (past the quota) keep their health straight.
func TestMultivalueLargeGroup(t *testing.T) {
	set := multiSet(t, 200, false)
	var ids []string
	for i := 1; i <= 200; i++ {
		if i != 150 && i != 199 && i != 3 {
			ids = append(ids, "hc-"+itoa(i))
		}
	}
	r := Select(set, client("198.51.100.7/32"), &Env{Health: down(ids...), Rand: seeded()})
	if got := joined(r); got != "192.0.2.150 192.0.2.199 192.0.2.3" {
		t.Errorf("got %s", got)
	}
}
