package api

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSDKCidrCollections runs Terraform's CIDR calls through the AWS SDK:
// lists of <member>, NextToken pagination, the change id.
func TestSDKCidrCollections(t *testing.T) {
	a := newTestAPI(t)
	c := ctx(t)
	created, err := a.client.CreateCidrCollection(c, &route53.CreateCidrCollectionInput{Name: aws.String("isps"), CallerReference: aws.String("r")})
	require.NoError(t, err)
	id := aws.ToString(created.Collection.Id)
	assert.Equal(t, "arn:aws:route53:::cidrcollection/"+id, aws.ToString(created.Collection.Arn))
	assert.Equal(t, int64(1), aws.ToInt64(created.Collection.Version))
	assert.Equal(t, a.srv.URL+"/2013-04-01/cidrcollection/"+id, aws.ToString(created.Location))
	_, err = a.client.CreateCidrCollection(c, &route53.CreateCidrCollectionInput{Name: aws.String("more"), CallerReference: aws.String("r2")})
	require.NoError(t, err)

	first, err := a.client.ListCidrCollections(c, &route53.ListCidrCollectionsInput{MaxResults: aws.Int32(1)})
	require.NoError(t, err)
	require.Len(t, first.CidrCollections, 1)
	assert.Equal(t, "isps", aws.ToString(first.CidrCollections[0].Name))
	require.NotNil(t, first.NextToken)
	second, err := a.client.ListCidrCollections(c, &route53.ListCidrCollectionsInput{NextToken: first.NextToken})
	require.NoError(t, err)
	require.Len(t, second.CidrCollections, 1)
	assert.Nil(t, second.NextToken)

	change, err := a.client.ChangeCidrCollection(c, &route53.ChangeCidrCollectionInput{Id: aws.String(id), CollectionVersion: aws.Int64(1),
		Changes: []types.CidrCollectionChange{
			{LocationName: aws.String("isp-a"), Action: types.CidrCollectionChangeActionPut, CidrList: []string{"198.51.100.0/24", "2001:db8:a::/48"}},
			{LocationName: aws.String("isp-b"), Action: types.CidrCollectionChangeActionPut, CidrList: []string{"203.0.113.0/24"}},
		}})
	require.NoError(t, err)
	assert.Regexp(t, `^/change/C\d+$`, aws.ToString(change.Id))

	locs, err := a.client.ListCidrLocations(c, &route53.ListCidrLocationsInput{CollectionId: aws.String(id)})
	require.NoError(t, err)
	require.Len(t, locs.CidrLocations, 2)
	assert.Equal(t, "isp-b", aws.ToString(locs.CidrLocations[1].LocationName))

	blocks, err := a.client.ListCidrBlocks(c, &route53.ListCidrBlocksInput{CollectionId: aws.String(id), LocationName: aws.String("isp-a")})
	require.NoError(t, err)
	require.Len(t, blocks.CidrBlocks, 2)
	assert.Equal(t, "2001:db8:a::/48", aws.ToString(blocks.CidrBlocks[1].CidrBlock))
	assert.Equal(t, "isp-a", aws.ToString(blocks.CidrBlocks[1].LocationName))
	_, err = a.client.ListCidrBlocks(c, &route53.ListCidrBlocksInput{CollectionId: aws.String(id), LocationName: aws.String("nowhere")})
	var noLoc *types.NoSuchCidrLocationException
	require.ErrorAs(t, err, &noLoc)

	_, err = a.client.DeleteCidrCollection(c, &route53.DeleteCidrCollectionInput{Id: aws.String(id)})
	require.NoError(t, err)
	_, err = a.client.ListCidrLocations(c, &route53.ListCidrLocationsInput{CollectionId: aws.String(id)})
	var noCol *types.NoSuchCidrCollectionException
	require.ErrorAs(t, err, &noCol)
}

// TestSDKTags adds, removes and lists tags of zones and health checks.
func TestSDKTags(t *testing.T) {
	a := newTestAPI(t)
	c := ctx(t)
	zoneID := aws.ToString(createZone(t, a, "lab.example", "z").HostedZone.Id)
	bare := zoneID[len("/hostedzone/"):]
	check, err := a.client.CreateHealthCheck(c, &route53.CreateHealthCheckInput{CallerReference: aws.String("h"), HealthCheckConfig: httpCheck})
	require.NoError(t, err)

	_, err = a.client.ChangeTagsForResource(c, &route53.ChangeTagsForResourceInput{ResourceType: types.TagResourceTypeHostedzone, ResourceId: aws.String(bare),
		AddTags: []types.Tag{{Key: aws.String("team"), Value: aws.String("dns")}, {Key: aws.String("env"), Value: aws.String("lab")}}})
	require.NoError(t, err)
	_, err = a.client.ChangeTagsForResource(c, &route53.ChangeTagsForResourceInput{ResourceType: types.TagResourceTypeHostedzone, ResourceId: aws.String(bare),
		RemoveTagKeys: []string{"env"}})
	require.NoError(t, err)
	tags, err := a.client.ListTagsForResource(c, &route53.ListTagsForResourceInput{ResourceType: types.TagResourceTypeHostedzone, ResourceId: aws.String(bare)})
	require.NoError(t, err)
	assert.Equal(t, bare, aws.ToString(tags.ResourceTagSet.ResourceId))
	assert.Equal(t, types.TagResourceTypeHostedzone, tags.ResourceTagSet.ResourceType)
	require.Len(t, tags.ResourceTagSet.Tags, 1)
	assert.Equal(t, "team", aws.ToString(tags.ResourceTagSet.Tags[0].Key))

	many, err := a.client.ListTagsForResources(c, &route53.ListTagsForResourcesInput{ResourceType: types.TagResourceTypeHealthcheck,
		ResourceIds: []string{aws.ToString(check.HealthCheck.Id)}})
	require.NoError(t, err)
	require.Len(t, many.ResourceTagSets, 1)
	assert.Empty(t, many.ResourceTagSets[0].Tags)

	_, err = a.client.ListTagsForResource(c, &route53.ListTagsForResourceInput{ResourceType: types.TagResourceTypeHealthcheck, ResourceId: aws.String("nope")})
	var gone *types.NoSuchHealthCheck
	require.ErrorAs(t, err, &gone)
}
