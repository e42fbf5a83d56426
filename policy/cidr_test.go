package policy

import (
	"net/netip"
	"strings"
	"testing"
)

const colID = "11111111-2222-4333-8444-555555555555"

func prefixes(ss ...string) []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range ss {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}

func testCollections(t testing.TB) *CIDRCollections {
	t.Helper()
	c, err := NewCIDRCollections([]CIDRCollection{{
		ID: colID, Name: "isps",
		Locations: []CIDRLocation{
			{Name: "wide", Blocks: prefixes("2001:db8::/32", "10.0.0.0/8")},
			{Name: "narrow", Blocks: prefixes("2001:db8:1234::/48", "10.1.0.0/16")},
			{Name: "deep", Blocks: prefixes("10.1.2.0/24")},
			{Name: "other", Blocks: prefixes("192.0.2.0/24", "172.16.0.0/12")},
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The match rule and examples of docs/routing.md#ip-based, longest prefix first.
func TestCIDRMatch(t *testing.T) {
	c := testCollections(t)
	tests := []struct {
		client    string
		wantLoc   string
		wantBlock string
		wantScope int
	}{
		// §2.8: a /48 query inside 2001:db8::/32 matches it …
		{"2001:db8:5::/48", "wide", "2001:db8::/32", 36}, // 2001:db8:1234::/48 shares 35 bits
		// … and a /48 block does not match a shorter query.
		{"2001:db8::/32", "wide", "2001:db8::/32", 32},
		{"2001:db8:1234::/47", "wide", "2001:db8::/32", 47}, // holds the /48, which a longer client would match
		{"2001:db8:1234:ab00::/56", "narrow", "2001:db8:1234::/48", 48},
		{"2001:db8:1234::/48", "narrow", "2001:db8:1234::/48", 48},
		{"2001:db9::/48", "", "", 32}, // no match: 2001:db8::/32 is one bit away
		{"10.1.2.3/32", "deep", "10.1.2.0/24", 24},
		{"10.1.2.0/24", "deep", "10.1.2.0/24", 24},
		{"10.1.2.0/23", "narrow", "10.1.0.0/16", 23}, // too short for the /24 it holds: scope capped at its length
		{"10.1.3.0/24", "narrow", "10.1.0.0/16", 24}, // 10.1.2.0/24 is its neighbour
		{"10.1.4.0/23", "narrow", "10.1.0.0/16", 22}, // shorter than the /24, which 10.1.0.0/21 would hold
		{"10.1.64.0/24", "narrow", "10.1.0.0/16", 18},
		{"10.200.0.1/32", "wide", "10.0.0.0/8", 9}, // 10.1.0.0/16 shares 8 bits
		{"10.0.0.0/7", "", "", 7},                  // no block is short enough to match a /7, but it holds some
		{"11.0.0.1/32", "", "", 8},
		{"128.0.0.1/32", "", "", 3}, // 172.16.0.0/12 shares two bits
		{"0.0.0.1/32", "", "", 5},   // 10.0.0.0/8 shares four
		{"::ffff:10.1.2.3/128", "deep", "10.1.2.0/24", 24},
	}
	for _, tt := range tests {
		t.Run(tt.client, func(t *testing.T) {
			m := c.Match(colID, netip.MustParsePrefix(tt.client))
			block := ""
			if m.Block.IsValid() {
				block = m.Block.String()
			}
			if m.Location != tt.wantLoc || block != tt.wantBlock || m.Scope != tt.wantScope {
				t.Errorf("got %q %q scope %d, want %q %q scope %d", m.Location, block, m.Scope, tt.wantLoc, tt.wantBlock, tt.wantScope)
			}
		})
	}
}

// The scope is safe: every client inside the scoped prefix gets the same
// outcome. Checked exhaustively for every IPv4 /16 client.
func TestCIDRScopeIsSafe(t *testing.T) {
	c := testCollections(t)
	var outcome [1 << 16]string
	for i := range outcome {
		m := c.Match(colID, netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(i >> 8), byte(i)}), 16))
		outcome[i] = m.Location + " " + m.Block.String()
	}
	// runEnd[i] is the last index of the run of equal outcomes from i.
	var runEnd [1 << 16]int
	runEnd[len(runEnd)-1] = len(runEnd) - 1
	for i := len(runEnd) - 2; i >= 0; i-- {
		runEnd[i] = i
		if outcome[i] == outcome[i+1] {
			runEnd[i] = runEnd[i+1]
		}
	}
	for i := range outcome {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(i >> 8), byte(i)}), 16)
		m := c.Match(colID, p)
		if m.Scope > 16 {
			t.Fatalf("client %s: scope /%d longer than the client", p, m.Scope)
		}
		lo := i &^ (1<<(16-m.Scope) - 1)
		hi := lo + 1<<(16-m.Scope) - 1
		if runEnd[lo] < hi {
			t.Fatalf("client %s scope /%d: outcome changes at index %d (%q)", p, m.Scope, runEnd[lo]+1, outcome[runEnd[lo]+1])
		}
	}
}

func TestCIDRMatchUnknown(t *testing.T) {
	c := testCollections(t)
	if m := c.Match("nope", netip.MustParsePrefix("10.0.0.0/24")); m != (CIDRMatch{}) {
		t.Errorf("unknown collection: %+v", m)
	}
	if m := c.Match(colID, netip.Prefix{}); m != (CIDRMatch{}) {
		t.Errorf("invalid client: %+v", m)
	}
	empty, err := NewCIDRCollections([]CIDRCollection{{ID: "e", Name: "empty"}})
	if err != nil {
		t.Fatal(err)
	}
	if m := empty.Match("e", netip.MustParsePrefix("10.0.0.0/24")); m != (CIDRMatch{}) {
		t.Errorf("empty collection: %+v, want no match and scope 0", m)
	}
}

func TestNewCIDRCollectionsErrors(t *testing.T) {
	tests := []struct {
		name string
		cols []CIDRCollection
		want string
	}{
		{"empty id", []CIDRCollection{{Name: "x"}}, "empty id"},
		{"duplicate id", []CIDRCollection{{ID: "a"}, {ID: "a"}}, "id used twice"},
		{"star location", []CIDRCollection{{ID: "a", Locations: []CIDRLocation{{Name: "*"}}}}, `location name "*"`},
		{"duplicate location", []CIDRCollection{{ID: "a", Locations: []CIDRLocation{{Name: "l"}, {Name: "l"}}}}, "used twice"},
		{"too long v4", []CIDRCollection{{ID: "a", Locations: []CIDRLocation{{Name: "l", Blocks: prefixes("10.0.0.0/25")}}}}, "/1 to /24"},
		{"too long v6", []CIDRCollection{{ID: "a", Locations: []CIDRLocation{{Name: "l", Blocks: prefixes("2001:db8::/64")}}}}, "/1 to /48"},
		{"slash zero", []CIDRCollection{{ID: "a", Locations: []CIDRLocation{{Name: "l", Blocks: prefixes("0.0.0.0/0")}}}}, "/1 to /24"},
		{"block in two locations", []CIDRCollection{{ID: "a", Locations: []CIDRLocation{
			{Name: "l1", Blocks: prefixes("10.0.0.0/8")}, {Name: "l2", Blocks: prefixes("10.0.0.0/8")}}}}, "in locations l1 and l2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewCIDRCollections(tt.cols)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	// The same block twice in one location is harmless, even written with
	// host bits.
	if _, err := NewCIDRCollections([]CIDRCollection{{ID: "a", Locations: []CIDRLocation{{Name: "l", Blocks: prefixes("10.0.0.0/8", "10.0.0.1/8")}}}}); err != nil {
		t.Errorf("repeated block in one location: %v", err)
	}
}

// Route 53's own example (docs/routing.md#ip-based): block 2001:0db8:0000:1234::/48 (host bits
// and all) does not match a /32 query, which gets the default; that answer
// holds for the /32 only, since a /48 query inside it can match.
func TestCIDRDocumentedExample(t *testing.T) {
	c, err := NewCIDRCollections([]CIDRCollection{{ID: "a", Locations: []CIDRLocation{
		{Name: "l", Blocks: prefixes("2001:0db8:0000:1234::/48")}}}})
	if err != nil {
		t.Fatal(err)
	}
	if m := c.Match("a", netip.MustParsePrefix("2001:db8::/32")); m.Location != "" || m.Scope != 32 {
		t.Errorf("/32 query: %+v, want no match with scope 32", m)
	}
	if m := c.Match("a", netip.MustParsePrefix("2001:db8::/48")); m.Location != "l" || m.Block != netip.MustParsePrefix("2001:db8::/48") {
		t.Errorf("/48 query: %+v, want location l", m)
	}
}
