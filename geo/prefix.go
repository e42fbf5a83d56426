package geo

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"net/netip"
	"slices"
)

// PrefixIndex is a longest-prefix index of client networks, each with a
// value: the rows of a latency table, the blocks of a CIDR collection. A
// lookup answers which network decides for a client and for how wide a range
// around the client that decision holds (the ECS scope, RFC 7871 §7.2.1).
// An index is immutable once built and safe for concurrent use; nil and the
// zero value are empty.
type PrefixIndex[T any] struct {
	v4, v6 []prefixLevel[T]
	n      int
}

// prefixLevel holds the networks of one length, sorted by address.
// Networks of one length never overlap, so a binary search finds both the
// network holding an address and its nearest neighbours.
type prefixLevel[T any] struct {
	bits   int
	addrs  []netip.Addr
	values []T
}

// PrefixEntry is one network of a PrefixIndex and its value.
type PrefixEntry[T any] struct {
	Network netip.Prefix
	Value   T
}

// PrefixMatch is the outcome of a lookup.
type PrefixMatch[T any] struct {
	// Network is the deciding network: the longest that holds the client;
	// invalid when none does.
	Network netip.Prefix
	// Value is the deciding network's value; the zero value without one.
	Value T
	// Scope is the length of the widest prefix around the client inside
	// which every client gets this same outcome: at least Network's length,
	// and narrowed past every longer network near the client that would be
	// the deciding one for a neighbour (see Lookup). IPv4 clients
	// (IPv4-mapped ones too) count IPv4 bits. It never exceeds the client's
	// own length.
	Scope int
}

// NewPrefixIndex indexes entries. Networks are masked, and IPv4-mapped IPv6
// networks of at least /96 stand for the IPv4 network they map; invalid ones
// are left out. Callers reject repeated networks themselves (they know how
// to say where); of a repeated network the last entry is kept.
func NewPrefixIndex[T any](entries []PrefixEntry[T]) *PrefixIndex[T] {
	byNetwork := make(map[netip.Prefix]int, len(entries))
	for i, e := range entries {
		if e.Network.IsValid() {
			byNetwork[unmapPrefix(e.Network)] = i
		}
	}
	x := &PrefixIndex[T]{n: len(byNetwork)}
	networks := make([]netip.Prefix, 0, len(byNetwork))
	for p := range byNetwork {
		networks = append(networks, p)
	}
	// Longest first, then by address: each level comes out sorted.
	slices.SortFunc(networks, func(a, b netip.Prefix) int {
		if c := cmp.Compare(b.Bits(), a.Bits()); c != 0 {
			return c
		}
		return a.Addr().Compare(b.Addr())
	})
	for _, p := range networks {
		levels := &x.v6
		if p.Addr().Is4() {
			levels = &x.v4
		}
		if n := len(*levels); n == 0 || (*levels)[n-1].bits != p.Bits() {
			*levels = append(*levels, prefixLevel[T]{bits: p.Bits()})
		}
		l := &(*levels)[len(*levels)-1]
		l.addrs = append(l.addrs, p.Addr())
		l.values = append(l.values, entries[byNetwork[p]].Value)
	}
	return x
}

// Len returns the number of networks in the index.
func (x *PrefixIndex[T]) Len() int {
	if x == nil {
		return 0
	}
	return x.n
}

// Lookup finds the deciding network for a client subnet (the ECS source
// prefix, or a full-length prefix of the resolver's address): among the
// networks that contain client and are no longer than it, the longest. A
// /48 client matches a /32 network; a /32 client does not match a /48
// network inside it. IPv4-mapped IPv6 clients of at least /96 are looked up
// as IPv4, and IPv4 networks never match IPv6 clients. ok is false when no
// network matches; m.Scope then still tells how far that holds (0 when no
// network of the client's family is near it). An invalid client matches
// nothing with scope 0. Lookup allocates nothing.
//
// The scope: a neighbour of the client inside the deciding network is
// decided by a longer network when one holds it, so the scope must exclude
// every longer network near the client. A prefix of the client's address
// excludes network N exactly when it is longer than the bits the address
// shares with N, and a scope longer than the client's own length means no
// more than that length (RFC 7871 §7.3.1), hence
//
//	scope = max(len(deciding), max over longer N of min(len(client), common(client, N) + 1))
//
// For rows 11.0.0.0/8 and 11.3.0.0/16, the client 11.1.0.0/24 is decided
// by the /8 with scope /15: 11.0.0.0/15 holds no address of 11.3.0.0/16.
// The client 11.0.0.0/12 is decided by the /8 too (it is shorter than the
// /16), with scope /12: a longer client inside it can match the /16.
func (x *PrefixIndex[T]) Lookup(client netip.Prefix) (m PrefixMatch[T], ok bool) {
	if x == nil || !client.IsValid() {
		return m, false
	}
	client = unmapPrefix(client)
	levels := x.v6
	if client.Addr().Is4() {
		levels = x.v4
	}
	for i := range levels { // longest first
		l := &levels[i]
		if l.bits > client.Bits() {
			// No client this long matches here, but a longer client inside
			// the scope could: exclude the network as far as the client's
			// own length allows (RFC 7871 §7.3.1 caps the scope there).
			j, _ := slices.BinarySearchFunc(l.addrs, client.Addr(), netip.Addr.Compare)
			m.Scope = max(m.Scope, min(client.Bits(), l.nearest(client.Addr(), j)+1))
			continue
		}
		want, _ := client.Addr().Prefix(l.bits)
		j, found := slices.BinarySearchFunc(l.addrs, want.Addr(), netip.Addr.Compare)
		if found {
			m.Network, m.Value, m.Scope = want, l.values[j], max(m.Scope, l.bits)
			return m, true
		}
		m.Scope = max(m.Scope, l.nearest(want.Addr(), j)+1)
	}
	return m, false
}

// nearest returns the most leading bits a shares with any network of the
// level, given a's insertion index i; -1 for an empty level. In sorted
// order the closest addresses are a's neighbours.
func (l *prefixLevel[T]) nearest(a netip.Addr, i int) int {
	best := -1
	for _, j := range [2]int{i - 1, i} {
		if j >= 0 && j < len(l.addrs) {
			best = max(best, commonBits(a, l.addrs[j]))
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

// unmapPrefix turns an IPv4-mapped IPv6 prefix at least /96 long
// (::ffff:11.3.0.0/112) into the IPv4 prefix it stands for (11.3.0.0/16),
// and masks the result; other prefixes are only masked.
func unmapPrefix(p netip.Prefix) netip.Prefix {
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked()
}
