package policy

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
)

const lname = "lat.example.test."

// meter is a fake LatencyMeter: fixed latencies for every client.
type meter struct {
	ms      map[string]float64
	network netip.Prefix
	ok      bool
	asked   []string
}

func (m *meter) Latencies(_ netip.Prefix, regions []string, ms []float64) (netip.Prefix, bool) {
	m.asked = append(m.asked[:0], regions...)
	for i, r := range regions {
		if v, ok := m.ms[r]; ok {
			ms[i] = v
		}
	}
	return m.network, m.ok
}

func latencySet(t testing.TB, regions ...string) *Set {
	t.Helper()
	set := &Set{Name: lname, Type: dns.TypeA, Kind: Latency}
	for i, r := range regions {
		set.Records = append(set.Records, Record{SetIdentifier: "id-" + r, Region: r, HealthCheckID: "hc-" + r, RRs: a(t, lname, "192.0.2."+itoa(i+1))})
	}
	return set
}

// docs/routing.md#latency, fail-open included.
func TestLatency(t *testing.T) {
	regions := []string{"us-east-1", "eu-west-1", "ap-northeast-1"} // .1 .2 .3
	ms := map[string]float64{"us-east-1": 80, "eu-west-1": 12, "ap-northeast-1": 200}
	tests := []struct {
		name        string
		ms          map[string]float64
		ok          bool
		down        []string
		want        string
		wantHealthy bool
		wantScope   int
	}{
		{"lowest latency", ms, true, nil, "192.0.2.2", true, 16},
		{"best unhealthy → next best", ms, true, []string{"hc-eu-west-1"}, "192.0.2.1", true, 16},
		{"two best unhealthy → third", ms, true, []string{"hc-eu-west-1", "hc-us-east-1"}, "192.0.2.3", true, 16},
		{"all unhealthy → best", ms, true, []string{"hc-eu-west-1", "hc-us-east-1", "hc-ap-northeast-1"}, "192.0.2.2", false, 16},
		{"unknown regions rank last", map[string]float64{"ap-northeast-1": 300}, true, nil, "192.0.2.3", true, 16},
		{"nothing known → lowest SetIdentifier", nil, false, nil, "192.0.2.3", true, 16},
		{"nothing known, lowest unhealthy → next SetIdentifier", nil, false, []string{"hc-ap-northeast-1"}, "192.0.2.2", true, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &meter{ms: tt.ms, ok: tt.ok, network: netip.MustParsePrefix("11.1.0.0/16")}
			r := Select(latencySet(t, regions...), client("11.1.0.1/32"), &Env{Health: down(tt.down...), Latency: m})
			if joined(r) != tt.want || r.Healthy != tt.wantHealthy || r.Scope != tt.wantScope {
				t.Errorf("got %s healthy=%v scope=%d, want %s healthy=%v scope=%d", joined(r), r.Healthy, r.Scope, tt.want, tt.wantHealthy, tt.wantScope)
			}
			if !slices.Equal(m.asked, regions) {
				t.Errorf("asked for %v, want %v", m.asked, regions)
			}
		})
	}
}

func TestLatencyWithoutMeter(t *testing.T) {
	r := Select(latencySet(t, "us-east-1", "eu-west-1"), client("11.1.0.1/32"), &Env{})
	// "id-eu-west-1" < "id-us-east-1"
	if joined(r) != "192.0.2.2" || r.Scope != 0 {
		t.Errorf("got %s scope %d, want 192.0.2.2 scope 0", joined(r), r.Scope)
	}
}

func TestLatencyChina(t *testing.T) {
	set := latencySet(t, "us-east-1", "cn-north-1") // .1 .2
	m := &meter{ms: map[string]float64{"us-east-1": 5, "cn-north-1": 90}, ok: true, network: netip.MustParsePrefix("11.7.0.0/16")}
	loc := locator{
		netip.MustParseAddr("11.7.0.1"): {Continent: "AS", Country: "CN", Network: netip.MustParsePrefix("11.7.0.0/20")},
		netip.MustParseAddr("11.8.0.1"): {Continent: "AS", Country: "JP", Network: netip.MustParsePrefix("11.8.0.0/20")},
	}
	tests := []struct {
		name, client string
		down         []string
		want         string
		wantScope    int
	}{
		{"from China: cn-north-1 whatever the latency", "11.7.0.1/32", nil, "192.0.2.2", 20},
		{"from China, cn-north-1 unhealthy: by latency", "11.7.0.1/32", []string{"hc-cn-north-1"}, "192.0.2.1", 16},
		{"elsewhere: by latency", "11.8.0.1/32", nil, "192.0.2.1", 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Select(set, client(tt.client), &Env{Health: down(tt.down...), Latency: m, Locator: loc})
			if joined(r) != tt.want || r.Scope != tt.wantScope {
				t.Errorf("got %s scope %d, want %s scope %d", joined(r), r.Scope, tt.want, tt.wantScope)
			}
		})
	}
}

// The answer for a client under the 11/8 row must not reach the clients of
// the 11.3/16 row, which go elsewhere: scope /15, not /8.
func TestLatencyScopeExcludesLongerRows(t *testing.T) {
	table, err := geo.NewLatencyTable([]geo.LatencyRow{
		{Network: netip.MustParsePrefix("11.0.0.0/8"), Regions: []geo.RegionLatency{{Region: "us-east-1", Ms: 40}, {Region: "eu-west-1", Ms: 90}}},
		{Network: netip.MustParsePrefix("11.3.0.0/16"), Regions: []geo.RegionLatency{{Region: "us-east-1", Ms: 50}, {Region: "eu-west-1", Ms: 5}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	set := latencySet(t, "us-east-1", "eu-west-1") // .1 .2
	env := &Env{Latency: &geo.LatencySource{Table: table}}
	for _, tt := range []struct {
		client, want string
		scope        int
	}{
		{"11.1.0.0/24", "192.0.2.1", 15},
		{"11.3.0.0/24", "192.0.2.2", 16},
		{"::ffff:11.1.0.0/120", "192.0.2.1", 15}, // IPv4 bits; the resolver adds 96 on the wire
	} {
		r := Select(set, Client{Subnet: netip.MustParsePrefix(tt.client), FromECS: true}, env)
		if joined(r) != tt.want || r.Scope != tt.scope {
			t.Errorf("%s: got %s scope %d, want %s scope %d", tt.client, joined(r), r.Scope, tt.want, tt.scope)
		}
	}
}
