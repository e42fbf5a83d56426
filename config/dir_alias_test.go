package config

import (
	"testing"
	"testing/fstest"

	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const albResources = `{"LoadBalancers": [{
  "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab/1111",
  "DNSName": "lab-111.us-east-1.elb.amazonaws.com", "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K",
  "LoadBalancerName": "lab", "Type": "application", "IpAddressType": "ipv4",
  "AvailabilityZones": [{"ZoneName": "us-east-1a", "LoadBalancerAddresses": [{"IpAddress": "198.51.100.1"}]}]}]}`

func albAlias(name, zoneID string) zones.ResourceRecordSet {
	eth := true
	return zones.ResourceRecordSet{Name: name, Type: "A", AliasTarget: &zones.AliasTarget{HostedZoneID: zoneID,
		DNSName: "dualstack.lab-111.us-east-1.elb.amazonaws.com", EvaluateTargetHealth: &eth}}
}

// Aliases written through the API are checked against the directory's
// resources: the load balancer's own zone id is accepted, another is
// refused in Route 53's words.
func TestAPIAliasToDeclaredLoadBalancer(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster, "aws-resources.json": albResources})
	info, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "f.example", CallerReference: "f"})
	require.NoError(t, err)
	_, err = td.ChangeResourceRecordSets(info.ID, "", []zones.RecordChange{{Action: "CREATE", Set: albAlias("app.f.example", "Z32O12XQLNTSW2")}})
	f := requireFault(t, err, "InvalidChangeBatch")
	assert.Equal(t, []string{"Tried to create an alias that targets dualstack.lab-111.us-east-1.elb.amazonaws.com., type A in zone Z32O12XQLNTSW2, but the alias target name does not lie within the target zone"}, f.Messages,
		"Route 53's message as it is, without the loader's naming of the record")
	_, err = td.ChangeResourceRecordSets(info.ID, "", []zones.RecordChange{{Action: "CREATE", Set: albAlias("app.f.example", "Z35SXDOTRQ7X7K")}})
	require.NoError(t, err)
	z, ok := td.store.View().Zone("f.example.")
	require.True(t, ok)
	set, ok := z.Lookup("app.f.example.", 1)
	require.True(t, ok)
	assert.True(t, set.Records[0].Alias.Resource)
	require.NotNil(t, td.store.View().Generation().Resources, "answered through the resources of the generation")
}

// An alias to a declared S3 website endpoint loads quietly when a bucket
// of the record's name is declared, with a warning otherwise.
func TestS3WebsiteAliasNamedLikeItsBucket(t *testing.T) {
	s3 := `{"S3Websites": [{"Name": "site.lab.example", "Region": "us-east-1", "Addresses": ["52.216.0.1"]}]}`
	alias := func(name string) string {
		return `{"ResourceRecordSets": [{"Name": "` + name + `", "Type": "A", "AliasTarget": {"HostedZoneId": "Z3AQBSTGFYJSTF", "DNSName": "s3-website-us-east-1.amazonaws.com.", "EvaluateTargetHealth": false}}]}`
	}
	for name, warned := range map[string]bool{"site.lab.example.": false, "shop.lab.example.": true} {
		gen, diags := LoadDir(fstest.MapFS{"lab.example.zone": {Data: []byte(labMaster)}, "lab.example.json": {Data: []byte(alias(name))},
			"aws-resources.json": {Data: []byte(s3)}}, "z")
		require.Empty(t, diags.Errors())
		require.Len(t, gen.Zones, 1)
		var texts []string
		for _, w := range diags.Warnings() {
			texts = append(texts, w.Message)
		}
		if warned {
			assert.Equal(t, []string{"RRSet with DNS name shop.lab.example., type A: no bucket shop.lab.example is declared on s3-website-us-east-1.amazonaws.com (S3Websites): an alias to an S3 website endpoint must be named like its bucket"}, texts)
		} else {
			assert.Empty(t, texts, "a declared resource loads quietly")
		}
	}
}
