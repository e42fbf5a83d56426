// Package explain answers one question exactly as the server would and
// keeps every routing decision that built the answer, then renders the
// explanation for people (text) and for machines (JSON). r53d explain, the
// admin API, the status page, r53d test and explain over DNS all render
// through it, so they tell the same story.
package explain

import (
	"net/netip"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// advertisedUDP is the EDNS payload size the server advertises
// (resolver.Advertised, which imports this package and so cannot be
// imported here).
const advertisedUDP = 1232

// Health says which health view an explanation used.
type Health struct {
	// Source is "live" (a running server's health checks), "assumed"
	// (every check healthy) or "what-if" (checks forced by the asker on
	// top of one of the others).
	Source string `json:"source"`
	// Summary is the one line people read.
	Summary string `json:"summary"`
	// Admin is the admin address live health came from.
	Admin string `json:"admin,omitempty"`
	// At is when live health was read, RFC 3339.
	At string `json:"at,omitempty"`
	// Forced are the what-if statuses by check id: "healthy" or "unhealthy".
	Forced map[string]string `json:"forced,omitempty"`
}

// Client is who asks: the socket address of the query and, when a
// resolver sent one, its EDNS Client Subnet (RFC 7871).
type Client struct {
	Socket netip.Addr
	ECS    netip.Prefix // invalid: the query had none
}

// ParseClient reads ADDR (the socket address) or ADDR/PREFIX (an EDNS
// Client Subnet, sent by a resolver on this host, 127.0.0.1).
func ParseClient(s string) (Client, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		if p.Bits() < p.Addr().BitLen() {
			return Client{Socket: netip.MustParseAddr("127.0.0.1"), ECS: p.Masked()}, nil
		}
		return Client{Socket: p.Addr()}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return Client{}, err
	}
	return Client{Socket: a}, nil
}

// String is the client as ParseClient reads it back.
func (c Client) String() string {
	if c.ECS.IsValid() {
		return c.ECS.String()
	}
	return c.Socket.String()
}

// Explanation is the answer the server would send one client and every
// routing decision that built it.
type Explanation struct {
	Question answer.Question
	Client   Client
	// DecidedOn is who the policies decided for (the ECS subnet or the
	// socket address).
	DecidedOn policy.Client
	Health    Health
	// Message is the response, whole (an explanation is never
	// truncated), with an OPT echoing the client subnet and its scope.
	Message *dns.Msg
	// Scope is the ECS scope of the answer: the one the response carries
	// when the query had a client subnet, else the prefix length the
	// decision depended on (0: every client gets this answer).
	Scope  int
	Traces []*policy.Trace
}

// Run answers q for client from view as serve would, with the routing of
// routing (its Health or Monitor is the health used), drawing random
// numbers from seed so the explanation can be repeated.
func Run(view zones.View, routing *answer.Routing, q answer.Question, client Client, seed uint64) *Explanation {
	var f answer.Finder
	f.Explain(seed)
	who := answer.ClientOf(client.ECS, client.Socket)
	res := f.Lookup(view, routing, q, who)
	m := new(dns.Msg)
	m.SetQuestion(q.Name, q.Type)
	m.Id, m.Response, m.RecursionDesired = 1, true, false // as a resolver asks an authoritative server
	m.Rcode, m.Authoritative = res.Rcode, res.Authoritative
	m.Answer, m.Extra = res.Records()
	m.Ns = res.Authority
	opt := &dns.OPT{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT}}
	opt.SetUDPSize(advertisedUDP)
	scope := res.Scope
	if ecs := client.ECS; ecs.IsValid() {
		family := uint16(1)
		if ecs.Addr().Is6() {
			family = 2
		}
		scope = res.ECSScope(who, ecs.Bits(), false)
		opt.Option = append(opt.Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: family, SourceNetmask: uint8(ecs.Bits()),
			SourceScope: uint8(scope), Address: ecs.Addr().AsSlice()})
	}
	m.Extra = append(m.Extra, opt)
	return &Explanation{Question: q, Client: client, DecidedOn: who, Message: m, Scope: scope, Traces: res.Traces}
}

// Refused reports whether no zone answers the question: the server
// refuses it, and there is no decision to explain.
func (e *Explanation) Refused() bool { return e.Message.Rcode == dns.RcodeRefused }
