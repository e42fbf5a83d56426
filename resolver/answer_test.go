package resolver

import (
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
)

const exampleZone = `$ORIGIN example.test.
$TTL 300
@       SOA  ns1 hostmaster 1 7200 900 1209600 60
@       NS   ns1
@       NS   ns2.other.test.
@       MX   10 mail
ns1     A    192.0.2.53
mail    A    192.0.2.25
mail    AAAA 2001:db8::25
www     A    192.0.2.1
www     A    192.0.2.2
alias   CNAME www
chain   CNAME alias
loop1   CNAME loop2
loop2   CNAME loop1
dangling CNAME nothing
outside CNAME www.other.test.
a.b.c   TXT  "deep"
*.wild  A    192.0.2.80
*.cw    CNAME www
sub     NS   ns.sub
sub     NS   ns.other.test.
sub     DS   12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
ns.sub  A    192.0.2.99
_sip._udp SRV 10 60 5060 mail
`

const negSOA = "example.test. 60 IN SOA ns1.example.test. hostmaster.example.test. 1 7200 900 1209600 60"

// Case is one question and the answer expected, records as zone text.
type Case struct {
	Qname  string
	Qtype  uint16
	Rcode  int
	NoAA   bool
	Answer []string
	Ns     []string
	Extra  []string // checked only when non-nil
}

func TestAnswers(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": exampleZone})
	cases := []Case{
		{Qname: "www.example.test.", Qtype: dns.TypeA, Answer: []string{"www.example.test. 300 A 192.0.2.1", "www.example.test. 300 A 192.0.2.2"}},
		{Qname: "WwW.ExAmPlE.TeSt.", Qtype: dns.TypeA, Answer: []string{"www.example.test. 300 A 192.0.2.1", "www.example.test. 300 A 192.0.2.2"}},
		{Qname: "www.example.test.", Qtype: dns.TypeAAAA, Ns: []string{negSOA}},
		{Qname: "nothing.example.test.", Qtype: dns.TypeA, Rcode: dns.RcodeNameError, Ns: []string{negSOA}},
		{Qname: "b.c.example.test.", Qtype: dns.TypeA, Ns: []string{negSOA}},                              // empty non-terminal: NODATA
		{Qname: "x.b.c.example.test.", Qtype: dns.TypeA, Rcode: dns.RcodeNameError, Ns: []string{negSOA}}, // below an ENT: NXDOMAIN
		{Qname: "example.test.", Qtype: dns.TypeMX, Answer: []string{"example.test. 300 MX 10 mail.example.test."}, // in-zone target addresses
			Extra: []string{"mail.example.test. 300 A 192.0.2.25", "mail.example.test. 300 AAAA 2001:db8::25"}},
		{Qname: "chain.example.test.", Qtype: dns.TypeA, Answer: []string{
			"chain.example.test. 300 CNAME alias.example.test.", "alias.example.test. 300 CNAME www.example.test.",
			"www.example.test. 300 A 192.0.2.1", "www.example.test. 300 A 192.0.2.2"}},
		{Qname: "alias.example.test.", Qtype: dns.TypeCNAME, Answer: []string{"alias.example.test. 300 CNAME www.example.test."}},
		{Qname: "loop1.example.test.", Qtype: dns.TypeA, Answer: []string{"loop1.example.test. 300 CNAME loop2.example.test.", "loop2.example.test. 300 CNAME loop1.example.test."}},
		{Qname: "dangling.example.test.", Qtype: dns.TypeA, Rcode: dns.RcodeNameError, Answer: []string{"dangling.example.test. 300 CNAME nothing.example.test."}, Ns: []string{negSOA}},
		{Qname: "outside.example.test.", Qtype: dns.TypeA, Answer: []string{"outside.example.test. 300 CNAME www.other.test."}},
		{Qname: "any.wild.example.test.", Qtype: dns.TypeA, Answer: []string{"any.wild.example.test. 300 A 192.0.2.80"}},
		{Qname: "a.b.wild.example.test.", Qtype: dns.TypeA, Answer: []string{"a.b.wild.example.test. 300 A 192.0.2.80"}},
		{Qname: "any.wild.example.test.", Qtype: dns.TypeTXT, Ns: []string{negSOA}},
		{Qname: "wild.example.test.", Qtype: dns.TypeA, Ns: []string{negSOA}}, // the wildcard does not cover its parent
		{Qname: "x.cw.example.test.", Qtype: dns.TypeA, Answer: []string{"x.cw.example.test. 300 CNAME www.example.test.",
			"www.example.test. 300 A 192.0.2.1", "www.example.test. 300 A 192.0.2.2"}},
		{Qname: "x.a.b.c.example.test.", Qtype: dns.TypeA, Rcode: dns.RcodeNameError, Ns: []string{negSOA}}, // closest encloser a.b.c has no wildcard
		{Qname: "www.sub.example.test.", Qtype: dns.TypeA, NoAA: true,
			Ns:    []string{"sub.example.test. 300 NS ns.sub.example.test.", "sub.example.test. 300 NS ns.other.test."},
			Extra: []string{"ns.sub.example.test. 300 A 192.0.2.99"}},
		{Qname: "sub.example.test.", Qtype: dns.TypeNS, NoAA: true,
			Ns: []string{"sub.example.test. 300 NS ns.sub.example.test.", "sub.example.test. 300 NS ns.other.test."}},
		{Qname: "ns.sub.example.test.", Qtype: dns.TypeA, NoAA: true, // occluded by the cut: a referral, not data
			Ns: []string{"sub.example.test. 300 NS ns.sub.example.test.", "sub.example.test. 300 NS ns.other.test."}},
		{Qname: "sub.example.test.", Qtype: dns.TypeDS, Answer: []string{"sub.example.test. 300 DS 12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"}},
		{Qname: "_sip._udp.example.test.", Qtype: dns.TypeSRV, Answer: []string{"_sip._udp.example.test. 300 SRV 10 60 5060 mail.example.test."},
			Extra: []string{"mail.example.test. 300 A 192.0.2.25", "mail.example.test. 300 AAAA 2001:db8::25"}},
		{Qname: "www.other.test.", Qtype: dns.TypeA, Rcode: dns.RcodeRefused, NoAA: true},
		{Qname: "www.example.test.", Qtype: dns.TypeANY, Answer: []string{"www.example.test. 300 HINFO \"RFC8482\" \"\""}},
	}
	for _, tc := range cases {
		for _, network := range []string{"udp", "tcp"} {
			m := new(dns.Msg)
			m.SetQuestion(tc.Qname, tc.Qtype)
			m.SetEdns0(1232, false)
			r := exchange(t, addr, network, m)
			name := network + " " + tc.Qname + " " + dns.TypeToString[tc.Qtype]
			if tc.Qtype == dns.TypeANY && network == "tcp" {
				continue // every RRset over TCP: TestAnyOverTCP
			}
			assert.Equal(t, dns.RcodeToString[tc.Rcode], dns.RcodeToString[r.Rcode], name)
			assert.Equal(t, !tc.NoAA, r.Authoritative, name+" AA")
			assert.False(t, r.RecursionAvailable, name+" RA")
			assert.Equal(t, tc.Qname, r.Question[0].Name, name+": the question keeps its case")
			assert.Equal(t, zoneText(t, tc.Answer...), rrStrings(r.Answer), name+" answer")
			assert.Equal(t, zoneText(t, tc.Ns...), rrStrings(r.Ns), name+" authority")
			if tc.Extra != nil {
				assert.Equal(t, zoneText(t, tc.Extra...), rrStrings(r.Extra), name+" additional")
			}
		}
	}
}

func TestAnyOverTCP(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": exampleZone})
	m := new(dns.Msg)
	m.SetQuestion("example.test.", dns.TypeANY)
	r := exchange(t, addr, "tcp", m)
	types := map[uint16]int{}
	for _, rr := range r.Answer {
		types[rr.Header().Rrtype]++
	}
	assert.Equal(t, map[uint16]int{dns.TypeSOA: 1, dns.TypeNS: 2, dns.TypeMX: 1}, types)
}

// TestAdditionalForWildcardAndRoutedTargets: an MX target covered by a
// wildcard, or answered by a routed group, still gets its address.
func TestAdditionalForWildcardAndRoutedTargets(t *testing.T) {
	addr := startServer(t, map[string]string{
		"example.test.zone": exampleZone + "mxw MX 10 x.wild\nmxw MX 20 x.wild\nmxr MX 10 routed\n",
		"example.test.yaml": "ResourceRecordSets:\n  - {Name: routed.example.test., Type: A, SetIdentifier: a, Weight: 1, TTL: 60, ResourceRecords: [{Value: 192.0.2.90}]}\n",
	})
	for name, want := range map[string]string{
		"mxw.example.test.": "x.wild.example.test. 300 A 192.0.2.80",
		"mxr.example.test.": "routed.example.test. 60 A 192.0.2.90",
	} {
		m := new(dns.Msg)
		m.SetQuestion(name, dns.TypeMX)
		r := exchange(t, addr, "udp", m)
		assert.Equal(t, zoneText(t, want), rrStrings(r.Extra), name)
	}
}
