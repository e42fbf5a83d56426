package resolver

import (
	"net"
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/geo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// downHealth reports the check "down" unhealthy and every other healthy.
type downHealth struct{}

func (downHealth) Healthy(id string) bool { return id != "down" }

func startRouted(t *testing.T) netip.AddrPort {
	t.Helper()
	return startHandler(t, routedHandler(t, ""))
}

// testGeoIP opens the test GeoIP database until the test ends.
func testGeoIP(tb testing.TB) *geo.DB {
	tb.Helper()
	db, err := geo.Open("../testdata/geoip/city.mmdb")
	require.NoError(tb, err)
	tb.Cleanup(func() { db.Close() })
	return db
}

// routedHandler answers the routed fixture, with extra master-file lines
// added to its zone, routing with the test GeoIP database and the check
// "down" unhealthy.
func routedHandler(tb testing.TB, extra string) *Handler {
	tb.Helper()
	files := fixture(tb, "routed")
	files["routed.test.zone"] += extra
	return NewHandler(loadStore(tb, files), nil, WithRouting(answer.Routing{Health: downHealth{}, Locator: testGeoIP(tb)}))
}

// askECS queries name A with an ECS option for subnet ("" = no option).
func askECS(t *testing.T, addr netip.AddrPort, name, subnet string) *dns.Msg {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeA)
	m.SetEdns0(1232, false)
	if subnet != "" {
		p := netip.MustParsePrefix(subnet)
		family := uint16(1)
		if p.Addr().Is6() {
			family = 2
		}
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: family,
			SourceNetmask: uint8(p.Bits()), Address: net.IP(p.Addr().AsSlice())})
	}
	return exchange(t, addr, "udp", m)
}

func answerIPs(m *dns.Msg) []string {
	var out []string
	for _, rr := range m.Answer {
		if a, ok := rr.(*dns.A); ok {
			out = append(out, a.A.String())
		}
	}
	return out
}

func replyScope(t *testing.T, m *dns.Msg) int {
	t.Helper()
	opt := m.IsEdns0()
	require.NotNil(t, opt)
	for _, o := range opt.Option {
		if s, ok := o.(*dns.EDNS0_SUBNET); ok {
			return int(s.SourceScope)
		}
	}
	return -1
}

// TestECSOnTheWire: the reply's Client Subnet option (RFC 7871 §7.2.1).
// Which record each client gets is package answer's to test.
func TestECSOnTheWire(t *testing.T) {
	addr := startRouted(t)
	tests := []struct {
		name, subnet string
		want         []string
		scope        int // -1: no ECS option in the reply; -2: any scope
	}{
		{"geo.routed.test.", "11.1.0.0/24", []string{"10.0.0.4"}, 16},   // Texas
		{"geo.routed.test.", "2a11:1:5::/48", []string{"10.0.0.4"}, 32}, // Texas over IPv6
		{"geo.routed.test.", "", []string{"10.0.0.1"}, -1},              // no ECS: the socket address 127.0.0.1
		{"geo.routed.test.", "11.1.0.0/0", []string{"10.0.0.1"}, 0},     // source prefix 0 is ignored
		{"fo.routed.test.", "11.1.0.0/24", []string{"10.5.0.2"}, 0},     // did not depend on the client
		{"ipb.routed.test.", "11.1.0.0/8", []string{"10.3.0.9"}, -2},    // shorter than the block: no match
		{"ipb.routed.test.", "11.9.0.0/24", []string{"10.3.0.9"}, -2},   // elsewhere: "*"
		{"alias.routed.test.", "", []string{"10.5.0.2"}, -1},            // alias to the failover group
		// An unusable ECS address (loopback, unspecified, link-local) is
		// ignored and the socket address decides. An answer that depended
		// on it holds only for the source prefix asked: scope 0 would let
		// a caching resolver give the default to every client.
		{"geo.routed.test.", "127.0.0.0/24", []string{"10.0.0.1"}, 24},
		{"geo.routed.test.", "0.0.0.0/16", []string{"10.0.0.1"}, 16},
		{"geo.routed.test.", "fe80::/64", []string{"10.0.0.1"}, 64},
		{"w.routed.test.", "127.0.0.0/24", nil, 0}, // weighted: the same for every client
		{"ns.routed.test.", "127.0.0.1/24", []string{"192.0.2.53"}, 0},
	}
	for _, tc := range tests {
		r := askECS(t, addr, tc.name, tc.subnet)
		label := tc.name + " " + tc.subnet
		require.Equal(t, dns.RcodeSuccess, r.Rcode, label)
		if tc.want != nil {
			assert.Equal(t, tc.want, answerIPs(r), label)
		}
		switch {
		case tc.scope >= 0:
			assert.Equal(t, tc.scope, replyScope(t, r), label)
		case tc.scope == -1:
			assert.Equal(t, -1, replyScope(t, r), label+": no ECS option without one in the query")
		default:
			assert.GreaterOrEqual(t, replyScope(t, r), 0, label)
		}
	}
}

func TestMalformedECS(t *testing.T) {
	addr := startRouted(t)
	m := new(dns.Msg)
	m.SetQuestion("geo.routed.test.", dns.TypeA)
	m.SetEdns0(1232, false)
	m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1,
		SourceNetmask: 24, SourceScope: 8, Address: net.IPv4(11, 1, 0, 0)})
	r := exchange(t, addr, "udp", m)
	assert.Equal(t, dns.RcodeFormatError, r.Rcode, "a query's SCOPE PREFIX-LENGTH must be 0 (RFC 7871 §6)")
}
