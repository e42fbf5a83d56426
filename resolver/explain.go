package resolver

import (
	"fmt"
	"math/rand/v2"
	"net/netip"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

// Question is a what-if query for Explain: a name and type asked by a
// client, over UDP with EDNS unless TCP is set.
type Question struct {
	Name string
	Type uint16
	// Client is the asker: a prefix shorter than the address length is
	// sent as an EDNS Client Subnet option, a full-length one is the
	// socket address.
	Client netip.Prefix
	TCP    bool
	// Seed fixes the random draws, so an explanation can be repeated.
	Seed uint64
}

// Explanation is the answer the server would send and every routing
// decision that built it.
type Explanation struct {
	Answer *dns.Msg
	Traces []*policy.Trace
}

// Explain answers q through exactly the path a query takes on the wire,
// recording each routing decision.
func (h *Handler) Explain(q Question) (*Explanation, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(q.Name), q.Type)
	m.Id = 1
	m.RecursionDesired = false // as a resolver asks an authoritative server
	m.SetEdns0(Advertised, false)
	socket := q.Client.Addr()
	if q.Client.Bits() < q.Client.Addr().BitLen() {
		family := uint16(1)
		if q.Client.Addr().Is6() {
			family = 2
		}
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: family,
			SourceNetmask: uint8(q.Client.Bits()), Address: q.Client.Masked().Addr().AsSlice()})
		socket = netip.MustParseAddr("127.0.0.1") // a resolver on this host forwards for the client
	}
	pkt, err := m.Pack()
	if err != nil {
		return nil, fmt.Errorf("explain %s: %w", q.Name, err)
	}
	s := NewScratch()
	s.rng = rand.New(rand.NewPCG(q.Seed, q.Seed^0x9e3779b97f4a7c15))
	var traces []*policy.Trace
	s.traces = &traces
	resp, _ := h.Handle(s, Query{Packet: pkt, Client: socket, TCP: q.TCP})
	if resp == nil {
		return nil, fmt.Errorf("explain %s: the query was dropped", q.Name)
	}
	out := new(dns.Msg)
	if err := out.Unpack(resp); err != nil {
		return nil, fmt.Errorf("explain %s: %w", q.Name, err)
	}
	return &Explanation{Answer: out, Traces: traces}, nil
}
