package config

import (
	"testing"

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
	assert.Contains(t, f.Message, "Tried to create an alias that targets dualstack.lab-111.us-east-1.elb.amazonaws.com., type A in zone Z32O12XQLNTSW2, but the alias target name does not lie within the target zone")
	_, err = td.ChangeResourceRecordSets(info.ID, "", []zones.RecordChange{{Action: "CREATE", Set: albAlias("app.f.example", "Z35SXDOTRQ7X7K")}})
	require.NoError(t, err)
	z, ok := td.store.View().Zone("f.example.")
	require.True(t, ok)
	set, ok := z.Lookup("app.f.example.", 1)
	require.True(t, ok)
	assert.True(t, set.Records[0].Alias.Resource)
	require.NotNil(t, td.store.View().Generation().Resources, "answered through the resources of the generation")
}
