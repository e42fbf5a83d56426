package policy

import (
	"testing"

	"github.com/miekg/dns"
)

const fname = "www.example.test."

func failoverSet(t testing.TB, primaryHC, secondaryHC string) *Set {
	t.Helper()
	set := &Set{Name: fname, Type: dns.TypeA, Kind: Failover}
	if primaryHC != "" {
		set.Records = append(set.Records, Record{SetIdentifier: "primary", Failover: Primary, RRs: a(t, fname, "192.0.2.1")})
		if primaryHC != "-" {
			set.Records[len(set.Records)-1].HealthCheckID = primaryHC
		}
	}
	if secondaryHC != "" {
		set.Records = append(set.Records, Record{SetIdentifier: "secondary", Failover: Secondary, RRs: a(t, fname, "192.0.2.2")})
		if secondaryHC != "-" {
			set.Records[len(set.Records)-1].HealthCheckID = secondaryHC
		}
	}
	return set
}

// docs/routing.md#failover, fail-open included. HC "-" = no health check,
// "" = no such record.
func TestFailover(t *testing.T) {
	tests := []struct {
		name        string
		primary     string
		secondary   string
		down        []string
		want        string
		wantHealthy bool
	}{
		{"primary healthy, secondary healthy", "hp", "hs", nil, "192.0.2.1", true},
		{"primary healthy, secondary unhealthy", "hp", "hs", []string{"hs"}, "192.0.2.1", true},
		{"primary unhealthy, secondary healthy", "hp", "hs", []string{"hp"}, "192.0.2.2", true},
		{"primary unhealthy, secondary without check", "hp", "-", []string{"hp"}, "192.0.2.2", true},
		{"both unhealthy: primary", "hp", "hs", []string{"hp", "hs"}, "192.0.2.1", false},
		{"lone primary healthy", "hp", "", nil, "192.0.2.1", true},
		{"lone primary unhealthy: still primary", "hp", "", []string{"hp"}, "192.0.2.1", false},
		{"lone secondary healthy", "", "hs", nil, "192.0.2.2", true},
		{"lone secondary unhealthy: still secondary", "", "hs", []string{"hs"}, "192.0.2.2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := failoverSet(t, tt.primary, tt.secondary)
			r := Select(set, client("198.51.100.7/32"), &Env{Health: down(tt.down...)})
			if joined(r) != tt.want || r.Healthy != tt.wantHealthy || r.Scope != 0 {
				t.Errorf("got %s healthy=%v scope=%d, want %s healthy=%v scope=0", joined(r), r.Healthy, r.Scope, tt.want, tt.wantHealthy)
			}
		})
	}
}

func TestFailoverEmpty(t *testing.T) {
	r := Select(&Set{Name: fname, Type: dns.TypeA, Kind: Failover}, client("198.51.100.7/32"), nil)
	if !r.NoData || len(r.RRs) != 0 {
		t.Errorf("empty group: got %+v, want NoData", r)
	}
}
