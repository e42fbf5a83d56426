package api

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/smithy-go"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// config.Dir keeps traffic policies for the API.
var _ TrafficFlow = (*config.Dir)(nil)

// switchHealth reports every check healthy until down is set.
type switchHealth struct{ down atomic.Bool }

func (h *switchHealth) Healthy(string) bool { return !h.down.Load() }

const failoverDoc = `{"AWSPolicyFormatVersion": "2015-10-01", "RecordType": "A", "StartRule": "fo",
 "Endpoints": {"main": {"Type": "value", "Value": "192.0.2.1"}, "sorry": {"Type": "value", "Value": "192.0.2.99"}},
 "Rules": {"fo": {"RuleType": "failover", "Primary": {"EndpointReference": "main", "HealthCheck": "HC"}, "Secondary": {"EndpointReference": "sorry"}}}}`

const weightedDoc = `{"AWSPolicyFormatVersion": "2023-05-09", "RecordType": "A", "StartRule": "w",
 "Endpoints": {"blue": {"Type": "value", "Value": "192.0.2.21"}},
 "Rules": {"w": {"RuleType": "weighted", "Items": [{"EndpointReference": "blue", "Weight": "10"}]}}}`

// TestSDKTrafficPolicies creates a policy and a policy record through the
// SDK over a zones directory, and DNS answers through the policy.
func TestSDKTrafficPolicies(t *testing.T) {
	path := t.TempDir()
	store, err := zones.NewStore()
	require.NoError(t, err)
	dir, err := config.NewDir(path, store, config.DirOptions{AllowEmpty: true})
	require.NoError(t, err)
	_, err = dir.Reload()
	require.NoError(t, err)
	health := &switchHealth{}
	a := newTestAPI(t, func(o *Options) { o.Backend, o.Store, o.Routing = dir, store, answer.Routing{Health: health} })
	c := ctx(t)
	zoneID := createZone(t, a, "lab.example", "z-1").HostedZone.Id
	check, err := a.client.CreateHealthCheck(c, &route53.CreateHealthCheckInput{CallerReference: aws.String("h"), HealthCheckConfig: httpCheck})
	require.NoError(t, err)
	doc := strings.Replace(failoverDoc, "HC", aws.ToString(check.HealthCheck.Id), 1)

	_, err = a.client.CreateTrafficPolicy(c, &route53.CreateTrafficPolicyInput{Name: aws.String("bad"), Document: aws.String(strings.Replace(doc, `"sorry"}}`, `"gone"}}`, 1))})
	var apiErr smithy.APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Equal(t, "InvalidTrafficPolicyDocument", apiErr.ErrorCode())
	assert.Contains(t, apiErr.ErrorMessage(), `rule "fo": Secondary.EndpointReference: endpoint "gone" is not defined`)

	created, err := a.client.CreateTrafficPolicy(c, &route53.CreateTrafficPolicyInput{Name: aws.String("web"), Document: aws.String(doc), Comment: aws.String("first")})
	require.NoError(t, err)
	id := aws.ToString(created.TrafficPolicy.Id)
	assert.Equal(t, int32(1), aws.ToInt32(created.TrafficPolicy.Version))
	assert.Equal(t, types.RRTypeA, created.TrafficPolicy.Type)
	assert.Equal(t, a.srv.URL+"/2013-04-01/trafficpolicy/"+id+"/1", aws.ToString(created.Location))
	got, err := a.client.GetTrafficPolicy(c, &route53.GetTrafficPolicyInput{Id: aws.String(id), Version: aws.Int32(1)})
	require.NoError(t, err)
	assert.Equal(t, doc, aws.ToString(got.TrafficPolicy.Document))

	_, err = a.client.DeleteHealthCheck(c, &route53.DeleteHealthCheckInput{HealthCheckId: check.HealthCheck.Id})
	var inUseCheck *types.HealthCheckInUse
	require.ErrorAs(t, err, &inUseCheck, "the policy names the check")

	inst, err := a.client.CreateTrafficPolicyInstance(c, &route53.CreateTrafficPolicyInstanceInput{HostedZoneId: zoneID,
		Name: aws.String("www.lab.example"), TTL: aws.Int64(60), TrafficPolicyId: aws.String(id), TrafficPolicyVersion: aws.Int32(1)})
	require.NoError(t, err)
	instID := aws.ToString(inst.TrafficPolicyInstance.Id)
	assert.Equal(t, "Applied", aws.ToString(inst.TrafficPolicyInstance.State))
	dnsAnswer := func() []string {
		out, err := a.client.TestDNSAnswer(c, &route53.TestDNSAnswerInput{HostedZoneId: zoneID, RecordName: aws.String("www.lab.example"), RecordType: types.RRTypeA})
		require.NoError(t, err)
		return out.RecordData
	}
	assert.Equal(t, []string{"192.0.2.1"}, dnsAnswer(), "the primary")
	health.down.Store(true)
	assert.Equal(t, []string{"192.0.2.99"}, dnsAnswer(), "the primary's check is down: the secondary")
	health.down.Store(false)

	list, err := a.client.ListResourceRecordSets(c, &route53.ListResourceRecordSetsInput{HostedZoneId: zoneID})
	require.NoError(t, err)
	var root *types.ResourceRecordSet
	for i, rs := range list.ResourceRecordSets {
		if aws.ToString(rs.Name) == "www.lab.example." {
			root = &list.ResourceRecordSets[i]
		}
	}
	require.NotNil(t, root, "the policy record is listed")
	assert.Equal(t, instID, aws.ToString(root.TrafficPolicyInstanceId))
	assert.Len(t, list.ResourceRecordSets, 3, "NS, SOA and the policy record's root only")

	// Record-set changes beside the policy record leave it in place; one
	// of its name and type conflicts with it.
	_, err = a.client.ChangeResourceRecordSets(c, &route53.ChangeResourceRecordSetsInput{HostedZoneId: zoneID,
		ChangeBatch: &types.ChangeBatch{Changes: []types.Change{simpleA("api.lab.example")}}})
	require.NoError(t, err)
	assert.Equal(t, []string{"192.0.2.1"}, dnsAnswer())
	_, err = a.client.ChangeResourceRecordSets(c, &route53.ChangeResourceRecordSetsInput{HostedZoneId: zoneID,
		ChangeBatch: &types.ChangeBatch{Changes: []types.Change{simpleA("www.lab.example")}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "traffic policy instance "+instID)

	v2, err := a.client.CreateTrafficPolicyVersion(c, &route53.CreateTrafficPolicyVersionInput{Id: aws.String(id), Document: aws.String(weightedDoc)})
	require.NoError(t, err)
	assert.Equal(t, int32(2), aws.ToInt32(v2.TrafficPolicy.Version))
	_, err = a.client.UpdateTrafficPolicyComment(c, &route53.UpdateTrafficPolicyCommentInput{Id: aws.String(id), Version: aws.Int32(2), Comment: aws.String("blue only")})
	require.NoError(t, err)
	summaries, err := a.client.ListTrafficPolicies(c, &route53.ListTrafficPoliciesInput{})
	require.NoError(t, err)
	require.Len(t, summaries.TrafficPolicySummaries, 1)
	assert.Equal(t, int32(2), aws.ToInt32(summaries.TrafficPolicySummaries[0].LatestVersion))
	assert.Equal(t, int32(2), aws.ToInt32(summaries.TrafficPolicySummaries[0].TrafficPolicyCount))
	versions, err := a.client.ListTrafficPolicyVersions(c, &route53.ListTrafficPolicyVersionsInput{Id: aws.String(id)})
	require.NoError(t, err)
	require.Len(t, versions.TrafficPolicies, 2)
	assert.Equal(t, "blue only", aws.ToString(versions.TrafficPolicies[1].Comment))

	_, err = a.client.UpdateTrafficPolicyInstance(c, &route53.UpdateTrafficPolicyInstanceInput{Id: aws.String(instID), TTL: aws.Int64(30),
		TrafficPolicyId: aws.String(id), TrafficPolicyVersion: aws.Int32(2)})
	require.NoError(t, err)
	assert.Equal(t, []string{"192.0.2.21"}, dnsAnswer(), "version 2 applies")
	_, err = a.client.DeleteTrafficPolicy(c, &route53.DeleteTrafficPolicyInput{Id: aws.String(id), Version: aws.Int32(2)})
	var inUse *types.TrafficPolicyInUse
	require.ErrorAs(t, err, &inUse)
	_, err = a.client.DeleteTrafficPolicy(c, &route53.DeleteTrafficPolicyInput{Id: aws.String(id), Version: aws.Int32(1)})
	require.NoError(t, err)

	for _, count := range []func() int{
		func() int {
			out, err := a.client.ListTrafficPolicyInstances(c, &route53.ListTrafficPolicyInstancesInput{})
			require.NoError(t, err)
			return len(out.TrafficPolicyInstances)
		},
		func() int {
			out, err := a.client.ListTrafficPolicyInstancesByHostedZone(c, &route53.ListTrafficPolicyInstancesByHostedZoneInput{HostedZoneId: zoneID})
			require.NoError(t, err)
			return len(out.TrafficPolicyInstances)
		},
		func() int {
			out, err := a.client.ListTrafficPolicyInstancesByPolicy(c, &route53.ListTrafficPolicyInstancesByPolicyInput{TrafficPolicyId: aws.String(id), TrafficPolicyVersion: aws.Int32(2)})
			require.NoError(t, err)
			return len(out.TrafficPolicyInstances)
		},
		func() int {
			out, err := a.client.GetTrafficPolicyInstanceCount(c, &route53.GetTrafficPolicyInstanceCountInput{})
			require.NoError(t, err)
			return int(aws.ToInt32(out.TrafficPolicyInstanceCount))
		},
	} {
		assert.Equal(t, 1, count())
	}
	one, err := a.client.GetTrafficPolicyInstance(c, &route53.GetTrafficPolicyInstanceInput{Id: aws.String(instID)})
	require.NoError(t, err)
	assert.Equal(t, int64(30), aws.ToInt64(one.TrafficPolicyInstance.TTL))
	assert.Equal(t, "www.lab.example.", aws.ToString(one.TrafficPolicyInstance.Name))

	// What the API wrote loads again as it was.
	_, err = dir.Reload()
	require.NoError(t, err)
	assert.Equal(t, []string{"192.0.2.21"}, dnsAnswer())
	files, _ := filepath.Glob(filepath.Join(path, "*.traffic-policy.json"))
	assert.Len(t, files, 1, "version 2's file; version 1's is gone")
	text, err := os.ReadFile(filepath.Join(path, "traffic-policy-instances.json"))
	require.NoError(t, err)
	assert.Contains(t, string(text), `"TrafficPolicyVersion": 2`)

	_, err = a.client.DeleteTrafficPolicyInstance(c, &route53.DeleteTrafficPolicyInstanceInput{Id: aws.String(instID)})
	require.NoError(t, err)
	assert.Empty(t, dnsAnswer())
	_, err = a.client.GetTrafficPolicyInstance(c, &route53.GetTrafficPolicyInstanceInput{Id: aws.String(instID)})
	var noInst *types.NoSuchTrafficPolicyInstance
	require.ErrorAs(t, err, &noInst)
}

func simpleA(name string) types.Change {
	return types.Change{Action: types.ChangeActionCreate, ResourceRecordSet: &types.ResourceRecordSet{Name: aws.String(name), Type: types.RRTypeA,
		TTL: aws.Int64(60), ResourceRecords: []types.ResourceRecord{{Value: aws.String("192.0.2.10")}}}}
}
