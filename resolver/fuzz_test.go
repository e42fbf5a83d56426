package resolver

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/zones"
)

// fuzzZone covers every branch of the answer algorithm: positive answers
// with additional-section glue, CNAME chains (in zone, out of zone,
// looping, longer than answer.MaxChain), wildcards (plain, CNAME, MX), empty
// non-terminals, delegations with and without glue, DS at a cut and an
// RRset too big for 1232 bytes.
func fuzzZone() string {
	var b strings.Builder
	b.WriteString(`$ORIGIN fuzz.test.
$TTL 300
@         SOA   ns1 hostmaster 1 7200 900 1209600 60
@         NS    ns1
@         NS    ns.other.test.
@         MX    10 mail
@         TXT   "v=spf1 -all"
ns1       A     192.0.2.53
ns1       AAAA  2001:db8::53
mail      A     192.0.2.25
www       A     192.0.2.1
www       A     192.0.2.2
www       AAAA  2001:db8::1
alias     CNAME www
chain     CNAME alias
loop1     CNAME loop2
loop2     CNAME loop1
self      CNAME self
outside   CNAME www.other.test.
dangling  CNAME nothing
*.wild    A     192.0.2.80
*.wild    TXT   "wildcard"
*.cw      CNAME chain
*.wmx     MX    10 mail
a.b.c     TXT   "below two empty non-terminals"
del       NS    ns.del
del       NS    ns.other.test.
del       DS    12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
ns.del    A     192.0.2.99
ns.del    AAAA  2001:db8::99
nog       NS    ns.elsewhere.test.
sub       NS    ns.sub
ns.sub    A     192.0.2.98
_sip._udp SRV   10 60 5060 mail
`)
	for i := range answer.MaxChain + 1 {
		fmt.Fprintf(&b, "c%d CNAME c%d\n", i, i+1)
	}
	fmt.Fprintf(&b, "c%d CNAME www\n", answer.MaxChain+1)
	for i := range 12 {
		fmt.Fprintf(&b, "big TXT \"%02d %s\"\n", i, strings.Repeat("x", 100))
	}
	return b.String()
}

// fuzzChildZone is hosted beside its parent, so DS at its apex is answered
// from fuzz.test. (RFC 4035 §3.1.4.1).
const fuzzChildZone = `$ORIGIN sub.fuzz.test.
$TTL 300
@    SOA ns hostmaster 1 7200 900 1209600 60
@    NS  ns
ns   A   192.0.2.98
www  A   192.0.2.100
`

// fuzzRootZone makes every name fall into some zone and delegates test.
const fuzzRootZone = `. 3600 SOA a.root.test. h 1 7200 900 1209600 60
. 3600 NS a.root.test.
test. 3600 NS a.root.test.
a.root.test. 3600 A 192.0.2.200
`

// fuzzClient is allowed zone transfers.
var fuzzClient = netip.MustParseAddr("192.0.2.7")

// FuzzHandle feeds arbitrary packets to the handler over UDP and TCP and
// checks what any response must satisfy, whatever the question.
func FuzzHandle(f *testing.F) {
	store := loadStore(f, map[string]string{
		"fuzz.test.zone": fuzzZone(), "sub.fuzz.test.zone": fuzzChildZone, "root.zone": fuzzRootZone,
	})
	// Explain over DNS is on for the fuzz client, so CHAOS TXT queries
	// take its path too.
	h := NewHandler(store, []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")},
		WithExplainOverDNS(ExplainOverDNS{From: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}, Rate: 1 << 30}))
	for _, seed := range handleSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, pkt []byte) {
		// One Scratch for both calls, as a TCP connection reuses one: state
		// left by the first call must not leak into the second.
		s := NewScratch()
		for _, tcp := range []bool{false, true} {
			resp, xfr := h.Handle(s, Query{Packet: pkt, Client: fuzzClient, TCP: tcp})
			checkResponse(t, pkt, tcp, resp, xfr)
			if xfr != nil {
				checkTransfer(t, h, s, pkt, xfr)
			}
		}
	})
}

// malformedECS is true for a query the fast reader takes whose ECS option
// is malformed: miekg/dns cannot read it, r53d answers FORMERR (RFC 7871
// §7.1.2).
func malformedECS(pkt []byte) bool {
	if len(pkt) < headerLen || pkt[2]&0x80 != 0 {
		return false
	}
	s := NewScratch()
	return s.readFast(pkt) && s.badECS
}

// checkFormErr checks the answer to a malformed ECS option.
func checkFormErr(t *testing.T, pkt []byte, tcp bool, resp []byte, xfr *zones.Zone) {
	t.Helper()
	var m dns.Msg
	switch {
	case resp == nil || xfr != nil:
		t.Fatalf("tcp=%v: a malformed ECS option must get FORMERR", tcp)
	case m.Unpack(resp) != nil:
		t.Fatalf("tcp=%v: the FORMERR response does not parse", tcp)
	case (m.Rcode != dns.RcodeFormatError && m.Rcode != dns.RcodeBadVers) || m.Id != binary.BigEndian.Uint16(pkt) || !m.Response || len(m.Answer) > 0:
		// BADVERS when the OPT's version is unknown too: that check comes first.
		t.Fatalf("tcp=%v: want an empty FORMERR (or BADVERS) for the request's ID, got rcode %d id %d", tcp, m.Rcode, m.Id)
	}
}

// checkResponse checks the invariants of Handle's answer to pkt.
func checkResponse(t *testing.T, pkt []byte, tcp bool, resp []byte, xfr *zones.Zone) {
	t.Helper()
	var req dns.Msg
	if len(pkt) >= headerLen && pkt[2]&0x80 == 0 && knotFormErr(pkt) {
		checkKnotFormErr(t, pkt, tcp, resp, xfr)
		return
	}
	if len(pkt) < headerLen || pkt[2]&0x80 != 0 || req.Unpack(pkt) != nil {
		if malformedECS(pkt) {
			checkFormErr(t, pkt, tcp, resp, xfr)
			return
		}
		if resp != nil || xfr != nil {
			t.Fatalf("tcp=%v: answered a packet that must be dropped (short, QR=1 or unreadable)", tcp)
		}
		return
	}
	switch {
	case questionCut(pkt, &req):
		if resp != nil || xfr != nil {
			t.Fatalf("tcp=%v: answered a question without type and class", tcp)
		}
		return
	case resp == nil:
		t.Fatalf("tcp=%v: no response to a readable query", tcp)
	}
	var m dns.Msg
	if err := m.Unpack(resp); err != nil {
		t.Fatalf("tcp=%v: response does not parse: %v", tcp, err)
	}
	switch {
	case m.Id != req.Id:
		t.Fatalf("tcp=%v: response ID %d, request ID %d", tcp, m.Id, req.Id)
	case !m.Response:
		t.Fatalf("tcp=%v: QR not set", tcp)
	case m.RecursionAvailable:
		t.Fatalf("tcp=%v: RA set by an authoritative-only server", tcp)
	case m.Opcode != req.Opcode:
		t.Fatalf("tcp=%v: opcode %d, request opcode %d", tcp, m.Opcode, req.Opcode)
	case m.Truncated && len(m.Answer) > 0:
		t.Fatalf("tcp=%v: TC=1 with %d answer records: a partial RRset could be cached", tcp, len(m.Answer))
	case tcp && m.Truncated:
		t.Fatal("TC=1 over TCP")
	case xfr != nil && (!tcp || len(req.Question) != 1 || !isTransfer(req.Question[0].Qtype)):
		t.Fatalf("tcp=%v: zone transfer for question %v", tcp, req.Question)
	}
	if len(m.Question) > 0 && (len(req.Question) != 1 || m.Question[0] != req.Question[0]) {
		t.Fatalf("tcp=%v: response question %v, request %v (case must be kept)", tcp, m.Question, req.Question)
	}
	if !tcp && len(resp) > udpLimit(&req) {
		t.Fatalf("UDP response of %d bytes exceeds %d", len(resp), udpLimit(&req))
	}
}

// questionCut is true when a question of pkt (as miekg/dns read it into
// req) ends after its name, without type and class: Knot drops those.
func questionCut(pkt []byte, req *dns.Msg) bool {
	off := headerLen
	for range req.Question {
		_, end, err := dns.UnpackDomainName(pkt, off)
		if err != nil || end+4 > len(pkt) {
			return true
		}
		off = end + 4
	}
	return false
}

// knotFormErr is true when pkt has a whole question but its header counts
// promise more records than it holds, or an OPT stands in the answer or
// authority section: Knot answers FORMERR, whatever the records hold.
func knotFormErr(pkt []byte) bool {
	h := binary.BigEndian
	if len(pkt) <= headerLen {
		return false
	}
	off := headerLen
	for range h.Uint16(pkt[4:]) {
		_, end, err := dns.UnpackDomainName(pkt, off)
		if err != nil || end+4 > len(pkt) {
			return false
		}
		off = end + 4
	}
	an, ns, ar := int(h.Uint16(pkt[6:])), int(h.Uint16(pkt[8:])), int(h.Uint16(pkt[10:]))
	for i := range an + ns + ar {
		if off == len(pkt) {
			return true
		}
		_, end, err := dns.UnpackDomainName(pkt, off)
		if err != nil || end+10 > len(pkt) {
			return false
		}
		if i < an+ns && h.Uint16(pkt[end:]) == dns.TypeOPT {
			return true
		}
		if off = end + 10 + int(h.Uint16(pkt[end+8:])); off > len(pkt) {
			return false
		}
	}
	return false
}

// checkKnotFormErr checks the answer to a packet knotFormErr is true for:
// an empty FORMERR for its ID, without OPT.
func checkKnotFormErr(t *testing.T, pkt []byte, tcp bool, resp []byte, xfr *zones.Zone) {
	t.Helper()
	var m dns.Msg
	switch {
	case resp == nil || xfr != nil:
		t.Fatalf("tcp=%v: a miscounted or misplaced record must get FORMERR", tcp)
	case m.Unpack(resp) != nil:
		t.Fatalf("tcp=%v: the FORMERR response does not parse", tcp)
	case m.Rcode != dns.RcodeFormatError || m.Id != binary.BigEndian.Uint16(pkt) || !m.Response || len(m.Answer)+len(m.Ns)+len(m.Extra) > 0:
		t.Fatalf("tcp=%v: want an empty FORMERR without OPT for the request's ID, got %v", tcp, &m)
	}
}

func isTransfer(qtype uint16) bool { return qtype == dns.TypeAXFR || qtype == dns.TypeIXFR }

// udpLimit is the most a UDP response to req may carry: 512 bytes without
// EDNS (RFC 1035 §4.2.1), else the requester's payload size, no less than
// 512 and no more than we advertise (RFC 6891 §6.2.5).
func udpLimit(req *dns.Msg) int {
	opt := req.IsEdns0()
	if opt == nil {
		return dns.MinMsgSize
	}
	return max(dns.MinMsgSize, min(int(opt.UDPSize()), Advertised))
}

// checkTransfer streams a permitted transfer and checks it is the whole
// zone between two SOAs (RFC 5936 §2.2), in messages that each parse.
func checkTransfer(t *testing.T, h *Handler, s *Scratch, pkt []byte, z *zones.Zone) {
	t.Helper()
	var rrs []dns.RR
	err := h.Transfer(s, z, func(msg []byte) error {
		var m dns.Msg
		if err := m.Unpack(msg); err != nil {
			return fmt.Errorf("transfer message does not parse: %w", err)
		}
		if m.Id != uint16(pkt[0])<<8|uint16(pkt[1]) {
			return fmt.Errorf("transfer message ID %d", m.Id)
		}
		rrs = append(rrs, m.Answer...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rrs) != z.Len()+1 || rrs[0].Header().Rrtype != dns.TypeSOA || rrs[len(rrs)-1].Header().Rrtype != dns.TypeSOA {
		t.Fatalf("transfer of %s: %d records, want %d between two SOAs", z.Origin, len(rrs), z.Len()+1)
	}
}

// handleSeeds are queries of every kind the handler distinguishes, and
// malformed packets of the kinds seen on the Internet.
func handleSeeds(tb testing.TB) [][]byte {
	seeds := [][]byte{
		seedQuery(tb, "www.fuzz.test.", dns.TypeA),
		seedQuery(tb, "WwW.FuZz.TeSt.", dns.TypeAAAA, withEDNS(1232, false)),
		seedQuery(tb, "fuzz.test.", dns.TypeANY),
		seedQuery(tb, "fuzz.test.", dns.TypeAXFR),
		seedQuery(tb, "fuzz.test.", dns.TypeIXFR),
		seedQuery(tb, "www.fuzz.test.", dns.TypeAXFR),
		seedQuery(tb, "fuzz.test.", dns.TypeMX, withEDNS(4096, true)),
		seedQuery(tb, "del.fuzz.test.", dns.TypeDS, withEDNS(1232, true)),
		seedQuery(tb, "sub.fuzz.test.", dns.TypeDS),
		seedQuery(tb, "chain.fuzz.test.", dns.TypeA),
		seedQuery(tb, "c0.fuzz.test.", dns.TypeA),
		seedQuery(tb, "loop1.fuzz.test.", dns.TypeA),
		seedQuery(tb, "x.cw.fuzz.test.", dns.TypeAAAA),
		seedQuery(tb, "x.y.wild.fuzz.test.", dns.TypeTXT, withEDNS(512, false)),
		seedQuery(tb, "x.wmx.fuzz.test.", dns.TypeMX),
		seedQuery(tb, "www.del.fuzz.test.", dns.TypeA, withEDNS(1232, true)),
		seedQuery(tb, "www.nog.fuzz.test.", dns.TypeA),
		seedQuery(tb, "nothing.fuzz.test.", dns.TypeA),
		seedQuery(tb, "b.c.fuzz.test.", dns.TypeA),
		seedQuery(tb, "_sip._udp.fuzz.test.", dns.TypeSRV),
		seedQuery(tb, "big.fuzz.test.", dns.TypeTXT),
		seedQuery(tb, "big.fuzz.test.", dns.TypeTXT, withEDNS(100, false)),
		seedQuery(tb, "www.other.test.", dns.TypeA),
		seedQuery(tb, "www.fuzz.test.", dns.TypeA, withClass(dns.ClassCHAOS)),
		seedQuery(tb, "www.fuzz.test.", dns.TypeTXT, withClass(dns.ClassCHAOS)),
		seedQuery(tb, "c0.fuzz.test.", dns.TypeTXT, withClass(dns.ClassCHAOS)),
		seedQuery(tb, "www.fuzz.test.", dns.TypeA, withEDNS(1232, false), withOptions(
			&dns.EDNS0_NSID{Code: dns.EDNS0NSID},
			&dns.EDNS0_COOKIE{Code: dns.EDNS0COOKIE, Cookie: "0123456789abcdef"},
			&dns.EDNS0_PADDING{Padding: make([]byte, 16)},
			&dns.EDNS0_LOCAL{Code: 65001, Data: []byte{1, 2, 3}})),
		seedQuery(tb, "www.fuzz.test.", dns.TypeA, withEDNS(1232, false), withOptions(&dns.EDNS0_SUBNET{
			Code: dns.EDNS0SUBNET, Family: 1, SourceNetmask: 24, Address: netip.MustParseAddr("198.51.100.0").AsSlice()})),
		seedQuery(tb, "www.fuzz.test.", dns.TypeA, withEDNS(1232, false), func(m *dns.Msg) { m.IsEdns0().SetVersion(1) }),
		seedQuery(tb, "www.fuzz.test.", dns.TypeA, withEDNS(1232, false), withEDNS(4096, true)),
		seedQuery(tb, "www.fuzz.test.", dns.TypeA, func(m *dns.Msg) { m.Question = nil }),
		seedQuery(tb, "www.fuzz.test.", dns.TypeA, func(m *dns.Msg) { m.Question = append(m.Question, m.Question[0]) }),
		seedQuery(tb, "fuzz.test.", dns.TypeSOA, func(m *dns.Msg) { m.Opcode = dns.OpcodeNotify }),
		seedQuery(tb, "fuzz.test.", dns.TypeSOA, func(m *dns.Msg) { m.Opcode = dns.OpcodeUpdate }),
		seedQuery(tb, "www.fuzz.test.", dns.TypeA, func(m *dns.Msg) { m.Response = true }),
	}
	full := seedQuery(tb, "www.fuzz.test.", dns.TypeA, withEDNS(1232, false))
	for _, n := range []int{11, 12, 20, len(full) - 13, len(full) - 1} {
		seeds = append(seeds, full[:n]) // truncated in header, name, question, OPT
	}
	for _, c := range []string{"0102030405", "0102030405060708", "0102030405060708010000006b0d7e1e3aa2f6fef1b78bc0"} {
		seeds = append(seeds, seedQuery(tb, "www.fuzz.test.", dns.TypeA, withEDNS(1232, false),
			withOptions(&dns.EDNS0_COOKIE{Code: dns.EDNS0COOKIE, Cookie: c})))
	}
	for _, pkt := range malformedCorners(tb, "www.fuzz.test.") {
		seeds = append(seeds, pkt)
	}
	header := []byte{0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0}
	return append(seeds,
		concat(header, []byte{0xc0, 12, 0, 1, 0, 1}),                             // name points at itself
		concat(header, []byte{0xc0, 14, 0xc0, 12, 0, 1, 0, 1}),                   // two pointers in a loop
		concat(header, []byte{3, 'w', 'w', 'w', 0xc0, 12, 0, 1, 0, 1}),           // a label, then back to it
		concat(header, []byte{0xc0, 0xff, 0, 1, 0, 1}),                           // pointer past the end
		concat(header, []byte{0x40, 'x', 0, 0, 1, 0, 1}),                         // reserved label type
		concat(header, bytes.Repeat([]byte{1, 'a'}, 130), []byte{0, 0, 1, 0, 1}), // name over 255 bytes
	)
}

// seedQuery packs a query with a fixed ID, changed by the options in order.
func seedQuery(tb testing.TB, name string, qtype uint16, opts ...func(*dns.Msg)) []byte {
	tb.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	m.Id = 0x1234
	for _, o := range opts {
		o(m)
	}
	b, err := m.Pack()
	if err != nil {
		tb.Fatalf("seed %s %s: %v", name, dns.TypeToString[qtype], err)
	}
	return b
}

// withEDNS appends an OPT record (a second one if there is one already).
func withEDNS(size uint16, do bool) func(*dns.Msg) {
	return func(m *dns.Msg) {
		o := &dns.OPT{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT}}
		o.SetUDPSize(size)
		if do {
			o.SetDo()
		}
		m.Extra = append(m.Extra, o)
	}
}

func withOptions(opts ...dns.EDNS0) func(*dns.Msg) {
	return func(m *dns.Msg) { m.IsEdns0().Option = append(m.IsEdns0().Option, opts...) }
}

func withClass(c uint16) func(*dns.Msg) {
	return func(m *dns.Msg) { m.Question[0].Qclass = c }
}

func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
