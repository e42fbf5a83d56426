package api

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func weighted(name, id string, weight int64, value string) types.Change {
	return types.Change{Action: types.ChangeActionCreate, ResourceRecordSet: &types.ResourceRecordSet{
		Name: aws.String(name), Type: types.RRTypeA, SetIdentifier: aws.String(id), Weight: aws.Int64(weight), TTL: aws.Int64(60),
		ResourceRecords: []types.ResourceRecord{{Value: aws.String(value)}}, HealthCheckId: aws.String("hc-1")}}
}

// TestSDKRecordSets changes and lists record sets through the AWS SDK,
// with Terraform's lookup (name, type, maxitems=1) and its waiter.
func TestSDKRecordSets(t *testing.T) {
	a := newTestAPI(t)
	c := ctx(t)
	zoneID := aws.ToString(createZone(t, a, "lab.example", "z").HostedZone.Id)
	out, err := a.client.ChangeResourceRecordSets(c, &route53.ChangeResourceRecordSetsInput{HostedZoneId: aws.String(zoneID),
		ChangeBatch: &types.ChangeBatch{Comment: aws.String("blue/green"), Changes: []types.Change{
			weighted("api.lab.example", "blue", 90, "192.0.2.10"),
			weighted("api.lab.example", "green", 10, "192.0.2.11"),
			{Action: types.ChangeActionUpsert, ResourceRecordSet: &types.ResourceRecordSet{Name: aws.String("www.lab.example"), Type: types.RRTypeA,
				AliasTarget: &types.AliasTarget{HostedZoneId: aws.String("Z0001"), DNSName: aws.String("api.lab.example"), EvaluateTargetHealth: true}}},
		}}})
	require.NoError(t, err)
	assert.Equal(t, types.ChangeStatusPending, out.ChangeInfo.Status)
	assert.Equal(t, "blue/green", aws.ToString(out.ChangeInfo.Comment))

	w := route53.NewResourceRecordSetsChangedWaiter(a.client, func(o *route53.ResourceRecordSetsChangedWaiterOptions) { o.MinDelay = 1 })
	require.NoError(t, w.Wait(c, &route53.GetChangeInput{Id: out.ChangeInfo.Id}, 5e9))

	list, err := a.client.ListResourceRecordSets(c, &route53.ListResourceRecordSetsInput{HostedZoneId: aws.String(zoneID),
		StartRecordName: aws.String("api.lab.example."), StartRecordType: types.RRTypeA, MaxItems: aws.Int32(1)})
	require.NoError(t, err)
	require.Len(t, list.ResourceRecordSets, 1)
	blue := list.ResourceRecordSets[0]
	assert.Equal(t, "blue", aws.ToString(blue.SetIdentifier))
	assert.Equal(t, int64(90), aws.ToInt64(blue.Weight))
	assert.Equal(t, "hc-1", aws.ToString(blue.HealthCheckId))
	assert.Equal(t, "192.0.2.10", aws.ToString(blue.ResourceRecords[0].Value))
	assert.True(t, list.IsTruncated)
	assert.Equal(t, "api.lab.example.", aws.ToString(list.NextRecordName))
	assert.Equal(t, types.RRTypeA, list.NextRecordType)
	assert.Equal(t, "green", aws.ToString(list.NextRecordIdentifier))

	var all []types.ResourceRecordSet
	pages := route53.NewListResourceRecordSetsPaginator(a.client, &route53.ListResourceRecordSetsInput{HostedZoneId: aws.String(zoneID), MaxItems: aws.Int32(2)})
	for pages.HasMorePages() {
		p, err := pages.NextPage(c)
		require.NoError(t, err)
		all = append(all, p.ResourceRecordSets...)
	}
	require.Len(t, all, 5, "SOA, NS, two weighted, the alias")
	alias := all[4]
	assert.Equal(t, "www.lab.example.", aws.ToString(alias.Name))
	assert.Equal(t, "Z0001", aws.ToString(alias.AliasTarget.HostedZoneId), "alias targets keep bare ids")
	assert.True(t, alias.AliasTarget.EvaluateTargetHealth)
	assert.Nil(t, alias.TTL)
	assert.Empty(t, alias.ResourceRecords)
}

// TestSDKInvalidChangeBatch: every message of a failed batch reaches the
// client in the standard error form.
func TestSDKInvalidChangeBatch(t *testing.T) {
	a := newTestAPI(t)
	zoneID := aws.ToString(createZone(t, a, "lab.example", "z").HostedZone.Id)
	_, err := a.client.ChangeResourceRecordSets(ctx(t), &route53.ChangeResourceRecordSetsInput{HostedZoneId: aws.String(zoneID),
		ChangeBatch: &types.ChangeBatch{Changes: []types.Change{
			{Action: types.ChangeActionDelete, ResourceRecordSet: &types.ResourceRecordSet{Name: aws.String("a.lab.example"), Type: types.RRTypeA,
				TTL: aws.Int64(60), ResourceRecords: []types.ResourceRecord{{Value: aws.String("192.0.2.1")}}}},
			{Action: types.ChangeActionCreate, ResourceRecordSet: &types.ResourceRecordSet{Name: aws.String("lab.example"), Type: types.RRTypeNs,
				TTL: aws.Int64(60), ResourceRecords: []types.ResourceRecord{{Value: aws.String("ns.example.")}}}},
		}}})
	var icb *types.InvalidChangeBatch
	require.ErrorAs(t, err, &icb)
	assert.Equal(t, "[Tried to delete resource record set [name='a.lab.example.', type='A'] but it was not found, "+
		"Tried to create resource record set [name='lab.example.', type='NS'] but it already exists]", icb.ErrorMessage())

	_, err = a.client.ListResourceRecordSets(ctx(t), &route53.ListResourceRecordSetsInput{HostedZoneId: aws.String(zoneID), StartRecordType: types.RRTypeA})
	var bad *types.InvalidInput
	require.ErrorAs(t, err, &bad, "a type without a name")
}
