package scenario

import (
	"fmt"
	"net/netip"

	"github.com/oschwald/maxminddb-golang/v2"
	"github.com/r53d/r53d/geo"
)

// DatabaseNetworks lists every network of the MaxMind DB at path with the
// location locator gives its first address (the server's own view of
// it). Stand-in until package geo enumerates networks itself.
func DatabaseNetworks(path string, locator geo.Locator) ([]Network, error) {
	r, err := maxminddb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geo database %s: %w", path, err)
	}
	defer r.Close()
	var out []Network
	for res := range r.Networks() {
		if err := res.Err(); err != nil {
			return nil, fmt.Errorf("geo database %s: %w", path, err)
		}
		p := res.Prefix()
		if loc, ok := locator.Locate(p.Addr()); ok {
			out = append(out, Network{Prefix: netip.PrefixFrom(p.Addr().Unmap(), p.Bits()), Location: loc})
		}
	}
	return out, nil
}
