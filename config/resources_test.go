package config

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAWSResourcesFile: aws-resources.json is a side file; its load
// balancers are published with the zones, and its targets reach the
// prober in the same transaction.
func TestAWSResourcesFile(t *testing.T) {
	assert.Equal(t, zones.AWSResources, zones.Classify("aws-resources.yml"))
	data, err := os.ReadFile("../resources/testdata/two-regions.json")
	require.NoError(t, err)
	r, store := newReloader(t)
	var targets [][]healthcheck.TargetCheck
	r.BeforePublishTargets = func(ts []healthcheck.TargetCheck) { targets = append(targets, ts) }
	fsys := fstest.MapFS{"other.test.zone": {Data: []byte(otherZone)}, "aws-resources.json": {Data: data}}
	_, err = r.Reload(fsys, "")
	require.NoError(t, err)
	set := store.View().Generation().Resources
	require.NotNil(t, set)
	lb, _, ok := set.Lookup("web-use1-1234567890.us-east-1.elb.amazonaws.com.")
	require.True(t, ok)
	assert.Equal(t, "Z35SXDOTRQ7X7K", lb.HostedZoneID)
	require.Len(t, targets, 1)
	assert.Len(t, targets[0], 4)

	// A broken file keeps its last good version, and says where it broke.
	fsys["aws-resources.json"] = &fstest.MapFile{Data: []byte(`{"LoadBalancers": [{"LoadBalancerName": "x",
  "DNSName": "x-1.us-east-1.elb.amazonaws.com", "CanonicalHostedZoneId": "Z26RNL4JYFTOTI"}]}`)}
	res, err := r.Reload(fsys, "lab")
	require.NoError(t, err)
	require.Len(t, res.Errors, 2, "%v", res.Errors)
	assert.Equal(t, "lab/aws-resources.json", res.Errors[1].File)
	assert.Equal(t, 2, res.Errors[1].Line)
	assert.Equal(t, "LoadBalancers[0].CanonicalHostedZoneId: Z26RNL4JYFTOTI is not the canonical hosted zone id of application load balancers in us-east-1, which is Z35SXDOTRQ7X7K", res.Errors[1].Message)
	assert.Contains(t, res.Errors[0].Message, "LoadBalancers[0].AvailabilityZones: a load balancer needs at least one Availability Zone")
	assert.Same(t, set, store.View().Generation().Resources)
	require.Len(t, targets, 2)
	assert.Len(t, targets[1], 4, "the prober keeps the last good targets")

	delete(fsys, "aws-resources.json")
	_, err = r.Reload(fsys, "")
	require.NoError(t, err)
	assert.Nil(t, store.View().Generation().Resources, "a removed file takes its resources away")
	assert.Empty(t, targets[2])
}
