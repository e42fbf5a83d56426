package policy

import (
	"testing"

	"github.com/miekg/dns"
)

const iname = "ipb.example.test."

// ipSet builds an IP-based group over testCollections; record i answers
// 192.0.2.i+1 and is checked by hc-<location>.
func ipSet(t testing.TB, locations ...string) *Set {
	t.Helper()
	set := &Set{Name: iname, Type: dns.TypeA, Kind: IPBased, Collection: colID}
	for i, l := range locations {
		set.Records = append(set.Records, Record{SetIdentifier: "id-" + l, CIDRLocation: l, HealthCheckID: "hc-" + l, RRs: a(t, iname, "192.0.2."+itoa(i+1))})
	}
	return set
}

// docs/routing.md#ip-based and docs/differences.md#decisions.
func TestIPBased(t *testing.T) {
	all := []string{"wide", "narrow", "deep", "*"} // .1 .2 .3 .4
	tests := []struct {
		name        string
		locs        []string
		client      string
		down        []string
		want        string
		wantHealthy bool
		wantScope   int
	}{
		{"longest block", all, "10.1.2.3/32", nil, "192.0.2.3", true, 24},
		{"ECS /24 inside the /24", all, "10.1.2.0/24", nil, "192.0.2.3", true, 24},
		{"ECS /23 too short for the /24", all, "10.1.2.0/23", nil, "192.0.2.2", true, 23},
		{"/48 block does not match /32 query", all, "2001:db8::/32", nil, "192.0.2.1", true, 32},
		{"no match → default", all, "11.0.0.1/32", nil, "192.0.2.4", true, 8},
		{"location without a record → default", []string{"wide", "*"}, "192.0.2.9/32", nil, "192.0.2.2", true, 24},
		{"location unhealthy → default", all, "10.1.2.3/32", []string{"hc-deep"}, "192.0.2.4", true, 24},
		{"location and default unhealthy → location", all, "10.1.2.3/32", []string{"hc-deep", "hc-*"}, "192.0.2.3", false, 24},
		{"no match, default unhealthy → default", all, "11.0.0.1/32", []string{"hc-*"}, "192.0.2.4", false, 8},
		{"no match, no default: NODATA", []string{"wide", "narrow"}, "11.0.0.1/32", nil, "", false, 8},
		{"location without a record, no default: NODATA", []string{"wide"}, "192.0.2.9/32", nil, "", false, 24},
		{"matched location without a record: default, not a shorter block", []string{"wide", "*"}, "10.1.2.3/32", nil, "192.0.2.2", true, 24},
	}
	c := testCollections(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Select(ipSet(t, tt.locs...), client(tt.client), &Env{Health: down(tt.down...), CIDR: c})
			if joined(r) != tt.want || r.Healthy != tt.wantHealthy || r.Scope != tt.wantScope || r.NoData != (tt.want == "") {
				t.Errorf("got %q healthy=%v scope=%d nodata=%v, want %q healthy=%v scope=%d", joined(r), r.Healthy, r.Scope, r.NoData, tt.want, tt.wantHealthy, tt.wantScope)
			}
		})
	}
}

func TestIPBasedWithoutCollections(t *testing.T) {
	r := Select(ipSet(t, "deep", "*"), client("10.1.2.3/32"), &Env{})
	if joined(r) != "192.0.2.2" || r.Scope != 0 {
		t.Errorf("got %s scope %d, want the default with scope 0", joined(r), r.Scope)
	}
}
