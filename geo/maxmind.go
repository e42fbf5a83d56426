package geo

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/oschwald/geoip2-golang/v2"
	"github.com/oschwald/maxminddb-golang/v2"
)

// DB is a MaxMind DB file opened for location lookups. It reads
//
//   - GeoIP2 and GeoLite2 City and Country databases, DB-IP's City and
//     Country (lite) databases and the other types whose records have the
//     GeoIP2 City layout, through geoip2-golang; and
//   - country-only databases of any other type whose records carry a bare
//     top-level country code, {"country_code": "DE"}, through
//     maxminddb-golang.
//
// Which of the two a file is follows from its metadata DatabaseType, decided
// once by Open. A DB is safe for concurrent use until Close.
type DB struct {
	path     string
	meta     maxminddb.Metadata
	city     *geoip2.Reader    // GeoIP2 City layout; nil for a country-only file
	codes    *maxminddb.Reader // country-only file; nil for a City-layout file
	ipv4Only bool
}

var _ Locator = (*DB)(nil)

// countryCodeRecord is a record of a country-only database.
type countryCodeRecord struct {
	CountryCode string `maxminddb:"country_code"`
}

// Open opens the MaxMind DB file at path. It fails for a file that is not a
// MaxMind DB and for database types that carry no location, such as
// GeoLite2-ASN. The file is memory-mapped; it must not be rewritten in place
// while the DB is open (replace it and open it again instead).
func Open(path string) (*DB, error) {
	r, err := geoip2.Open(path)
	var unknown geoip2.UnknownDatabaseTypeError
	switch {
	case errors.As(err, &unknown):
		if r != nil {
			_ = r.Close()
		}
		return openCountryCodes(path)
	case err != nil:
		return nil, fmt.Errorf("geo database %s: %w", path, err)
	}
	// geoip2 knows the type; ask it whether City lookups apply (they do for
	// every City and Country layout) rather than keep a list of our own.
	var invalid geoip2.InvalidMethodError
	if _, err := r.City(netip.IPv4Unspecified()); errors.As(err, &invalid) {
		_ = r.Close()
		return nil, fmt.Errorf("geo database %s: type %q has no locations", path, invalid.DatabaseType)
	}
	meta := r.Metadata()
	return &DB{path: path, meta: meta, city: r, ipv4Only: meta.IPVersion == 4}, nil
}

func openCountryCodes(path string) (*DB, error) {
	r, err := maxminddb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geo database %s: %w", path, err)
	}
	return &DB{path: path, meta: r.Metadata, codes: r, ipv4Only: r.Metadata.IPVersion == 4}, nil
}

// DatabaseType returns the database type from the file's metadata, such as
// "GeoLite2-City".
func (db *DB) DatabaseType() string { return db.meta.DatabaseType }

// BuildTime returns when the database was built, from its metadata.
func (db *DB) BuildTime() time.Time { return db.meta.BuildTime() }

// Close releases the file. Lookups must not run during or after Close.
func (db *DB) Close() error {
	var err error
	if db.city != nil {
		err = db.city.Close()
	}
	if db.codes != nil {
		err = db.codes.Close()
	}
	if err != nil {
		return fmt.Errorf("geo database %s: close: %w", db.path, err)
	}
	return nil
}

// Locate implements Locator: Lookup without the error, so a record that
// cannot be decoded counts as not found.
func (db *DB) Locate(addr netip.Addr) (Location, bool) {
	loc, ok, err := db.Lookup(addr)
	if err != nil {
		return Location{Network: loc.Network}, false
	}
	return loc, ok
}

// Lookup returns the location of addr. IPv4-mapped IPv6 addresses are looked
// up as IPv4, and Network is then an IPv4 prefix. ok is false when addr is in
// no network of the database; loc.Network is then still the database's empty
// region around addr when known (::/0 for an IPv6 address in an IPv4-only
// database), since an answer that depended on not finding the client holds for
// that whole region. The continent is Route 53's for the country (docs/ecs.md#location-data)
// whatever the database says, and the database's own only when Route 53
// does not know the country. err reports a malformed database.
func (db *DB) Lookup(addr netip.Addr) (loc Location, ok bool, err error) {
	addr = addr.Unmap().WithZone("")
	switch {
	case !addr.IsValid():
		return Location{}, false, errors.New("geo: lookup of an invalid address")
	case db.ipv4Only && addr.Is6():
		return Location{Network: netip.PrefixFrom(netip.IPv6Unspecified(), 0)}, false, nil
	case db.city != nil:
		loc, ok, err = db.lookupCity(addr)
	default:
		loc, ok, err = db.lookupCountryCode(addr)
	}
	loc.Network = familyNetwork(addr, loc.Network)
	if err != nil {
		return loc, false, fmt.Errorf("geo database %s: %s: %w", db.path, addr, err)
	}
	return loc, ok, nil
}

func (db *DB) lookupCity(addr netip.Addr) (Location, bool, error) {
	rec, err := db.city.City(addr)
	if err != nil || rec == nil {
		return Location{}, false, err
	}
	loc := cityLocation(rec)
	loc.Network = rec.Traits.Network
	return loc, rec.HasData(), nil
}

// cityLocation is what r53d reads of a City record: Route 53's continent,
// the country, the first subdivision and the coordinates.
func cityLocation(rec *geoip2.City) Location {
	loc := Location{Country: rec.Country.ISOCode}
	loc.Continent = continentFor(loc.Country, rec.Continent.Code)
	if len(rec.Subdivisions) > 0 {
		loc.Subdivision = rec.Subdivisions[0].ISOCode
	}
	if rec.Location.HasCoordinates() {
		loc.Latitude, loc.Longitude = *rec.Location.Latitude, *rec.Location.Longitude
		loc.HasCoordinates = true
	}
	return loc
}

func (db *DB) lookupCountryCode(addr netip.Addr) (Location, bool, error) {
	res := db.codes.Lookup(addr)
	loc := Location{Network: res.Prefix()}
	if !res.Found() {
		return loc, false, res.Err()
	}
	code, err := decodeCountryCode(res)
	if err != nil {
		return loc, false, err
	}
	loc.Country, loc.Continent = code.Country, code.Continent
	return loc, true, nil
}

// decodeCountryCode reads a record of a country-code database.
func decodeCountryCode(res maxminddb.Result) (Location, error) {
	var rec countryCodeRecord
	if err := res.Decode(&rec); err != nil {
		return Location{}, err
	}
	loc := Location{Country: strings.ToUpper(rec.CountryCode)}
	loc.Continent = ContinentOf(loc.Country)
	return loc, nil
}

// continentFor returns Route 53's continent for country, falling back to the
// database's continent code when Route 53 does not place the country (or
// there is none) and that code is one of Route 53's.
func continentFor(country, dbContinent string) string {
	if c := ContinentOf(country); c != "" {
		return c
	}
	if ValidContinent(dbContinent) {
		return dbContinent
	}
	return ""
}

// familyNetwork makes the reported network the same family as addr. For an
// IPv4 address in an IPv6 database, maxminddb-golang already converts the
// network below ::/96 to an IPv4 prefix (bits − 96); a network that ends
// above the IPv4 subtree covers all of IPv4, so it becomes 0.0.0.0/0.
func familyNetwork(addr netip.Addr, network netip.Prefix) netip.Prefix {
	if !network.IsValid() || addr.Is4() == network.Addr().Is4() {
		return network
	}
	if addr.Is4() {
		return netip.PrefixFrom(netip.IPv4Unspecified(), 0)
	}
	return netip.PrefixFrom(netip.IPv6Unspecified(), 0)
}
