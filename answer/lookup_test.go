package answer

import (
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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

// TestAnswers runs RFC 1034 §4.3.2 on testdata/lookup/example: answers,
// CNAME chains, wildcards (RFC 4592), negative answers (RFC 2308),
// referrals and their glue.
func TestAnswers(t *testing.T) {
	view := loadView(t, fixture(t, "example"))
	var f Finder
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
		for _, tcp := range []bool{false, true} {
			if tc.Qtype == dns.TypeANY && tcp {
				continue // every RRset over TCP: TestAnyOverTCP
			}
			r := ask(&f, view, nil, tc.Qname, tc.Qtype, tcp)
			name := tc.Qname + " " + dns.TypeToString[tc.Qtype]
			if tcp {
				name = "tcp " + name
			}
			assert.Equal(t, dns.RcodeToString[tc.Rcode], dns.RcodeToString[r.Rcode], name)
			assert.Equal(t, !tc.NoAA, r.Authoritative, name+" AA")
			assert.Equal(t, zoneText(t, tc.Answer...), rrStrings(r.Answer), name+" answer")
			assert.Equal(t, zoneText(t, tc.Ns...), rrStrings(r.Authority), name+" authority")
			if tc.Extra != nil {
				assert.Equal(t, zoneText(t, tc.Extra...), rrStrings(r.Additional), name+" additional")
			}
			assert.Zero(t, r.Scope, name+": static answers fit every client")
			assert.False(t, r.Routed, name)
		}
	}
}

func TestAnswerZone(t *testing.T) {
	view := loadView(t, fixture(t, "example"))
	var f Finder
	assert.Equal(t, "example.test.", ask(&f, view, nil, "www.example.test.", dns.TypeA, false).Zone)
	assert.Equal(t, "", ask(&f, view, nil, "www.other.test.", dns.TypeA, false).Zone, "no zone answered")
	for _, qtype := range []uint16{dns.TypeAXFR, dns.TypeIXFR} {
		r := ask(&f, view, nil, "example.test.", qtype, true)
		assert.Equal(t, dns.RcodeRefused, r.Rcode, "a transfer is the caller's to stream")
	}
}

func TestAnyOverTCP(t *testing.T) {
	view := loadView(t, fixture(t, "example"))
	var f Finder
	r := ask(&f, view, nil, "example.test.", dns.TypeANY, true)
	types := map[uint16]int{}
	for _, rr := range r.Answer {
		types[rr.Header().Rrtype]++
	}
	assert.Equal(t, map[uint16]int{dns.TypeSOA: 1, dns.TypeNS: 2, dns.TypeMX: 1}, types)
}

// TestAdditionalForWildcardAndRoutedTargets: an MX target covered by a
// wildcard, or answered by a routed group, still gets its address.
func TestAdditionalForWildcardAndRoutedTargets(t *testing.T) {
	files := fixture(t, "example")
	files["example.test.zone"] += "mxw MX 10 x.wild\nmxw MX 20 x.wild\nmxr MX 10 routed\n"
	files["example.test.yaml"] = "ResourceRecordSets:\n  - {Name: routed.example.test., Type: A, SetIdentifier: a, Weight: 1, TTL: 60, ResourceRecords: [{Value: 192.0.2.90}]}\n"
	view := loadView(t, files)
	var f Finder
	for name, want := range map[string]string{
		"mxw.example.test.": "x.wild.example.test. 300 A 192.0.2.80",
		"mxr.example.test.": "routed.example.test. 60 A 192.0.2.90",
	} {
		r := ask(&f, view, nil, name, dns.TypeMX, false)
		assert.Equal(t, zoneText(t, want), rrStrings(r.Additional), name)
	}
}

// TestReferralGlueRequired: in-domain glue comes first and is required
// (RFC 9471); sibling glue follows, optional.
func TestReferralGlueRequired(t *testing.T) {
	files := fixture(t, "example")
	files["example.test.zone"] += "both NS ns.both\nboth NS mail\nns.both A 192.0.2.77\nns.both AAAA 2001:db8::77\n"
	view := loadView(t, files)
	var f Finder
	r := ask(&f, view, nil, "www.both.example.test.", dns.TypeA, false)
	require.False(t, r.Authoritative)
	assert.Equal(t, 2, r.Required)
	assert.Equal(t, zoneText(t, "ns.both.example.test. 300 A 192.0.2.77", "ns.both.example.test. 300 AAAA 2001:db8::77"),
		rrStrings(r.Additional[:r.Required]), "in-domain glue first")
	assert.Equal(t, zoneText(t, "mail.example.test. 300 A 192.0.2.25", "mail.example.test. 300 AAAA 2001:db8::25"),
		rrStrings(r.Additional[r.Required:]), "sibling glue after it")
}

// TestRenamedNotCopied: records answering under another owner — from a
// wildcard, an alias target, a wildcard glue name — are the zone's own
// records with their owner in AnswerOwners or AdditionalOwners: no copy
// is made, and the stored records keep their names.
func TestRenamedNotCopied(t *testing.T) {
	files := fixture(t, "example")
	files["example.test.zone"] += "mxw MX 10 x.wild\n"
	files["example.test.yaml"] = "ResourceRecordSets:\n" +
		"  - {Name: t.example.test., Type: A, SetIdentifier: a, Weight: 1, TTL: 60, ResourceRecords: [{Value: 192.0.2.90}]}\n" +
		"  - {Name: al.example.test., Type: A, AliasTarget: {HostedZoneId: Z1, DNSName: t.example.test., EvaluateTargetHealth: false}}\n"
	view := loadView(t, files)
	z, ok := view.Closest("example.test.")
	require.True(t, ok)
	stored := func(name string) dns.RR {
		rrs := z.Find(name).Exact.RRset(dns.TypeA)
		if len(rrs) == 0 {
			rrs = z.Find(name).Exact.Get(dns.TypeA).Policy.Records[0].RRs
		}
		require.Len(t, rrs, 1, name)
		return rrs[0]
	}
	var f Finder
	for _, tc := range []struct{ qname, from string }{
		{"X.Wild.example.test.", "*.wild.example.test."},
		{"al.example.test.", "t.example.test."},
	} {
		r := f.Lookup(view, nil, Question{Name: tc.qname, Type: dns.TypeA}, ClientOf(zeroPrefix, socket))
		require.Len(t, r.Answer, 1, tc.qname)
		assert.Same(t, stored(tc.from), r.Answer[0], tc.qname)
		assert.Equal(t, tc.qname, Owner(r.Answer, r.AnswerOwners, 0))
		assert.Equal(t, tc.from, r.Answer[0].Header().Name, "the stored record keeps its name")
	}
	r := f.Lookup(view, nil, Question{Name: "mxw.example.test.", Type: dns.TypeMX}, ClientOf(zeroPrefix, socket))
	require.Len(t, r.Additional, 1)
	assert.Same(t, stored("*.wild.example.test."), r.Additional[0])
	assert.Equal(t, "x.wild.example.test.", Owner(r.Additional, r.AdditionalOwners, 0))
}

// TestMixedCase: a query name in mixed case (resolvers randomize it to
// resist spoofing) gets the answer of its lower-case form, synthesized
// owners in the case asked, and is lowered in the Finder's own buffer: no allocation.
func TestMixedCase(t *testing.T) {
	view := loadView(t, fixture(t, "example"))
	var f Finder
	for _, name := range []string{"WWW.Example.TEST.", "X.Cw.EXAMPLE.test.", "NoSuch.Example.Test.", "X.WILD.example.test."} {
		want := ask(&f, view, nil, strings.ToLower(name), dns.TypeA, false)
		got := ask(&f, view, nil, name, dns.TypeA, false)
		assert.Equal(t, want.Rcode, got.Rcode, name)
		assert.Equal(t, rrStrings(want.Answer), rrStrings(got.Answer), name)
		if strings.Contains(strings.ToLower(name), ".wild.") || strings.Contains(strings.ToLower(name), ".cw.") {
			assert.Equal(t, name, got.Answer[0].Header().Name, "a synthesized owner keeps the case asked")
		}
		q := Question{Name: name, Type: dns.TypeA}
		client := ClientOf(zeroPrefix, socket)
		allocs := testing.AllocsPerRun(50, func() { f.Lookup(view, nil, q, client) })
		assert.Zero(t, allocs, name)
	}
}
