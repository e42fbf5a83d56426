package resolver

import (
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
)

const negSOA = "example.test. 60 IN SOA ns1.example.test. hostmaster.example.test. 1 7200 900 1209600 60"

// TestAnswersOnTheWire: the header and sections of a lookup's result reach
// the client over UDP and TCP. What the lookup answers is package answer's
// to test; here each kind of result crosses the wire once.
func TestAnswersOnTheWire(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": exampleZone(t)})
	cases := []struct {
		qname         string
		qtype         uint16
		rcode         int
		noAA          bool
		answer, ns, x []string
	}{
		{qname: "WwW.ExAmPlE.TeSt.", qtype: dns.TypeA, answer: []string{"www.example.test. 300 A 192.0.2.1", "www.example.test. 300 A 192.0.2.2"}},
		{qname: "nothing.example.test.", qtype: dns.TypeA, rcode: dns.RcodeNameError, ns: []string{negSOA}},
		{qname: "example.test.", qtype: dns.TypeMX, answer: []string{"example.test. 300 MX 10 mail.example.test."},
			x: []string{"mail.example.test. 300 A 192.0.2.25", "mail.example.test. 300 AAAA 2001:db8::25"}},
		{qname: "www.sub.example.test.", qtype: dns.TypeA, noAA: true,
			ns: []string{"sub.example.test. 300 NS ns.sub.example.test.", "sub.example.test. 300 NS ns.other.test."},
			x:  []string{"ns.sub.example.test. 300 A 192.0.2.99"}},
		{qname: "www.other.test.", qtype: dns.TypeA, rcode: dns.RcodeRefused, noAA: true},
		{qname: "www.example.test.", qtype: dns.TypeANY, answer: []string{"www.example.test. 300 HINFO \"RFC8482\" \"\""}},
	}
	for _, tc := range cases {
		for _, network := range []string{"udp", "tcp"} {
			if tc.qtype == dns.TypeANY && network == "tcp" {
				continue // every RRset over TCP
			}
			m := new(dns.Msg)
			m.SetQuestion(tc.qname, tc.qtype)
			m.SetEdns0(1232, false)
			r := exchange(t, addr, network, m)
			name := network + " " + tc.qname + " " + dns.TypeToString[tc.qtype]
			assert.Equal(t, dns.RcodeToString[tc.rcode], dns.RcodeToString[r.Rcode], name)
			assert.Equal(t, !tc.noAA, r.Authoritative, name+" AA")
			assert.False(t, r.RecursionAvailable, name+" RA")
			assert.Equal(t, tc.qname, r.Question[0].Name, name+": the question keeps its case")
			assert.Equal(t, zoneText(t, tc.answer...), rrStrings(r.Answer), name+" answer")
			assert.Equal(t, zoneText(t, tc.ns...), rrStrings(r.Ns), name+" authority")
			assert.Equal(t, zoneText(t, tc.x...), rrStrings(r.Extra), name+" additional")
		}
	}
}
