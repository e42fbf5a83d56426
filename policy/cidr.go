package policy

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/r53d/r53d/geo"
)

// CIDRCollection is a Route 53 CIDR collection: named locations, each a
// list of blocks (docs/routing.md#ip-based).
type CIDRCollection struct {
	ID        string
	Name      string
	Locations []CIDRLocation
}

// CIDRLocation is one named location of a collection; it may mix IPv4 and
// IPv6 blocks.
type CIDRLocation struct {
	Name   string
	Blocks []netip.Prefix
}

// CIDRCollections matches clients against a set of collections. It is
// immutable once built and safe for concurrent use.
type CIDRCollections struct {
	byID map[string]*geo.PrefixIndex[string] // block → location name
}

// Block lengths Route 53 accepts (docs/zones.md#quotas); /0 is the "*" record.
const (
	maxBlockBits4 = 24
	maxBlockBits6 = 48
)

// NewCIDRCollections indexes collections. Host bits of a block are
// cleared (AWS's own example writes 2001:0db8:0000:1234::/48). It rejects
// what Route 53 would not hold: an empty or repeated collection id, an
// empty, "*" or repeated location name, a block outside the /1–/24 (IPv4)
// and /1–/48 (IPv6) ranges, and one block in two locations of a collection
// (the answer would be ambiguous). Every problem is reported.
func NewCIDRCollections(collections []CIDRCollection) (*CIDRCollections, error) {
	c := &CIDRCollections{byID: make(map[string]*geo.PrefixIndex[string], len(collections))}
	var errs []error
	for _, col := range collections {
		if col.ID == "" {
			errs = append(errs, fmt.Errorf("cidr collection %q: empty id", col.Name))
			continue
		}
		if _, dup := c.byID[col.ID]; dup {
			errs = append(errs, fmt.Errorf("cidr collection %s: id used twice", col.ID))
			continue
		}
		idx, err := buildIndex(col)
		errs = append(errs, err)
		c.byID[col.ID] = idx
	}
	return c, errors.Join(errs...)
}

func buildIndex(col CIDRCollection) (*geo.PrefixIndex[string], error) {
	var errs []error
	owner := map[netip.Prefix]string{}
	names := map[string]bool{}
	for _, loc := range col.Locations {
		if loc.Name == "" || loc.Name == "*" || names[loc.Name] {
			errs = append(errs, fmt.Errorf("cidr collection %s: location name %q empty, \"*\" or used twice", col.ID, loc.Name))
			continue
		}
		names[loc.Name] = true
		for _, b := range loc.Blocks {
			if err := checkBlock(b); err != nil {
				errs = append(errs, fmt.Errorf("cidr collection %s: location %s: %w", col.ID, loc.Name, err))
				continue
			}
			b = b.Masked()
			if prev, ok := owner[b]; ok && prev != loc.Name {
				errs = append(errs, fmt.Errorf("cidr collection %s: block %s is in locations %s and %s", col.ID, b, prev, loc.Name))
				continue
			}
			owner[b] = loc.Name
		}
	}
	blocks := make([]geo.PrefixEntry[string], 0, len(owner))
	for b, name := range owner {
		blocks = append(blocks, geo.PrefixEntry[string]{Network: b, Value: name})
	}
	return geo.NewPrefixIndex(blocks), errors.Join(errs...)
}

func checkBlock(b netip.Prefix) error {
	maxBits := maxBlockBits6
	if b.Addr().Is4() {
		maxBits = maxBlockBits4
	}
	switch {
	case !b.IsValid() || b.Addr().Is4In6() || b.Addr().Zone() != "":
		return fmt.Errorf("block %s: not an IPv4 or IPv6 prefix", b)
	case b.Bits() < 1 || b.Bits() > maxBits:
		return fmt.Errorf("block %s: length must be /1 to /%d", b, maxBits)
	}
	return nil
}

// Match finds the longest block of the collection that matches client: a
// block matches when the client prefix lies inside it and is at least as
// long, as in Route 53, so a /32 query never matches a /48 block. The
// scope excludes every longer block near the client (geo.PrefixIndex). An
// unknown collection or an invalid client matches nothing with scope 0.
func (c *CIDRCollections) Match(collectionID string, client netip.Prefix) CIDRMatch {
	idx := c.byID[collectionID]
	if idx == nil || !client.IsValid() {
		return CIDRMatch{}
	}
	m, _ := idx.Lookup(client)
	return CIDRMatch{Location: m.Value, Block: m.Network, Scope: m.Scope}
}
