package answer

import (
	"net/netip"

	"github.com/r53d/r53d/geo"
)

// geoCacheSize is the number of addresses a worker remembers the location
// of; resolvers send the same few ECS subnets again and again.
const geoCacheSize = 1024

// geoCache is a worker's direct-mapped memo of Locate: a GeoIP2 City
// lookup decodes a whole record (about 0.7 µs and 4 allocations), a hit
// costs a hash and a compare. Locate is a pure function of the address
// and the database, so a hit is exactly what the database would say. Not
// safe for concurrent use: each worker has its own.
type geoCache struct {
	locator geo.Locator
	entries [geoCacheSize]geoEntry
}

type geoEntry struct {
	addr  netip.Addr
	loc   geo.Location
	found bool
	valid bool
}

// use points the cache at locator, forgetting everything when it changes.
func (c *geoCache) use(locator geo.Locator) {
	if c.locator != locator {
		c.locator = locator
		clear(c.entries[:])
	}
}

// Locate implements geo.Locator.
func (c *geoCache) Locate(addr netip.Addr) (geo.Location, bool) {
	e := &c.entries[slot(addr)]
	if e.valid && e.addr == addr {
		return e.loc, e.found
	}
	loc, found := c.locator.Locate(addr)
	*e = geoEntry{addr: addr, loc: loc, found: found, valid: true}
	return loc, found
}

// slot hashes an address to a cache index (FNV-1a over its 16 bytes).
func slot(addr netip.Addr) int {
	b := addr.As16()
	h := uint32(2166136261)
	for _, x := range b {
		h ^= uint32(x)
		h *= 16777619
	}
	return int(h % geoCacheSize)
}
