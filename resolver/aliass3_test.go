package resolver

import (
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
)

// Every bucket of a region shares the region's website endpoint, the
// DNSName of their aliases; S3 tells the buckets apart by name, so an
// alias named like a declared bucket answers that bucket's addresses, not
// those of every bucket of the region.
func TestAliasToS3WebsiteAnswersItsBucket(t *testing.T) {
	files := map[string]string{
		"aws-resources.yaml": `S3Websites:
  - {Name: www.s3.test, Region: us-east-1, Addresses: [192.0.2.90]}
  - {Name: s3.test, Region: us-east-1, Addresses: [192.0.2.91]}
`,
		"s3.test.yaml": `ResourceRecordSets:
  - {Name: s3.test., Type: SOA, TTL: 900, ResourceRecords: [{Value: ns.s3.test. h.s3.test. 1 7200 900 1209600 86400}]}
  - {Name: s3.test., Type: NS, TTL: 300, ResourceRecords: [{Value: ns.s3.test.}]}
  - {Name: s3.test., Type: A, AliasTarget: {HostedZoneId: Z3AQBSTGFYJSTF, DNSName: s3-website-us-east-1.amazonaws.com., EvaluateTargetHealth: false}}
  - {Name: www.s3.test., Type: A, AliasTarget: {HostedZoneId: Z3AQBSTGFYJSTF, DNSName: s3-website-us-east-1.amazonaws.com., EvaluateTargetHealth: true}}
  - {Name: other.s3.test., Type: A, AliasTarget: {HostedZoneId: Z3AQBSTGFYJSTF, DNSName: s3-website-us-east-1.amazonaws.com., EvaluateTargetHealth: false}}
`,
	}
	addr := startHandler(t, NewHandler(loadStore(t, files), nil))
	assert.Equal(t, []string{"192.0.2.91"}, addrs(t, ask(t, addr, "s3.test.", dns.TypeA), "s3.test.", 60))
	assert.Equal(t, []string{"192.0.2.90"}, addrs(t, ask(t, addr, "WWW.s3.test.", dns.TypeA), "WWW.s3.test.", 60))
	// No bucket of that name (a warning at load): the endpoint's addresses.
	assert.Equal(t, []string{"192.0.2.90", "192.0.2.91"}, addrs(t, ask(t, addr, "other.s3.test.", dns.TypeA), "other.s3.test.", 60))
}
