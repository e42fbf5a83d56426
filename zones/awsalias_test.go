package zones

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadRecordSets loads zone rs.test made of items.
func loadRecordSets(t *testing.T, items ...string) (*Generation, Diagnostics) {
	t.Helper()
	return LoadDir(fstest.MapFS{"rs.test.json": {Data: []byte(recordSets(items...))}}, "z")
}

func TestUndeclaredResourceAliasWarns(t *testing.T) {
	gen, diags := loadRecordSets(t,
		`{"Name": "cdn.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d111111abcdef8.cloudfront.net.", "EvaluateTargetHealth": false}}`,
		`{"Name": "other.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z0000", "DNSName": "something.example.net.", "EvaluateTargetHealth": false}}`)
	require.Empty(t, diags.Errors())
	require.Len(t, gen.Zones, 1)
	w := diags.Warnings()
	require.Len(t, w, 2)
	assert.Equal(t, 4, w[0].Line)
	assert.Equal(t, `RRSet with DNS name cdn.rs.test., type A: alias target d111111abcdef8.cloudfront.net. is outside zone rs.test. and is not a declared AWS resource: r53d answers it with no records; declare a CloudFront distribution like it in aws-resources.json (or .yaml) under Distributions`, w[0].Message)
	assert.Contains(t, w[1].Message, "declare it in aws-resources.json (or .yaml) under LoadBalancers, LoadBalancerDescriptions, Distributions,")
	set, ok := gen.Zones[0].Lookup("cdn.rs.test.", 1)
	require.True(t, ok)
	assert.True(t, set.Records[0].Alias.Resource, "found among the resources at query time")
}

func TestResourceAliasRules(t *testing.T) {
	tests := []struct {
		name, item, text string
		line             int
	}{
		{"HostedZoneId of another region's ALB",
			`{"Name": "app.rs.test.", "Type": "A",
"AliasTarget": {"HostedZoneId": "Z32O12XQLNTSW2", "DNSName": "dualstack.my-alb-1234567890.us-east-1.elb.amazonaws.com.", "EvaluateTargetHealth": true}}`,
			"RRSet with DNS name app.rs.test., type A Tried to create an alias that targets dualstack.my-alb-1234567890.us-east-1.elb.amazonaws.com., type A in zone Z32O12XQLNTSW2, but the alias target name does not lie within the target zone", 5},
		{"the zone's own id for CloudFront",
			`{"Name": "cdn.rs.test.", "Type": "AAAA", "AliasTarget": {"HostedZoneId": "/hostedzone/Z0RSTEST", "DNSName": "d111111abcdef8.cloudfront.net.", "EvaluateTargetHealth": false}}`,
			"Tried to create an alias that targets d111111abcdef8.cloudfront.net., type AAAA in zone Z0RSTEST, but the alias target name does not lie within the target zone", 4},
		{"an AAAA alias to an S3 website endpoint",
			`{"Name": "rs.test.", "Type": "AAAA", "AliasTarget": {"HostedZoneId": "Z3AQBSTGFYJSTF", "DNSName": "s3-website-us-east-1.amazonaws.com.", "EvaluateTargetHealth": false}}`,
			"an alias to an S3 website endpoint can only be of type A, not AAAA", 4},
		{"another region's S3 zone id",
			`{"Name": "rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1BKCTXD74EZPE", "DNSName": "s3-website-us-east-1.amazonaws.com.", "EvaluateTargetHealth": false}}`,
			"Tried to create an alias that targets s3-website-us-east-1.amazonaws.com., type A in zone Z1BKCTXD74EZPE, but the alias target name does not lie within the target zone", 4},
		{"a TXT alias to CloudFront",
			`{"Name": "cdn.rs.test.", "Type": "TXT", "AliasTarget": {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d111111abcdef8.cloudfront.net.", "EvaluateTargetHealth": false}}`,
			"an alias to a CloudFront distribution can only be of type A AAAA, not TXT", 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gen, diags := loadRecordSets(t, tc.item)
			errs := diags.Errors()
			require.Len(t, errs, 1, "%v", diags)
			assert.Empty(t, gen.Zones)
			assert.Equal(t, "alias", errs[0].Rule)
			assert.Equal(t, tc.line, errs[0].Line)
			assert.Contains(t, errs[0].Message, tc.text)
		})
	}
}

// Route 53 documents that EvaluateTargetHealth cannot be true for a
// CloudFront target, yet such zones exist: they load with a warning.
func TestCloudFrontEvaluateTargetHealthWarns(t *testing.T) {
	gen, diags := loadRecordSets(t,
		`{"Name": "cdn.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d111111abcdef8.cloudfront.net.", "EvaluateTargetHealth": true}}`)
	require.Empty(t, diags.Errors())
	require.Len(t, gen.Zones, 1)
	var texts []string
	for _, w := range diags.Warnings() {
		texts = append(texts, w.Message)
	}
	assert.Contains(t, texts, "RRSet with DNS name cdn.rs.test., type A: EvaluateTargetHealth cannot be true when the alias target is a CloudFront distribution; r53d counts the distribution healthy")
}
