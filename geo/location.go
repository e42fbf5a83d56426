// Package geo maps client addresses to places and measures distances
// between places: GeoIP2 lookups, Route 53's country → continent table, the
// coordinates of AWS regions and Local Zone groups, great-circle distance, a
// latency estimate and the measured-latency table. Its longest-prefix index,
// with the ECS scope of each outcome, serves both the latency table and
// CIDR collections. It imports nothing of r53d's.
package geo

import "net/netip"

// Location is where an address is, as far as the database knows. Empty
// strings mean unknown.
type Location struct {
	Continent   string // Route 53 continent code: AF AN AS EU NA OC SA
	Country     string // ISO 3166-1 alpha-2, upper case
	Subdivision string // first-level subdivision code without the country, e.g. "TX"
	Latitude    float64
	Longitude   float64
	// HasCoordinates is false when the database had no coordinates.
	HasCoordinates bool
	// Network is the database network that matched; its length is the ECS
	// scope of an answer that depended on this location.
	Network netip.Prefix
}

// Locator maps an address to a Location. ok is false when the address is
// in no network of the database. Implementations are safe for concurrent use.
type Locator interface {
	Locate(addr netip.Addr) (loc Location, ok bool)
}
