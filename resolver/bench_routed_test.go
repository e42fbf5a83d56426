package resolver

import (
	"net"
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/require"
)

// BenchmarkServeRouted compares policy-routed answers with a static one,
// every query carrying the same ECS option (11.4.0.0/24, Frankfurt).
func BenchmarkServeRouted(b *testing.B) {
	h := routedHandler(b, "static A 192.0.2.7\n")
	for _, name := range []string{"static", "w", "geo", "mv", "fo", "lat", "near", "ipb", "alias"} {
		m := new(dns.Msg)
		m.SetQuestion(name+".routed.test.", dns.TypeA)
		m.SetEdns0(1232, false)
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1,
			SourceNetmask: 24, Address: net.IPv4(11, 4, 0, 0).To4()})
		pkt, err := m.Pack()
		require.NoError(b, err)
		b.Run(name, func(b *testing.B) {
			s := NewScratch()
			q := Query{Packet: pkt, Client: netip.MustParseAddr("127.0.0.1")}
			b.ReportAllocs()
			for b.Loop() {
				if resp, _ := h.Handle(s, q); len(resp) == 0 {
					b.Fatal("no answer")
				}
			}
		})
	}
}
