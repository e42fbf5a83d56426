package policy

import (
	"math"
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
)

const pname = "near.example.test."

// kmPerDegree is the length of one degree of a great circle.
const kmPerDegree = geo.EarthRadiusKm * math.Pi / 180

// prox is a geoproximity record on the equator, km east of 0°.
type prox struct {
	id   string
	km   float64
	bias int
}

func proxSet(t testing.TB, recs ...prox) *Set {
	t.Helper()
	set := &Set{Name: pname, Type: dns.TypeA, Kind: Geoproximity}
	for i, p := range recs {
		set.Records = append(set.Records, Record{
			SetIdentifier: p.id, HealthCheckID: "hc-" + p.id, RRs: a(t, pname, "192.0.2."+itoa(i+1)),
			Proximity: Proximity{Source: p.id, Longitude: p.km / kmPerDegree, Bias: p.bias},
		})
	}
	return set
}

var origin = locator{netip.MustParseAddr("11.9.0.1"): {Continent: "AF", Country: "GA", HasCoordinates: true, Network: netip.MustParsePrefix("11.9.0.0/19")}}

// docs/routing.md#geoproximity and docs/differences.md#decisions.
func TestGeoproximity(t *testing.T) {
	tests := []struct {
		name        string
		recs        []prox
		down        []string
		want        string
		wantHealthy bool
	}{
		{"closest", []prox{{"a", 150, 0}, {"b", -100, 0}}, nil, "192.0.2.2", true},
		{"documented example: +50 bias halves 150 km to 75", []prox{{"a", 150, 50}, {"b", -100, 0}}, nil, "192.0.2.1", true},
		{"negative bias doubles", []prox{{"a", 60, -50}, {"b", -100, 0}}, nil, "192.0.2.2", true},
		{"tie → lower SetIdentifier", []prox{{"b", 100, 0}, {"a", -100, 0}}, nil, "192.0.2.2", true},
		{"closest unhealthy → next closest", []prox{{"a", 10, 0}, {"b", 20, 0}, {"c", 30, 0}}, []string{"hc-a"}, "192.0.2.2", true},
		{"all unhealthy → closest", []prox{{"a", 30, 0}, {"b", 20, 0}, {"c", 10, 0}}, []string{"hc-a", "hc-b", "hc-c"}, "192.0.2.3", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Select(proxSet(t, tt.recs...), client("11.9.0.1/32"), &Env{Health: down(tt.down...), Locator: origin})
			if joined(r) != tt.want || r.Healthy != tt.wantHealthy || r.Scope != 19 {
				t.Errorf("got %s healthy=%v scope=%d, want %s healthy=%v scope=19", joined(r), r.Healthy, r.Scope, tt.want, tt.wantHealthy)
			}
		})
	}
}

func TestGeoproximityWithoutCoordinates(t *testing.T) {
	set := proxSet(t, prox{"zulu", 1, 0}, prox{"alpha", 5000, 0})
	noCoords := locator{netip.MustParseAddr("11.9.0.1"): {Country: "GA", Network: netip.MustParsePrefix("11.9.0.0/19")}}
	for name, env := range map[string]*Env{
		"no database":                {},
		"no coordinates":             {Locator: noCoords},
		"unknown address":            {Locator: locator{}},
		"coordinates, all unhealthy": {Locator: origin, Health: down("hc-alpha", "hc-zulu")},
	} {
		t.Run(name, func(t *testing.T) {
			want := "192.0.2.2" // lowest SetIdentifier
			if env.Locator != nil && env.Health != nil {
				want = "192.0.2.1" // with coordinates, all unhealthy: closest
			}
			if got := joined(Select(set, client("11.9.0.1/32"), env)); got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
}

func TestBiasedKm(t *testing.T) {
	for _, tt := range []struct {
		bias int
		mult float64
	}{{99, 0.01}, {50, 0.5}, {25, 0.75}, {0, 1}, {-25, 4.0 / 3}, {-50, 2}, {-99, 100}, {150, 0.01}, {-150, 100}} {
		if got := biasedKm(1000, tt.bias); math.Abs(got-1000*tt.mult) > 1e-9 {
			t.Errorf("bias %d: %.6f km, want %.6f", tt.bias, got, 1000*tt.mult)
		}
	}
	for b := 1; b <= 99; b++ { // m(−b) = 1/m(b)
		if p := biasedKm(1, b) * biasedKm(1, -b); math.Abs(p-1) > 1e-12 {
			t.Errorf("bias ±%d: multipliers multiply to %v", b, p)
		}
	}
}
