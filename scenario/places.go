package scenario

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/r53d/r53d/geo"
)

// PlaceIndex resolves places to client subnets through the networks of a
// GeoIP database: a country, subdivision or continent to its first
// network there (IPv4 first), a region to the network with the lowest
// latency to it as latency routing measures (the latency table, else the
// estimate from the database's coordinates), coordinates to the nearest
// located network. Each resolution is remembered.
type PlaceIndex struct {
	nets    []geo.Network
	latency geo.LatencySource
	memo    map[string]resolved
}

type resolved struct {
	client netip.Prefix
	note   string
	err    error
}

// NewPlaceIndex indexes the located networks of db; table is the zones'
// latency table (nil: none).
func NewPlaceIndex(db *geo.DB, table *geo.LatencyTable) (*PlaceIndex, error) {
	var nets []geo.Network
	for n, err := range db.Networks() {
		if err != nil {
			return nil, err
		}
		if n.Located {
			nets = append(nets, n)
		}
	}
	slices.SortStableFunc(nets, func(a, b geo.Network) int {
		return cmp.Compare(family(a.Network), family(b.Network))
	})
	return &PlaceIndex{nets: nets, latency: geo.LatencySource{Table: table, Locator: db}, memo: map[string]resolved{}}, nil
}

func family(p netip.Prefix) int {
	if p.Addr().Is4() {
		return 4
	}
	return 6
}

// Resolve implements Places.
func (x *PlaceIndex) Resolve(c *Client) (netip.Prefix, string, error) {
	key := fmt.Sprintf("%s|%s|%s|%s|%v", c.Country, c.Subdivision, c.Continent, c.Region, c.Coordinates)
	if c.Coordinates != nil {
		key = fmt.Sprintf("%s|%v", key, *c.Coordinates)
	}
	if r, ok := x.memo[key]; ok {
		return r.client, r.note, r.err
	}
	var r resolved
	switch {
	case c.Country != "":
		r = x.first("country "+c.Country, func(l *geo.Location) bool { return l.Country == c.Country })
	case c.Subdivision != "":
		country, sub, _ := strings.Cut(c.Subdivision, "-")
		r = x.first("subdivision "+c.Subdivision, func(l *geo.Location) bool {
			return l.Country == country && strings.EqualFold(l.Subdivision, sub)
		})
	case c.Continent != "":
		r = x.first("continent "+c.Continent, func(l *geo.Location) bool { return l.Continent == c.Continent })
	case c.Region != "":
		r = x.nearestRegion(c.Region)
	case c.Coordinates != nil:
		r = x.nearestPoint(c.Coordinates[0], c.Coordinates[1])
	}
	x.memo[key] = r
	return r.client, r.note, r.err
}

// subnetOf is the subnet a resolver would send for a client of network n:
// a /24 (IPv4) or /56 (IPv6) inside it, or n itself when longer.
func subnetOf(n netip.Prefix) netip.Prefix {
	bits := 24
	if n.Addr().Is6() {
		bits = 56
	}
	return netip.PrefixFrom(n.Addr(), max(bits, n.Bits()))
}

func (x *PlaceIndex) first(what string, match func(*geo.Location) bool) resolved {
	for i := range x.nets {
		if match(&x.nets[i].Location) {
			n := x.nets[i].Network
			return resolved{client: subnetOf(n), note: fmt.Sprintf("%s: GeoIP network %s", what, n)}
		}
	}
	return resolved{err: fmt.Errorf("no network of the GeoIP database is in %s", what)}
}

// nearestRegion picks the network with the lowest latency to region.
func (x *PlaceIndex) nearestRegion(region string) resolved {
	best, bestMs := -1, 0.0
	ms := []float64{0}
	for i := range x.nets {
		client := subnetOf(x.nets[i].Network)
		if _, ok := x.latency.Latencies(client, []string{region}, ms); !ok || ms[0] < 0 {
			continue
		}
		if best < 0 || ms[0] < bestMs {
			best, bestMs = i, ms[0]
		}
	}
	if best < 0 {
		return resolved{err: fmt.Errorf("no network of the GeoIP database has a known latency to region %s", region)}
	}
	n := x.nets[best].Network
	return resolved{client: subnetOf(n), note: fmt.Sprintf("region %s: GeoIP network %s, %.0f ms away", region, n, bestMs)}
}

// nearestPoint picks the located network nearest to lat, lon.
func (x *PlaceIndex) nearestPoint(lat, lon float64) resolved {
	best, bestKm := -1, 0.0
	for i := range x.nets {
		l := &x.nets[i].Location
		if !l.HasCoordinates {
			continue
		}
		if km := geo.DistanceKm(lat, lon, l.Latitude, l.Longitude); best < 0 || km < bestKm {
			best, bestKm = i, km
		}
	}
	if best < 0 {
		return resolved{err: fmt.Errorf("no network of the GeoIP database has coordinates")}
	}
	n := x.nets[best].Network
	return resolved{client: subnetOf(n), note: fmt.Sprintf("coordinates %g,%g: GeoIP network %s, %.0f km away", lat, lon, n, bestKm)}
}
