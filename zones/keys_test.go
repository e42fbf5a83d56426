package zones

import (
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNamesCompareAsStored(t *testing.T) {
	for _, forms := range [][]string{
		{"*.lab.example.", `\052.lab.example.`, `\052.LAB.example`, "*.Lab.Example"},
		{`a\032b.lab.example.`, `A\032B.lab.example`},
		{"a b.lab.example.", `a\040b.lab.example.`, `a\ b.lab.example.`},
	} {
		for _, f := range forms[1:] {
			assert.Equal(t, normalName(forms[0]), normalName(f), "%s and %s", forms[0], f)
		}
	}
	// A stored name with an escape is the builder's form.
	z := zoneOf(t, "a.test.", "a\\032b TXT x\n")
	_, ok := z.Node(normalName(`a\040b.a.test`))
	assert.True(t, ok)
}

// TestListingStartPositions: a client's start position, as it sends it,
// starts the listing where Route 53 would; a name alone starts before
// every type at that name.
func TestListingStartPositions(t *testing.T) {
	z := zoneOf(t, "a.test.", "b MX 10 ns\nb A 192.0.2.5\n* TXT x\nz TXT x\n")
	s := newStore(t, z)
	first := func(name, rrtype string) string {
		k, err := ListingKey(name, rrtype, "")
		require.NoError(t, err)
		var out string
		require.NoError(t, s.Read(func(tx *Txn) error {
			page, _, err := tx.ListRecordSets("a.test.", k, 1)
			out = page[0].Name + " " + dns.TypeToString[page[0].Type]
			return err
		}))
		return out
	}
	assert.Equal(t, "a.test. NS", first("", ""))
	assert.Equal(t, "b.a.test. A", first("B.a.test", ""))
	assert.Equal(t, "b.a.test. MX", first("b.a.test.", "mx"))
	assert.Equal(t, "*.a.test. TXT", first(`\052.a.test.`, "TXT"))
	assert.Equal(t, "*.a.test. TXT", first("*.a.test", ""))
	_, err := ListingKey("", "A", "")
	assert.Error(t, err, "a type without a name")
	_, err = ListingKey("a.test.", "NOPE", "")
	assert.Error(t, err)

	k, ok := Identity(ResourceRecordSet{Name: `\052.A.test`, Type: "txt", SetIdentifier: "x"})
	assert.True(t, ok)
	assert.Equal(t, RecordSetKey{Name: "*.a.test.", Type: dns.TypeTXT, SetIdentifier: "x"}, k)
	require.NoError(t, s.Read(func(tx *Txn) error {
		hz, _ := tx.Zone("a.test.")
		assert.Equal(t, 7, hz.RecordSetCount())
		assert.Equal(t, "a.test.", hz.Name())
		return nil
	}))
}
