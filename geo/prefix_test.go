package geo

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func entries(networks ...string) []PrefixEntry[string] {
	out := make([]PrefixEntry[string], len(networks))
	for i, n := range networks {
		out[i] = PrefixEntry[string]{Network: netip.MustParsePrefix(n), Value: n}
	}
	return out
}

func TestPrefixIndexScope(t *testing.T) {
	x := NewPrefixIndex(entries("11.0.0.0/8", "11.3.0.0/16", "2a11::/16", "2a11:3::/32", "::ffff:12.0.0.0/104"))
	assert.Equal(t, 5, x.Len())
	for _, tc := range []struct {
		client, want string // want "" = no match
		scope        int
	}{
		// The bug this rule fixes: the /8 decides, and the answer must not
		// be reused for 11.3.0.0/16 (11.0.0.0/14 would hold it).
		{"11.1.0.0/24", "11.0.0.0/8", 15},
		{"11.2.0.0/24", "11.0.0.0/8", 16}, // 11.2.0.0/16 and 11.3.0.0/16 share 15 bits
		{"11.4.0.0/24", "11.0.0.0/8", 14},
		{"11.128.0.0/24", "11.0.0.0/8", 9},
		{"11.3.9.0/24", "11.3.0.0/16", 16},
		{"11.0.0.0/12", "11.0.0.0/8", 12}, // shorter than the /16 it holds: capped at its own length
		{"11.64.0.0/12", "11.0.0.0/8", 10},
		{"10.0.0.0/24", "", 8}, // nothing decides; 10.0.0.0/8 is as wide as that holds
		{"200.0.0.0/24", "", 1},
		{"12.1.0.0/16", "12.0.0.0/8", 8}, // listed in its IPv4-mapped form
		{"::ffff:11.1.0.0/120", "11.0.0.0/8", 15},
		{"::ffff:11.3.0.0/112", "11.3.0.0/16", 16},
		{"::ffff:0:0/95", "", 3}, // too short to stand for IPv4: an IPv6 client, sharing 2 bits with 2a11::/16
		{"2a11:1::/48", "2a11::/16", 31},
		{"2a11:3:5::/48", "2a11:3::/32", 32},
		{"2a11:8000::/48", "2a11::/16", 17},
		{"2a11::/24", "2a11::/16", 24}, // holds 2a11:3::/32
		{"2a12::/48", "", 15},
	} {
		m, ok := x.Lookup(netip.MustParsePrefix(tc.client))
		assert.Equal(t, tc.want != "", ok, tc.client)
		if ok {
			assert.Equal(t, tc.want, m.Network.String(), tc.client)
		}
		assert.Equal(t, tc.scope, m.Scope, tc.client)
	}
}

func TestPrefixIndexEmpty(t *testing.T) {
	var nilIndex *PrefixIndex[int]
	m, ok := nilIndex.Lookup(netip.MustParsePrefix("11.0.0.0/8"))
	assert.False(t, ok)
	assert.Zero(t, m)
	assert.Zero(t, nilIndex.Len())
	x := NewPrefixIndex(entries("11.0.0.0/8"))
	s, ok := x.Lookup(netip.Prefix{})
	assert.False(t, ok)
	assert.Zero(t, s.Scope, "an invalid client")
	s, ok = x.Lookup(netip.MustParsePrefix("2a11::/32"))
	assert.False(t, ok)
	assert.Zero(t, s.Scope, "no network of the family: the outcome holds for every client")
}

func TestPrefixIndexKeepsTheLastOfARepeatedNetwork(t *testing.T) {
	x := NewPrefixIndex([]PrefixEntry[int]{
		{netip.MustParsePrefix("11.3.0.0/16"), 1},
		{netip.MustParsePrefix("11.3.9.9/16"), 2}, // masked: the same network
	})
	assert.Equal(t, 1, x.Len())
	m, ok := x.Lookup(netip.MustParsePrefix("11.3.1.0/24"))
	require.True(t, ok)
	assert.Equal(t, 2, m.Value)
}

// TestPrefixIndexScopeIsExact checks the scope against brute force on
// random indexes inside 10.0.0.0/8: every client inside the scope, of the
// client's length or longer, gets the same deciding network (longer ones
// only when the scope is shorter than the client, which cannot promise
// more), and one bit wider some client would get another.
func TestPrefixIndexScopeIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 53))
	random := func(bits int) netip.Prefix {
		p, _ := netip.AddrFrom4([4]byte{10, byte(rng.IntN(4)), byte(rng.IntN(256)), 0}).Prefix(bits)
		return p
	}
	for range 300 {
		var es []PrefixEntry[string]
		for range 1 + rng.IntN(6) {
			p := random(8 + rng.IntN(13))
			es = append(es, PrefixEntry[string]{Network: p, Value: p.String()})
		}
		x := NewPrefixIndex(es)
		client := random(8 + rng.IntN(13))
		m, _ := x.Lookup(client)
		decide := func(p netip.Prefix) string { d, _ := x.Lookup(p); return d.Value }
		scope, _ := client.Addr().Prefix(m.Scope)
		for bits := client.Bits(); bits <= 20; bits++ {
			if bits > client.Bits() && m.Scope == client.Bits() {
				break
			}
			for _, d := range within(scope, bits) {
				require.Equal(t, m.Value, decide(d), "index %v, client %s, scope %d: %s", es, client, m.Scope, d)
			}
		}
		if m.Scope > max(m.Network.Bits(), 0) {
			wider, _ := client.Addr().Prefix(m.Scope - 1)
			differs := false
			for bits := client.Bits(); bits <= 20 && !differs; bits++ {
				for _, d := range within(wider, bits) {
					differs = differs || decide(d) != m.Value
				}
			}
			require.True(t, differs, "index %v, client %s: scope %d could be wider", es, client, m.Scope)
		}
	}
}

// within lists the IPv4 prefixes of length bits inside p.
func within(p netip.Prefix, bits int) []netip.Prefix {
	var out []netip.Prefix
	a := p.Addr().As4()
	base := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	for i := range uint32(1) << (bits - p.Bits()) {
		v := base | i<<(32-bits)
		out = append(out, netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), bits))
	}
	return out
}

func TestPrefixIndexLookupDoesNotAllocate(t *testing.T) {
	x := NewPrefixIndex(entries("11.0.0.0/8", "11.3.0.0/16", "11.3.7.0/24", "2a11:3::/32"))
	clients := []netip.Prefix{netip.MustParsePrefix("11.1.0.0/24"), netip.MustParsePrefix("::ffff:11.3.7.1/128"), netip.MustParsePrefix("2a11:3:1::/48")}
	allocs := testing.AllocsPerRun(100, func() {
		for _, c := range clients {
			_, _ = x.Lookup(c)
		}
	})
	assert.Zero(t, allocs)
}
