package policy

import (
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
)

const gname = "geo.example.test."

// The client addresses of the geolocation tests and where they are.
var places = locator{
	netip.MustParseAddr("11.1.0.1"): {Continent: "NA", Country: "US", Subdivision: "TX", Network: netip.MustParsePrefix("11.1.0.0/16")},
	netip.MustParseAddr("11.2.0.1"): {Continent: "NA", Country: "US", Subdivision: "CA", Network: netip.MustParsePrefix("11.2.0.0/20")},
	netip.MustParseAddr("11.3.0.1"): {Continent: "NA", Country: "US", Network: netip.MustParsePrefix("11.3.0.0/18")},
	netip.MustParseAddr("11.4.0.1"): {Continent: "NA", Country: "CA", Network: netip.MustParsePrefix("11.4.0.0/14")},
	netip.MustParseAddr("11.5.0.1"): {Continent: "AS", Country: "JP", Network: netip.MustParsePrefix("11.5.0.0/15")},
	netip.MustParseAddr("11.6.0.1"): {Continent: "EU", Country: "FR", Network: netip.MustParsePrefix("11.6.0.0/17")},
}

// geoSet builds a geolocation group. Locations: "US-TX", "US", "NA"
// (continent if two letters and listed as continent), "*".
func geoSet(t testing.TB, locs ...string) *Set {
	t.Helper()
	set := &Set{Name: gname, Type: dns.TypeA, Kind: Geolocation}
	continents := map[string]bool{"AF": true, "AN": true, "AS": true, "EU": true, "NA": true, "OC": true, "SA": true}
	for i, l := range locs {
		var g GeoLocation
		switch {
		case l == "*":
			g.Country = "*"
		case len(l) > 2:
			g.Country, g.Subdivision = l[:2], l[3:]
		case continents[l]:
			g.Continent = l
		default:
			g.Country = l
		}
		set.Records = append(set.Records, Record{SetIdentifier: l, Geo: g, HealthCheckID: "hc-" + l, RRs: a(t, gname, "192.0.2."+itoa(i+1))})
	}
	return set
}

// docs/routing.md#geolocation, fail-open included.
func TestGeolocation(t *testing.T) {
	full := []string{"US-TX", "US", "NA", "*", "FR"} // values .1 .2 .3 .4 .5
	tests := []struct {
		name        string
		locs        []string
		client      string
		down        []string
		want        string
		wantHealthy bool
		wantScope   int
	}{
		{"state", full, "11.1.0.1/32", nil, "192.0.2.1", true, 16},
		{"other state → country", full, "11.2.0.1/32", nil, "192.0.2.2", true, 20},
		{"US without state → country", full, "11.3.0.1/32", nil, "192.0.2.2", true, 18},
		{"country without record → continent", full, "11.4.0.1/32", nil, "192.0.2.3", true, 14},
		{"no continent record → default", full, "11.5.0.1/32", nil, "192.0.2.4", true, 15},
		{"country record", full, "11.6.0.1/32", nil, "192.0.2.5", true, 17},
		{"unknown address → default, scope = client", full, "203.0.113.0/24", nil, "192.0.2.4", true, 24},
		{"state unhealthy → country", full, "11.1.0.1/32", []string{"hc-US-TX"}, "192.0.2.2", true, 16},
		{"state, country unhealthy → continent", full, "11.1.0.1/32", []string{"hc-US-TX", "hc-US"}, "192.0.2.3", true, 16},
		{"up to default", full, "11.1.0.1/32", []string{"hc-US-TX", "hc-US", "hc-NA"}, "192.0.2.4", true, 16},
		{"chain all unhealthy → most specific", full, "11.1.0.1/32", []string{"hc-US-TX", "hc-US", "hc-NA", "hc-*"}, "192.0.2.1", false, 16},
		{"other locations never used", full, "11.6.0.1/32", []string{"hc-FR", "hc-*"}, "192.0.2.5", false, 17},
		{"US no state, state records only, default", []string{"US-TX", "*"}, "11.3.0.1/32", nil, "192.0.2.2", true, 18},
		{"US no state, state records only, no default: NODATA", []string{"US-TX", "US-CA"}, "11.3.0.1/32", nil, "", false, 18},
		{"no match, no default: NODATA", []string{"US", "FR"}, "11.5.0.1/32", nil, "", false, 15},
		{"unknown address, no default: NODATA", []string{"US"}, "203.0.113.9/32", nil, "", false, 32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := geoSet(t, tt.locs...)
			r := Select(set, client(tt.client), &Env{Health: down(tt.down...), Locator: places})
			if joined(r) != tt.want || r.Healthy != tt.wantHealthy || r.Scope != tt.wantScope || r.NoData != (tt.want == "") {
				t.Errorf("got %q healthy=%v scope=%d nodata=%v, want %q healthy=%v scope=%d", joined(r), r.Healthy, r.Scope, r.NoData, tt.want, tt.wantHealthy, tt.wantScope)
			}
		})
	}
}

func TestGeolocationWithoutDatabase(t *testing.T) {
	set := geoSet(t, "US-TX", "US", "*")
	r := Select(set, client("11.1.0.1/32"), &Env{})
	if joined(r) != "192.0.2.3" || r.Scope != 0 {
		t.Errorf("no database: got %s scope %d, want the default with scope 0", joined(r), r.Scope)
	}
	if r := Select(geoSet(t, "US"), client("11.1.0.1/32"), &Env{}); !r.NoData || r.Scope != 0 {
		t.Errorf("no database, no default: got %+v, want NODATA scope 0", r)
	}
}

// A database that knows the address's network but not its place still
// scopes the answer to that network.
func TestGeolocationUnknownNetworkScope(t *testing.T) {
	l := locatorFunc(func(netip.Addr) (geo.Location, bool) {
		return geo.Location{Network: netip.MustParsePrefix("203.0.112.0/22")}, false
	})
	r := Select(geoSet(t, "US", "*"), client("203.0.113.0/24"), &Env{Locator: l})
	if joined(r) != "192.0.2.2" || r.Scope != 22 {
		t.Errorf("got %s scope %d, want default with scope 22", joined(r), r.Scope)
	}
}

type locatorFunc func(netip.Addr) (geo.Location, bool)

func (f locatorFunc) Locate(a netip.Addr) (geo.Location, bool) { return f(a) }
