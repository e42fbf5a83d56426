package api

import (
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func createZone(t *testing.T, a *testAPI, name, ref string) *route53.CreateHostedZoneOutput {
	t.Helper()
	out, err := a.client.CreateHostedZone(ctx(t), &route53.CreateHostedZoneInput{Name: aws.String(name), CallerReference: aws.String(ref),
		HostedZoneConfig: &types.HostedZoneConfig{Comment: aws.String("Managed by Terraform")}})
	require.NoError(t, err)
	return out
}

// TestSDKHostedZones runs every hosted-zone operation through the AWS SDK.
func TestSDKHostedZones(t *testing.T) {
	a := newTestAPI(t)
	c := ctx(t)
	created := createZone(t, a, "lab.example", "tf-1")
	id := aws.ToString(created.HostedZone.Id)
	assert.Regexp(t, `^/hostedzone/Z\d+$`, id)
	assert.Equal(t, a.srv.URL+"/2013-04-01/hostedzone/"+id[len("/hostedzone/"):], aws.ToString(created.Location))
	assert.Equal(t, "lab.example.", aws.ToString(created.HostedZone.Name))
	assert.Equal(t, "Managed by Terraform", aws.ToString(created.HostedZone.Config.Comment))
	assert.False(t, created.HostedZone.Config.PrivateZone)
	assert.Equal(t, []string{"ns1.r53d.test", "ns2.r53d.test"}, created.DelegationSet.NameServers, "without the trailing dot, as Route 53 lists them")
	assert.Regexp(t, `^/change/C\d+$`, aws.ToString(created.ChangeInfo.Id))
	assert.Equal(t, int64(2), aws.ToInt64(created.HostedZone.ResourceRecordSetCount))
	createZone(t, a, "other.example", "tf-2")

	_, err := a.client.CreateHostedZone(c, &route53.CreateHostedZoneInput{Name: aws.String("x.example"), CallerReference: aws.String("tf-1")})
	var exists *types.HostedZoneAlreadyExists
	require.ErrorAs(t, err, &exists)

	got, err := a.client.GetHostedZone(c, &route53.GetHostedZoneInput{Id: aws.String(id)})
	require.NoError(t, err)
	assert.Equal(t, id, aws.ToString(got.HostedZone.Id))
	assert.Equal(t, []string{"ns1.r53d.test", "ns2.r53d.test"}, got.DelegationSet.NameServers)

	first, err := a.client.ListHostedZones(c, &route53.ListHostedZonesInput{MaxItems: aws.Int32(1)})
	require.NoError(t, err)
	require.Len(t, first.HostedZones, 1)
	assert.True(t, first.IsTruncated)
	assert.Equal(t, "", aws.ToString(first.Marker))
	assert.Equal(t, int32(1), aws.ToInt32(first.MaxItems))
	second, err := a.client.ListHostedZones(c, &route53.ListHostedZonesInput{Marker: first.NextMarker})
	require.NoError(t, err)
	require.Len(t, second.HostedZones, 1)
	assert.Equal(t, "other.example.", aws.ToString(second.HostedZones[0].Name))
	assert.Equal(t, aws.ToString(first.NextMarker), aws.ToString(second.Marker), "the marker is echoed")
	assert.False(t, second.IsTruncated)

	byName, err := a.client.ListHostedZonesByName(c, &route53.ListHostedZonesByNameInput{DNSName: aws.String("lab.example"), MaxItems: aws.Int32(1)})
	require.NoError(t, err)
	require.Len(t, byName.HostedZones, 1)
	assert.Equal(t, "lab.example.", aws.ToString(byName.HostedZones[0].Name))
	assert.Equal(t, "lab.example", aws.ToString(byName.DNSName))
	assert.True(t, byName.IsTruncated)
	assert.Equal(t, "other.example.", aws.ToString(byName.NextDNSName))

	count, err := a.client.GetHostedZoneCount(c, &route53.GetHostedZoneCountInput{})
	require.NoError(t, err)
	assert.Equal(t, int64(2), aws.ToInt64(count.HostedZoneCount))

	upd, err := a.client.UpdateHostedZoneComment(c, &route53.UpdateHostedZoneCommentInput{Id: aws.String(id), Comment: aws.String("new")})
	require.NoError(t, err)
	assert.Equal(t, "new", aws.ToString(upd.HostedZone.Config.Comment))
	// Without a Comment the comment goes; the AWS CLI then sends no body.
	status, body, _ := a.raw(t, http.MethodPost, "/2013-04-01/hostedzone/"+id[len("/hostedzone/"):], "")
	assert.Equal(t, http.StatusOK, status, body)
	upd, err = a.client.UpdateHostedZoneComment(c, &route53.UpdateHostedZoneCommentInput{Id: aws.String(id), Comment: aws.String("again")})
	require.NoError(t, err)
	upd, err = a.client.UpdateHostedZoneComment(c, &route53.UpdateHostedZoneCommentInput{Id: aws.String(id)})
	require.NoError(t, err)
	assert.Empty(t, aws.ToString(upd.HostedZone.Config.Comment))

	dnssec, err := a.client.GetDNSSEC(c, &route53.GetDNSSECInput{HostedZoneId: aws.String(id)})
	require.NoError(t, err)
	assert.Equal(t, "NOT_SIGNING", aws.ToString(dnssec.Status.ServeSignature))
	assert.Empty(t, dnssec.KeySigningKeys)

	del, err := a.client.DeleteHostedZone(c, &route53.DeleteHostedZoneInput{Id: aws.String(id)})
	require.NoError(t, err)
	_, err = a.client.GetChange(c, &route53.GetChangeInput{Id: del.ChangeInfo.Id})
	require.NoError(t, err, "the delete's change stays resolvable")

	_, err = a.client.GetHostedZone(c, &route53.GetHostedZoneInput{Id: aws.String(id)})
	var noZone *types.NoSuchHostedZone
	require.ErrorAs(t, err, &noZone)
	assert.Contains(t, noZone.ErrorMessage(), "No hosted zone found with ID: Z")
	var re interface{ HTTPStatusCode() int }
	require.True(t, errors.As(err, &re))
	assert.Equal(t, 404, re.HTTPStatusCode())
}

// TestSDKPrivateZoneRefused: r53d has no VPCs to answer privately to.
func TestSDKPrivateZoneRefused(t *testing.T) {
	a := newTestAPI(t)
	_, err := a.client.CreateHostedZone(ctx(t), &route53.CreateHostedZoneInput{Name: aws.String("p.example"), CallerReference: aws.String("p"),
		VPC: &types.VPC{VPCId: aws.String("vpc-1"), VPCRegion: types.VPCRegionEuWest1}})
	var bad *types.InvalidInput
	require.ErrorAs(t, err, &bad)
	assert.Contains(t, bad.ErrorMessage(), "Private hosted zones are not supported")
}
