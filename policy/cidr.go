package policy

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"net/netip"
	"slices"
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
	byID map[string]*cidrIndex
}

// cidrIndex holds one collection's blocks per address family.
type cidrIndex struct{ v4, v6 []cidrLevel }

// cidrLevel holds the blocks of one prefix length, sorted by address.
// Blocks of one length never overlap, which is what makes a binary search
// find both the exact match and the nearest neighbours.
type cidrLevel struct {
	bits   int
	blocks []cidrBlock
}

type cidrBlock struct {
	prefix   netip.Prefix
	location string
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
	c := &CIDRCollections{byID: make(map[string]*cidrIndex, len(collections))}
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

func buildIndex(col CIDRCollection) (*cidrIndex, error) {
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
	idx := &cidrIndex{}
	for b, name := range owner {
		levels := &idx.v6
		if b.Addr().Is4() {
			levels = &idx.v4
		}
		*levels = addBlock(*levels, cidrBlock{prefix: b, location: name})
	}
	for _, levels := range [][]cidrLevel{idx.v4, idx.v6} {
		slices.SortFunc(levels, func(a, b cidrLevel) int { return cmp.Compare(b.bits, a.bits) })
		for _, l := range levels {
			slices.SortFunc(l.blocks, func(a, b cidrBlock) int { return a.prefix.Addr().Compare(b.prefix.Addr()) })
		}
	}
	return idx, errors.Join(errs...)
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

func addBlock(levels []cidrLevel, b cidrBlock) []cidrLevel {
	for i := range levels {
		if levels[i].bits == b.prefix.Bits() {
			levels[i].blocks = append(levels[i].blocks, b)
			return levels
		}
	}
	return append(levels, cidrLevel{bits: b.prefix.Bits(), blocks: []cidrBlock{b}})
}

// Match finds the longest block of the collection that matches client: a
// block matches when the client prefix lies inside it and is at least as
// long (docs/routing.md#ip-based), so a /32 query never matches a /48 block. An
// unknown collection or an invalid client matches nothing with scope 0.
func (c *CIDRCollections) Match(collectionID string, client netip.Prefix) CIDRMatch {
	idx := c.byID[collectionID]
	if idx == nil || !client.IsValid() {
		return CIDRMatch{}
	}
	if a := client.Addr(); a.Is4In6() && client.Bits() >= 96 {
		client = netip.PrefixFrom(a.Unmap(), client.Bits()-96)
	}
	client = client.Masked()
	levels := idx.v6
	if client.Addr().Is4() {
		levels = idx.v4
	}
	var m CIDRMatch
	for _, l := range levels {
		if l.bits > client.Bits() {
			continue
		}
		want := netip.PrefixFrom(client.Addr(), l.bits).Masked()
		if i, ok := l.find(want.Addr()); ok {
			m.Location, m.Block, m.Scope = l.blocks[i].location, want, l.bits
			break
		}
	}
	// A longer block near the client, that a neighbour of the client could
	// match, narrows the range this outcome holds for. (An invalid Block
	// has Bits -1: without a match every level counts.)
	for _, l := range levels {
		if l.bits > client.Bits() || l.bits <= m.Block.Bits() {
			continue
		}
		m.Scope = max(m.Scope, l.nearest(client.Addr())+1)
	}
	return m
}

// find returns the index of the block whose address is a.
func (l *cidrLevel) find(a netip.Addr) (int, bool) {
	return slices.BinarySearchFunc(l.blocks, a, func(b cidrBlock, a netip.Addr) int { return b.prefix.Addr().Compare(a) })
}

// nearest returns the longest common prefix between a and any block
// address of the level, or -1 for an empty level. In sorted order the
// closest addresses are a's neighbours.
func (l *cidrLevel) nearest(a netip.Addr) int {
	i, _ := l.find(a)
	best := -1
	for _, j := range [2]int{i - 1, i} {
		if j >= 0 && j < len(l.blocks) {
			best = max(best, commonBits(a, l.blocks[j].prefix.Addr()))
		}
	}
	return best
}

// commonBits is the number of leading bits a and b share; both are of one
// family.
func commonBits(a, b netip.Addr) int {
	if a.Is4() {
		x, y := a.As4(), b.As4()
		return bits.LeadingZeros32(binary.BigEndian.Uint32(x[:]) ^ binary.BigEndian.Uint32(y[:]))
	}
	x, y := a.As16(), b.As16()
	if hi := binary.BigEndian.Uint64(x[:8]) ^ binary.BigEndian.Uint64(y[:8]); hi != 0 {
		return bits.LeadingZeros64(hi)
	}
	return 64 + bits.LeadingZeros64(binary.BigEndian.Uint64(x[8:])^binary.BigEndian.Uint64(y[8:]))
}
