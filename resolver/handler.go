// Package resolver serves DNS on UDP and TCP sockets of its own: it reads
// requests, finds their answers with package answer, and writes responses
// with EDNS0 (RFC 6891), Client Subnet (RFC 7871) and truncation, and
// streams zone transfers.
package resolver

import (
	"net/netip"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// Advertised is the EDNS0 UDP payload size r53d advertises and the most it
// sends over UDP (the DNS Flag Day 2020 value).
const Advertised = 1232

const headerLen = 12

// Handler answers queries. It is safe for concurrent use; each serving
// goroutine keeps its own Scratch.
type Handler struct {
	store         *zones.Store
	allowTransfer []netip.Prefix
	routing       answer.Routing
	metrics       *Metrics
	cookies       cookieSecret     // random per Handler (RFC 9018 §4.3)
	now           func() time.Time // the clock of cookies and rate limits
	rrl           *rateLimiter     // nil: UDP responses are not limited
	explain       *explainer       // nil: CHAOS queries are refused
}

// Option configures a Handler.
type Option func(*Handler)

// WithRouting gives policy decisions their health view and GeoIP database.
func WithRouting(r answer.Routing) Option { return func(h *Handler) { h.routing = r } }

// WithMetrics counts every answered query in m.
func WithMetrics(m *Metrics) Option { return func(h *Handler) { h.metrics = m } }

// WithClock replaces the wall clock of cookie timestamps and rate limits
// (for tests).
func WithClock(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// NewHandler answers from store and allows zone transfers to the clients
// in allowTransfer.
func NewHandler(store *zones.Store, allowTransfer []netip.Prefix, opts ...Option) *Handler {
	h := &Handler{store: store, allowTransfer: allowTransfer, cookies: newCookieSecret(), now: time.Now}
	for _, o := range opts {
		o(h)
	}
	if h.rrl != nil && h.metrics != nil {
		h.metrics.rrl.on.Store(true)
	}
	return h
}

// Scratch is per-goroutine memory reused from query to query so the hot
// path allocates little.
type Scratch struct {
	req, resp  dns.Msg
	out        []byte
	optOnly    [1]dns.RR   // the additional section of answers without records: the OPT
	wire       *wireWriter // writes out; its compression table is per worker
	opt        dns.OPT
	optOptions []dns.EDNS0
	subnet     dns.EDNS0_SUBNET
	// The request as readFast reads it, in reused records.
	question   [1]dns.Question
	reqExtra   [1]dns.RR
	reqOPT     dns.OPT
	reqOptions [4]dns.EDNS0
	reqECS     dns.EDNS0_SUBNET
	badECS     bool // the fast reader found a malformed ECS option
	formErr    bool // checkShape found the packet malformed past its question
	cookie     requestCookie
	cookieOK   bool // the request's cookie is well formed: the response has one
	// cookieValid is true when the request carries a valid server cookie
	// (its source address is not forged).
	cookieValid bool
	cookieOut   [clientCookieLen + serverCookieLen]byte
	cookieOpt   dns.EDNS0_LOCAL
	rrlKey      [16 + 1 + 2 + maxNamePresentation]byte // what a rate-limit bucket counts
	rrlDrops    uint64                                 // responses this worker dropped, for the slip
	ecsAddr     [16]byte
	// qname holds the question name readFast reads; the request's
	// Question.Name is a string over it, so reading a query allocates
	// nothing. The bytes are rewritten by the next query, so nothing may
	// keep that string past the answer to its own query: answer.Finder
	// only reads it while looking up (synthesized owners go into the
	// Result, which is itself the Finder's and reused), the wire writer
	// forgets its recent names after every message, metrics count by zone
	// origin, and transfers stream before the next read on their
	// connection. Anything that keeps a name — a log line, a trace, a
	// cache key — must copy it first (strings.Clone).
	qname  [maxNamePresentation]byte
	finder answer.Finder
	none   answer.Result // the answer to questions no zone gets
}

// NewScratch returns buffers for one serving goroutine.
func NewScratch() *Scratch {
	return &Scratch{out: make([]byte, 0, dns.MaxMsgSize), wire: new(wireWriter), optOptions: make([]dns.EDNS0, 0, 2)}
}

// Query is one received packet.
type Query struct {
	Packet []byte
	Client netip.Addr
	TCP    bool
}

// Handle answers one packet. It returns the wire response (valid until the
// next call with the same Scratch), or nil when the packet is to be
// dropped. transfer is non-nil when the query is a permitted zone transfer:
// the caller streams it (TCP only).
func (h *Handler) Handle(s *Scratch, q Query) (resp []byte, transfer *zones.Zone) {
	pkt := q.Packet
	// Drop what is not a query we can read: short packets, responses
	// (QR=1, which could loop between servers) and unparsable messages.
	if len(pkt) < headerLen || pkt[2]&0x80 != 0 {
		return nil, nil
	}
	req, m := &s.req, &s.resp
	if !s.readQuery(pkt) {
		return nil, nil
	}
	*m = dns.Msg{}
	m.Id, m.Response, m.Opcode = req.Id, true, req.Opcode
	m.RecursionDesired, m.CheckingDisabled = req.RecursionDesired, req.CheckingDisabled
	m.Extra = s.optOnly[:0]
	s.cookieOK, s.cookieValid = false, false
	if s.formErr {
		// As Knot answers: the question echoed, no OPT (the request's
		// records are not trusted).
		m.Rcode, m.Question = dns.RcodeFormatError, req.Question
		return h.pack(s, m, owners{}, 0, q.TCP, 0), nil
	}
	// Every response to a request with an OPT carries one (RFC 6891 §6.1.1).
	opt, nopt := findOPT(req.Extra)
	fail := func(rcode int) []byte {
		m.Rcode = rcode
		if opt != nil {
			m.Extra = append(m.Extra, h.replyOPT(s, opt, q.Client))
		}
		return h.pack(s, m, owners{}, 0, q.TCP, 0)
	}
	switch {
	case req.Opcode != dns.OpcodeQuery:
		m.CheckingDisabled = false
		return fail(dns.RcodeNotImplemented), nil
	case len(req.Question) != 1 || nopt > 1:
		return fail(dns.RcodeFormatError), nil
	}
	m.Question = req.Question
	limit := dns.MinMsgSize
	if opt != nil {
		if opt.Version() != 0 {
			return fail(dns.RcodeBadVers), nil
		}
		limit = min(max(int(opt.UDPSize()), dns.MinMsgSize), Advertised)
		if s.cookie.malformed() {
			return fail(dns.RcodeFormatError), nil // RFC 7873 §5.2.2
		}
		s.cookieOK = s.cookie.count == 1
		s.cookieValid = s.cookieOK && h.cookies.valid(&s.cookie, q.Client, uint32(h.now().Unix()))
	}
	ecs, ok := clientSubnet(opt)
	if !ok || s.badECS {
		return fail(dns.RcodeFormatError), nil // RFC 7871 §7.1.2
	}
	client := routingClient(ecs, q.Client)
	res, transfer := h.question(s, req.Question[0], q, client)
	if h.rrl != nil && !q.TCP && !s.cookieValid {
		switch h.rrl.verdict(s, q.Client, req.Question[0], res, h.now()) {
		case rrlDrop:
			h.metrics.rrlDropped()
			return nil, nil
		case rrlSlip:
			// Empty and truncated: a real client retries over TCP.
			h.metrics.rrlSlipped()
			m.Truncated = true
			return fail(res.Rcode), nil
		}
	}
	m.Rcode, m.Authoritative = res.Rcode, res.Authoritative
	m.Answer, m.Ns, m.Extra = res.Answer, res.Authority, res.Additional
	h.metrics.count(res.Zone, res.Rcode, policyIndex(res))
	if opt != nil {
		o := h.replyOPT(s, opt, q.Client)
		if ecs != nil {
			o.Option = append(o.Option, s.replySubnet(ecs, ecsScope(ecs, client, res)))
		}
		m.Extra = append(m.Extra, o)
	}
	return h.pack(s, m, owners{res.AnswerOwners, res.AdditionalOwners}, limit, q.TCP, res.Required), transfer
}

// question answers the single question of a query. It returns the zone to
// transfer for a permitted AXFR (with an empty answer, as the transfer
// itself is the answer).
func (h *Handler) question(s *Scratch, question dns.Question, q Query, client policy.Client) (*answer.Result, *zones.Zone) {
	if question.Qclass != dns.ClassINET {
		if question.Qclass == dns.ClassCHAOS && h.explain != nil {
			if res, ok := h.explainQuestion(question, q, client); ok {
				return res, nil
			}
		}
		return s.noRecords(dns.RcodeRefused), nil
	}
	view := h.store.View()
	if question.Qtype == dns.TypeAXFR || question.Qtype == dns.TypeIXFR {
		if z, ok := h.transferZone(view, question.Name, q); ok {
			return s.noRecords(dns.RcodeSuccess), z
		}
	}
	aq := answer.Question{Name: question.Name, Type: question.Qtype, TCP: q.TCP}
	return s.finder.Lookup(view, &h.routing, aq, client), nil
}

// noRecords is an answer without records, the worker's own (valid until
// the next query).
func (s *Scratch) noRecords(rcode int) *answer.Result {
	s.none = answer.Result{Rcode: rcode, Additional: s.optOnly[:0]}
	return &s.none
}

// transferZone is the zone a query asks to transfer, when it may: over
// TCP, for a zone's apex, from a client of the allow list.
func (h *Handler) transferZone(view zones.View, qname string, q Query) (*zones.Zone, bool) {
	lname := strings.ToLower(qname)
	z, ok := view.Closest(lname)
	if !ok || !q.TCP || lname != z.Origin || !h.transferAllowed(q.Client) {
		return nil, false
	}
	return z, true
}

func (h *Handler) transferAllowed(client netip.Addr) bool {
	client = client.Unmap()
	for _, p := range h.allowTransfer {
		if p.Contains(client) {
			return true
		}
	}
	return false
}

// findOPT returns the first OPT pseudo-record and how many there are.
func findOPT(extra []dns.RR) (*dns.OPT, int) {
	var first *dns.OPT
	n := 0
	for _, rr := range extra {
		if o, ok := rr.(*dns.OPT); ok {
			if first == nil {
				first = o
			}
			n++
		}
	}
	return first, n
}

// replyOPT is the OPT of a response: version 0, our payload size, the DO
// bit echoed, a cookie when the request had a well-formed one, and no
// options or flags we do not understand (RFC 6891 §6.1). It is the
// worker's own record, reused: valid until the next query.
func (h *Handler) replyOPT(s *Scratch, req *dns.OPT, client netip.Addr) *dns.OPT {
	o := &s.opt
	*o = dns.OPT{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT}, Option: s.optOptions[:0]}
	o.SetUDPSize(Advertised)
	if req.Do() {
		o.SetDo()
	}
	if s.cookieOK {
		o.Option = append(o.Option, s.replyCookie(h.cookies, client, h.now()))
	}
	return o
}
