package resolver

import (
	"net"
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/stretchr/testify/require"
)

// BenchmarkServeTrafficPolicy compares a latency answer from record sets
// (lat-rs) with the same answer through a traffic policy's latency rule
// (lat-tp), and a nested policy (www: geo → latency → weighted), every
// query from Frankfurt by ECS. The policy record should cost no more than
// 1.1× the record sets, and allocate nothing.
func BenchmarkServeTrafficPolicy(b *testing.B) {
	h := NewHandler(loadStore(b, fixture(b, "flow")), nil, WithRouting(answer.Routing{Health: downSet{}, Locator: testGeoIP(b)}))
	for _, name := range []string{"lat-rs", "lat-tp", "www"} {
		pkt := ecsQuery(b, name+".flow.test.", net.IPv4(11, 4, 0, 0).To4())
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

func ecsQuery(b *testing.B, name string, addr net.IP) []byte {
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeA)
	m.SetEdns0(1232, false)
	m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1, SourceNetmask: 24, Address: addr})
	pkt, err := m.Pack()
	require.NoError(b, err)
	return pkt
}

// TestTrafficPolicyAnswerAllocatesNothing: a warm policy-record answer
// allocates as little as a record-set one: nothing.
func TestTrafficPolicyAnswerAllocatesNothing(t *testing.T) {
	h := NewHandler(loadStore(t, fixture(t, "flow")), nil, WithRouting(answer.Routing{Health: downSet{}, Locator: testGeoIP(t)}))
	for _, name := range []string{"lat-rs", "lat-tp", "www", "near"} {
		m := new(dns.Msg)
		m.SetQuestion(name+".flow.test.", dns.TypeA)
		m.SetEdns0(1232, false)
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1, SourceNetmask: 24, Address: net.IPv4(11, 4, 0, 0).To4()})
		pkt, err := m.Pack()
		require.NoError(t, err)
		s := NewScratch()
		q := Query{Packet: pkt, Client: netip.MustParseAddr("127.0.0.1")}
		h.Handle(s, q)
		allocs := testing.AllocsPerRun(200, func() { h.Handle(s, q) })
		require.Zero(t, allocs, name)
	}
}
