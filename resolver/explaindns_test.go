package resolver

import (
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/explain"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// explainHandler answers the routed fixture with explain over DNS on.
func explainHandler(tb testing.TB, e ExplainOverDNS, opts ...Option) *Handler {
	tb.Helper()
	opts = append([]Option{WithRouting(answer.Routing{Health: downHealth{}, Locator: testGeoIP(tb)}), WithExplainOverDNS(e)}, opts...)
	return NewHandler(loadStore(tb, fixture(tb, "routed")), nil, opts...)
}

// askChaos sends NAME TXT CH with an ECS option for subnet ("" = none),
// from the local address from (invalid: any), as dig does.
func askChaos(t *testing.T, addr netip.AddrPort, network, name, subnet string, from netip.Addr) *dns.Msg {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeTXT)
	m.Question[0].Qclass = dns.ClassCHAOS
	if network != "udp512" {
		m.SetEdns0(1232, false)
	}
	if subnet != "" {
		p := netip.MustParsePrefix(subnet)
		family := uint16(1)
		if p.Addr().Is6() {
			family = 2
		}
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: family,
			SourceNetmask: uint8(p.Bits()), Address: net.IP(p.Addr().AsSlice())})
	}
	c := &dns.Client{Net: strings.TrimSuffix(network, "512"), Timeout: 2 * time.Second, UDPSize: 65535}
	if from.IsValid() {
		c.Dialer = &net.Dialer{Timeout: 2 * time.Second, LocalAddr: &net.UDPAddr{IP: net.IP(from.AsSlice())}}
		if network == "tcp" {
			c.Dialer.LocalAddr = &net.TCPAddr{IP: net.IP(from.AsSlice())}
		}
	}
	r, _, err := c.Exchange(m, addr.String())
	require.NoError(t, err)
	return r
}

// txtLines are the strings of the answer's TXT records, one a record.
func txtLines(t *testing.T, m *dns.Msg) []string {
	t.Helper()
	var out []string
	for _, rr := range m.Answer {
		txt, ok := rr.(*dns.TXT)
		require.True(t, ok, "%s is not TXT", rr)
		assert.Equal(t, uint16(dns.ClassCHAOS), txt.Hdr.Class)
		require.Len(t, txt.Txt, 1, "one string a record")
		assert.LessOrEqual(t, len(txt.Txt[0]), 255)
		out = append(out, txt.Txt[0])
	}
	return out
}

func TestExplainOverDNS(t *testing.T) {
	h := explainHandler(t, ExplainOverDNS{})
	addr := startHandler(t, h)
	// The trace lines the server must send: the decision explain makes
	// offline for the same client (geolocation draws nothing).
	var f answer.Finder
	f.Explain(1)
	client := answer.ClientOf(netip.MustParsePrefix("11.1.0.0/24"), netip.MustParseAddr("127.0.0.1"))
	res := f.Lookup(h.store.View(), &h.routing, answer.Question{Name: "geo.routed.test.", Type: dns.TypeA}, client)
	want := explain.TXTLines(res.Traces)
	require.NotEmpty(t, want)

	for _, network := range []string{"udp", "tcp"} {
		r := askChaos(t, addr, network, "geo.routed.test.", "11.1.0.0/24", netip.Addr{})
		require.Equal(t, dns.RcodeSuccess, r.Rcode, network)
		assert.Equal(t, want, txtLines(t, r), network)
		assert.True(t, strings.HasPrefix(want[0], "geo.routed.test. A, geolocation routing, client 11.1.0.0/24 (ECS)"), want[0])
		real := askECS(t, addr, "geo.routed.test.", "11.1.0.0/24")
		assert.Equal(t, replyScope(t, real), replyScope(t, r), "the scope of the real answer")
		assert.Equal(t, 16, replyScope(t, r))
	}
	// Without ECS the socket address decides, as for a real query.
	r := askChaos(t, addr, "udp", "geo.routed.test.", "", netip.Addr{})
	require.Equal(t, dns.RcodeSuccess, r.Rcode)
	assert.Contains(t, txtLines(t, r)[0], "client 127.0.0.1/32 (socket address)")
	assert.Equal(t, -1, replyScope(t, r))

	// A name without routing says so; a name of no zone, and the names
	// other servers answer in CHAOS, are refused.
	r = askChaos(t, addr, "udp", "ns.routed.test.", "", netip.Addr{})
	require.Equal(t, dns.RcodeSuccess, r.Rcode)
	assert.Equal(t, []string{"ns.routed.test. A: NOERROR, no routing policy decided it (static records, answered as in the zone)"}, txtLines(t, r))
	for _, name := range []string{"www.example.org.", "version.bind.", "id.server."} {
		assert.Equal(t, dns.RcodeRefused, askChaos(t, addr, "udp", name, "", netip.Addr{}).Rcode, name)
	}
}

// TestExplainOverDNSTruncates: a trace larger than the UDP size goes out
// with TC=1 and no records; over TCP it comes whole.
func TestExplainOverDNSTruncates(t *testing.T) {
	addr := startHandler(t, explainHandler(t, ExplainOverDNS{}))
	full := askChaos(t, addr, "tcp", "geo.routed.test.", "11.1.0.0/24", netip.Addr{})
	require.Greater(t, full.Len(), 512, "the trace needs more than a 512-byte message")
	r := askChaos(t, addr, "udp512", "geo.routed.test.", "", netip.Addr{})
	assert.True(t, r.Truncated)
	assert.Empty(t, r.Answer)
}

// TestExplainOverDNSRefused: off, or from a client not allowed, or over
// the rate, a CHAOS query is refused as any class but IN is.
func TestExplainOverDNSRefused(t *testing.T) {
	off := startRouted(t)
	r := askChaos(t, off, "udp", "geo.routed.test.", "11.1.0.0/24", netip.Addr{})
	assert.Equal(t, dns.RcodeRefused, r.Rcode)
	assert.Empty(t, r.Answer)

	only := startHandler(t, explainHandler(t, ExplainOverDNS{From: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}))
	for _, network := range []string{"udp", "tcp"} {
		r = askChaos(t, only, network, "geo.routed.test.", "11.1.0.0/24", netip.MustParseAddr("127.0.0.2"))
		assert.Equal(t, dns.RcodeRefused, r.Rcode, network)
		assert.Empty(t, r.Answer)
		r = askChaos(t, only, network, "geo.routed.test.", "11.1.0.0/24", netip.MustParseAddr("127.0.0.1"))
		assert.Equal(t, dns.RcodeSuccess, r.Rcode, network)
	}

	// The clock stands still: after Rate explanations the bucket is empty.
	now := time.Unix(1_700_000_000, 0)
	limited := startHandler(t, explainHandler(t, ExplainOverDNS{Rate: 3}, WithClock(func() time.Time { return now })))
	for i := range 3 {
		assert.Equal(t, dns.RcodeSuccess, askChaos(t, limited, "tcp", "geo.routed.test.", "", netip.Addr{}).Rcode, i)
	}
	assert.Equal(t, dns.RcodeRefused, askChaos(t, limited, "tcp", "geo.routed.test.", "", netip.Addr{}).Rcode)
	assert.Equal(t, dns.RcodeSuccess, askECS(t, limited, "geo.routed.test.", "").Rcode, "class IN is not limited by it")
}
