package zones

import (
	"fmt"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBuildAheadAgreesWithBuild: a zone built while its file is read is
// the zone built afterwards, also when the records outgrow the parser's
// list ($GENERATE), when the SOA comes late or names another zone, and
// when a record-set file joins the zone.
func TestBuildAheadAgreesWithBuild(t *testing.T) {
	var hosts strings.Builder
	for i := range 3 * aheadBatch {
		fmt.Fprintf(&hosts, "h%d A 192.0.2.%d\n", i, i%250)
	}
	soa := "@ IN SOA ns1 hostmaster 1 7200 900 1209600 60\n@ IN NS ns1\n"
	tests := map[string]string{
		"plain":     head + hosts.String(),
		"generate":  head + "$GENERATE 1-20000 g$ A 192.0.2.1\n",
		"late SOA":  "$ORIGIN example.test.\n$TTL 300\n" + hosts.String() + soa,
		"other SOA": "$ORIGIN example.test.\n$TTL 300\n" + hosts.String() + "other.test. IN SOA ns1 h 1 2 3 4 5\n" + soa,
		"errors":    head + hosts.String() + "www CNAME a\nwww A 192.0.2.1\nh1 A 192.0.2.1\n",
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			data := []byte(text)
			mf := masterFile{display: func(n string) string { return n }}
			records, ds := mf.parse("example.test.zone", data, "example.test.", nil)
			require.Empty(t, ds.Errors())
			origin := "example.test."
			built := newBuildAhead()
			again, _ := mf.parse("example.test.zone", data, "example.test.", built)
			b := built.result(again)
			fresh, freshDiags := buildZone(origin, []string{"example.test.zone"}, records, nil, &Refs{})
			if b == nil || b.origin != origin {
				assert.Contains(t, []string{"generate", "other SOA"}, name, "the builder ahead should have been kept")
				return
			}
			z, diags := b.finish([]string{"example.test.zone"}, nil, &Refs{})
			assert.Equal(t, freshDiags, diags)
			require.Equal(t, fresh == nil, z == nil)
			if z == nil {
				return
			}
			assert.Equal(t, fresh.Len(), z.Len())
			assert.Equal(t, fresh.Names(), z.Names())
			for i, rr := range fresh.Records() {
				require.True(t, dns.IsDuplicate(rr, z.Records()[i]), "record %d: %v vs %v", i, rr, z.Records()[i])
			}
		})
	}
}
