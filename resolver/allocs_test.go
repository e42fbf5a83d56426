package resolver

import (
	"net"
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServeAllocatesNothing holds the serving path to no allocation per
// query once a worker is warm: static answers of every kind, names in
// mixed case, and routed answers to queries with an ECS option (whose
// reply option is written from the worker's own record).
func TestServeAllocatesNothing(t *testing.T) {
	h := routedHandler(t, "static A 192.0.2.7\nmail MX 10 static\n*.any A 192.0.2.8\nc CNAME x.any\nsub NS ns.sub\nns.sub A 192.0.2.9\n")
	ecs := &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1, SourceNetmask: 24, Address: net.IPv4(11, 4, 0, 0).To4()}
	queries := []struct {
		label string
		qtype uint16
	}{
		{"static", dns.TypeA}, {"STATIC", dns.TypeA}, {"mail", dns.TypeMX}, {"x.Any", dns.TypeA}, {"c", dns.TypeA},
		{"www.sub", dns.TypeA}, {"nothere", dns.TypeA}, {"static", dns.TypeAAAA},
		{"w", dns.TypeA}, {"geo", dns.TypeA}, {"mv", dns.TypeA}, {"fo", dns.TypeA}, {"lat", dns.TypeA},
		{"near", dns.TypeA}, {"ipb", dns.TypeA}, {"alias", dns.TypeA},
	}
	for _, tc := range queries {
		label, qtype := tc.label, tc.qtype
		for _, withECS := range []bool{false, true} {
			m := new(dns.Msg)
			m.SetQuestion(label+".routed.test.", qtype)
			m.SetEdns0(1232, false)
			if withECS {
				// With a cookie too: the reply's cookie is the worker's own.
				m.IsEdns0().Option = append(m.IsEdns0().Option, ecs,
					&dns.EDNS0_COOKIE{Code: dns.EDNS0COOKIE, Cookie: "0102030405060708"})
			}
			pkt, err := m.Pack()
			require.NoError(t, err)
			s := NewScratch()
			q := Query{Packet: pkt, Client: netip.MustParseAddr("198.51.100.1")}
			resp, _ := h.Handle(s, q) // warm up
			require.NotNil(t, resp, label)
			allocs := testing.AllocsPerRun(50, func() { h.Handle(s, q) })
			assert.Zero(t, allocs, "%s %s, ECS %v", label, dns.TypeToString[qtype], withECS)
		}
	}
}
