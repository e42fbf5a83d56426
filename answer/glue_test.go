package answer

import (
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
)

// TestOneGlueAdder: referral glue and the addresses of answer targets come
// from one adder. A referral whose NS names are covered by a wildcard,
// answered by a routed group, or below another delegation gets their
// addresses, as in answers; Knot 3 sends the static ones too (the
// wildcard-synthesized A of ns.wild and the glue of ns.sub beside
// in-zone sibling glue). In-domain glue stays first and required.
func TestOneGlueAdder(t *testing.T) {
	files := fixture(t, "example")
	files["example.test.zone"] += "sib NS ns.wild\nsib NS ns.sub\nsib NS routed\n" +
		"rdel NS ns.rdel\nrdel NS routed\nns.rdel A 192.0.2.77\n" +
		"mxr MX 10 routed\n"
	files["example.test.yaml"] = "ResourceRecordSets:\n" +
		"  - {Name: routed.example.test., Type: A, SetIdentifier: a, Weight: 1, TTL: 60, ResourceRecords: [{Value: 192.0.2.90}]}\n" +
		"  - {Name: routed.example.test., Type: A, SetIdentifier: b, Weight: 0, TTL: 60, ResourceRecords: [{Value: 192.0.2.91}]}\n"
	view := loadView(t, files)
	var f Finder

	r := ask(&f, view, nil, "www.sib.example.test.", dns.TypeA, false)
	assert.False(t, r.Authoritative)
	assert.Zero(t, r.Required, "no in-domain glue")
	assert.Equal(t, zoneText(t, "ns.wild.example.test. 300 A 192.0.2.80", "ns.sub.example.test. 300 A 192.0.2.99",
		"routed.example.test. 60 A 192.0.2.90"), rrStrings(r.Additional))
	assert.True(t, r.Routed, "the routed glue was chosen for this client")

	r = ask(&f, view, nil, "www.rdel.example.test.", dns.TypeA, false)
	assert.Equal(t, 1, r.Required)
	assert.Equal(t, zoneText(t, "ns.rdel.example.test. 300 A 192.0.2.77"), rrStrings(r.Additional[:1]), "in-domain glue first")
	assert.Equal(t, zoneText(t, "routed.example.test. 60 A 192.0.2.90"), rrStrings(r.Additional[1:]))

	// The same name as an answer target gets the same records.
	r = ask(&f, view, nil, "mxr.example.test.", dns.TypeMX, false)
	assert.Equal(t, zoneText(t, "routed.example.test. 60 A 192.0.2.90"), rrStrings(r.Additional))

	// A target below a delegation is the child's data: glue of a
	// referral, but no address for an answer.
	r = ask(&f, view, nil, "example.test.", dns.TypeNS, false)
	for _, rr := range r.Additional {
		assert.NotEqual(t, "ns.sub.example.test.", rr.Header().Name)
	}
}
