package geo

import (
	"fmt"
	"iter"
	"math"
	"net/netip"

	"github.com/oschwald/geoip2-golang/v2"
	"github.com/oschwald/maxminddb-golang/v2"
)

// Network is one network of a GeoIP database with its location: the unit
// of a client population (every address in it is placed alike).
type Network struct {
	// Location is where the database puts the network; Location.Network is
	// the network itself.
	Location
	// Located is what Locate reports for an address of the network: false
	// for a record that names no place a policy can use.
	Located bool
	// Addresses is the number of addresses in the network, 2^(bits−length):
	// exact in a float64 for either family.
	Addresses float64
}

// Place is Location without its network: networks with equal Places get the
// same answer from every location-based policy, so callers group by it.
func (n Network) Place() Location {
	loc := n.Location
	loc.Network = netip.Prefix{}
	return loc
}

// Networks iterates every network of the database that has a record, in
// address order: IPv4 networks as IPv4 prefixes, once each (the IPv4
// aliases of an IPv6 database, such as ::ffff:0:0/96, are skipped). The
// location of each network is what Locate returns for its addresses, and a
// record shared by many networks is decoded once. The iteration reads its
// own handle on the file, so it may run beside lookups; it ends at the first
// error, which it yields.
func (db *DB) Networks() iter.Seq2[Network, error] {
	return func(yield func(Network, error) bool) {
		r, err := maxminddb.Open(db.path)
		if err != nil {
			yield(Network{}, fmt.Errorf("geo database %s: %w", db.path, err))
			return
		}
		defer r.Close()
		type place struct {
			loc Location
			ok  bool
		}
		decoded := map[uintptr]place{}
		for res := range r.Networks() {
			if err := res.Err(); err != nil {
				yield(Network{}, fmt.Errorf("geo database %s: networks: %w", db.path, err))
				return
			}
			p, seen := decoded[res.Offset()]
			if !seen {
				p.loc, p.ok, err = db.decodeLocation(res)
				if err != nil {
					yield(Network{}, fmt.Errorf("geo database %s: %s: %w", db.path, res.Prefix(), err))
					return
				}
				decoded[res.Offset()] = p
			}
			prefix := res.Prefix()
			n := Network{Location: p.loc, Located: p.ok, Addresses: AddressCount(prefix)}
			n.Network = prefix
			if !yield(n, nil) {
				return
			}
		}
	}
}

// decodeLocation reads one record the way Lookup does.
func (db *DB) decodeLocation(res maxminddb.Result) (Location, bool, error) {
	if db.city == nil {
		loc, err := decodeCountryCode(res)
		return loc, err == nil, err
	}
	var rec geoip2.City
	if err := res.Decode(&rec); err != nil {
		return Location{}, false, err
	}
	return cityLocation(&rec), rec.HasData(), nil
}

// AddressCount is the number of addresses in p: 2^(bits−length).
func AddressCount(p netip.Prefix) float64 {
	if !p.IsValid() {
		return 0
	}
	return math.Ldexp(1, p.Addr().BitLen()-p.Bits())
}

// Networks returns the networks of the index, IPv4 first, each family
// longest first: where its decisions change.
func (x *PrefixIndex[T]) Networks() []netip.Prefix {
	if x == nil {
		return nil
	}
	out := make([]netip.Prefix, 0, x.n)
	for _, levels := range [][]prefixLevel[T]{x.v4, x.v6} {
		for _, l := range levels {
			for _, a := range l.addrs {
				out = append(out, netip.PrefixFrom(a, l.bits))
			}
		}
	}
	return out
}

// Networks returns the client networks of the table's rows.
func (t *LatencyTable) Networks() []netip.Prefix {
	if t == nil {
		return nil
	}
	return t.index.Networks()
}
