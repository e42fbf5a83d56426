package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests replay, with the AWS SDK for Go v2, the calls the Terraform
// AWS provider makes for aws_route53_zone, aws_route53_record,
// aws_route53_health_check and the CIDR resources, in its order and with
// its waiters, against a real serve: the API, the zones directory behind
// it and DNS.

// tf is one Terraform-like client of a serve.
type tf struct {
	t   *testing.T
	ctx context.Context
	c   *route53.Client
	srv *apiServe
}

// newTF signs as the admin user with region us-east-1, Terraform's usual
// provider region (the CLI test signs with eu-west-1).
func newTF(t *testing.T, srv *apiServe) *tf {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	c := route53.New(route53.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.endpoint()),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: adminKeyID, SecretAccessKey: adminSecret, Source: "test"}, nil
		}),
	})
	return &tf{t: t, ctx: ctx, c: c, srv: srv}
}

// waitChange is Terraform's wait for a change: GetChange until INSYNC,
// with the SDK's waiter (Terraform's first delay of 10-30 s shortened).
func (f *tf) waitChange(info *types.ChangeInfo) {
	f.t.Helper()
	require.NotNil(f.t, info)
	require.True(f.t, strings.HasPrefix(aws.ToString(info.Id), "/change/"), aws.ToString(info.Id))
	w := route53.NewResourceRecordSetsChangedWaiter(f.c, func(o *route53.ResourceRecordSetsChangedWaiterOptions) {
		o.MinDelay, o.MaxDelay = 20*time.Millisecond, 200*time.Millisecond
	})
	require.NoError(f.t, w.Wait(f.ctx, &route53.GetChangeInput{Id: info.Id}, 10*time.Second), "change %s", aws.ToString(info.Id))
}

// apiCode is the Route 53 error code of err ("" when err is not one).
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// callerRef is a CallerReference like Terraform's: unique, time-based.
func callerRef(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
}

// TestTerraformZoneSequence: aws_route53_zone's create, read, update and
// destroy with force_destroy over a zone of 150 records.
func TestTerraformZoneSequence(t *testing.T) {
	srv := startAPIServe(t, t.TempDir())
	f := newTF(t, srv)
	c := f.c

	created, err := c.CreateHostedZone(f.ctx, &route53.CreateHostedZoneInput{Name: aws.String("tf.example"),
		CallerReference: aws.String(callerRef("terraform")), HostedZoneConfig: &types.HostedZoneConfig{Comment: aws.String("Managed by Terraform")}})
	require.NoError(t, err)
	f.waitChange(created.ChangeInfo)
	id := strings.TrimPrefix(aws.ToString(created.HostedZone.Id), "/hostedzone/")
	_, err = c.ChangeTagsForResource(f.ctx, &route53.ChangeTagsForResourceInput{ResourceType: types.TagResourceTypeHostedzone, ResourceId: &id,
		AddTags: []types.Tag{{Key: aws.String("env"), Value: aws.String("lab")}}})
	require.NoError(t, err)
	f.readZone(id, "Managed by Terraform", map[string]string{"env": "lab"})
	assert.Equal(t, id, f.zoneByName("tf.example."), `data "aws_route53_zone" by name`)

	_, err = c.UpdateHostedZoneComment(f.ctx, &route53.UpdateHostedZoneCommentInput{Id: &id, Comment: aws.String("lab zone")})
	require.NoError(t, err)
	_, err = c.ChangeTagsForResource(f.ctx, &route53.ChangeTagsForResourceInput{ResourceType: types.TagResourceTypeHostedzone, ResourceId: &id,
		AddTags: []types.Tag{{Key: aws.String("team"), Value: aws.String("dns")}}, RemoveTagKeys: []string{"env"}})
	require.NoError(t, err)
	f.readZone(id, "lab zone", map[string]string{"team": "dns"})

	var changes []types.Change
	for i := range 150 {
		changes = append(changes, types.Change{Action: types.ChangeActionCreate, ResourceRecordSet: &types.ResourceRecordSet{
			Name: aws.String(fmt.Sprintf("h%03d.tf.example", i)), Type: types.RRTypeA, TTL: aws.Int64(300),
			ResourceRecords: []types.ResourceRecord{{Value: aws.String(fmt.Sprintf("10.0.%d.%d", i/250, i%250+1))}}}})
	}
	out, err := c.ChangeResourceRecordSets(f.ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: &id,
		ChangeBatch: &types.ChangeBatch{Changes: changes, Comment: aws.String("Managed by Terraform")}})
	require.NoError(t, err)
	f.waitChange(out.ChangeInfo)
	assert.Equal(t, []string{"10.0.0.43"}, ask(t, srv.dns, "h042.tf.example."))

	_, err = c.DeleteHostedZone(f.ctx, &route53.DeleteHostedZoneInput{Id: &id})
	assert.Equal(t, "HostedZoneNotEmpty", apiCode(err), "%v", err)
	f.forceDestroy(id)

	_, err = c.GetHostedZone(f.ctx, &route53.GetHostedZoneInput{Id: &id})
	assert.Equal(t, "NoSuchHostedZone", apiCode(err), "%v", err)
	_, err = os.Stat(filepath.Join(srv.zones, "tf.example.json"))
	assert.ErrorIs(t, err, os.ErrNotExist, "a deleted zone's file is removed, or the next reload brings it back")
	assert.Empty(t, ask(t, srv.dns, "h042.tf.example."))
}

// readZone is Terraform's read of a zone: GetHostedZone, then its tags.
func (f *tf) readZone(id, comment string, tags map[string]string) {
	f.t.Helper()
	got, err := f.c.GetHostedZone(f.ctx, &route53.GetHostedZoneInput{Id: &id})
	require.NoError(f.t, err)
	assert.Equal(f.t, "tf.example.", aws.ToString(got.HostedZone.Name))
	require.NotNil(f.t, got.HostedZone.Config)
	assert.Equal(f.t, comment, aws.ToString(got.HostedZone.Config.Comment))
	require.NotNil(f.t, got.DelegationSet, "Terraform reads NameServers[0]")
	require.NotEmpty(f.t, got.DelegationSet.NameServers)
	tagged, err := f.c.ListTagsForResource(f.ctx, &route53.ListTagsForResourceInput{ResourceType: types.TagResourceTypeHostedzone, ResourceId: &id})
	require.NoError(f.t, err)
	have := map[string]string{}
	for _, tg := range tagged.ResourceTagSet.Tags {
		have[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	assert.Equal(f.t, tags, have)
}

// zoneByName is the data source aws_route53_zone given a name: every page
// of ListHostedZones, filtered on the name (every zone must have a Config:
// the provider reads Config.PrivateZone unguarded).
func (f *tf) zoneByName(name string) string {
	f.t.Helper()
	found := ""
	pages := route53.NewListHostedZonesPaginator(f.c, &route53.ListHostedZonesInput{MaxItems: aws.Int32(1)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(f.ctx)
		require.NoError(f.t, err)
		for _, hz := range page.HostedZones {
			require.NotNil(f.t, hz.Config, aws.ToString(hz.Name))
			if aws.ToString(hz.Name) == name && !hz.Config.PrivateZone {
				found = strings.TrimPrefix(aws.ToString(hz.Id), "/hostedzone/")
			}
		}
	}
	return found
}

// forceDestroy is aws_route53_zone's destroy with force_destroy: a full
// scan, DELETEs of 100 sets a batch (all but the apex SOA and NS), the
// DNSSEC check, the delete and its change.
func (f *tf) forceDestroy(id string) {
	f.t.Helper()
	var doomed []types.ResourceRecordSet
	pages := route53.NewListResourceRecordSetsPaginator(f.c, &route53.ListResourceRecordSetsInput{HostedZoneId: &id})
	for pages.HasMorePages() {
		page, err := pages.NextPage(f.ctx)
		require.NoError(f.t, err)
		for _, s := range page.ResourceRecordSets {
			apex := aws.ToString(s.Name) == "tf.example."
			if !(apex && (s.Type == types.RRTypeSoa || s.Type == types.RRTypeNs)) {
				doomed = append(doomed, s)
			}
		}
	}
	require.Len(f.t, doomed, 150)
	for len(doomed) > 0 {
		n := min(100, len(doomed))
		var changes []types.Change
		for _, s := range doomed[:n] {
			changes = append(changes, types.Change{Action: types.ChangeActionDelete, ResourceRecordSet: &s})
		}
		doomed = doomed[n:]
		out, err := f.c.ChangeResourceRecordSets(f.ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: &id,
			ChangeBatch: &types.ChangeBatch{Changes: changes, Comment: aws.String("Deleted by Terraform")}})
		require.NoError(f.t, err)
		f.waitChange(out.ChangeInfo)
	}
	sec, err := f.c.GetDNSSEC(f.ctx, &route53.GetDNSSECInput{HostedZoneId: &id})
	require.NoError(f.t, err)
	assert.Equal(f.t, "NOT_SIGNING", aws.ToString(sec.Status.ServeSignature))
	del, err := f.c.DeleteHostedZone(f.ctx, &route53.DeleteHostedZoneInput{Id: &id})
	require.NoError(f.t, err)
	f.waitChange(del.ChangeInfo) // the change outlives its zone
}

// TestTerraformHealthCheckSequence: aws_route53_health_check's create,
// read, update (without a version, as Terraform sends it) and destroy.
func TestTerraformHealthCheckSequence(t *testing.T) {
	tg := newTarget(t)
	f := newTF(t, startAPIServe(t, t.TempDir()))
	c := f.c
	ref := callerRef("terraform")
	cfg := &types.HealthCheckConfig{Type: types.HealthCheckTypeHttp, IPAddress: aws.String("127.0.0.1"), Port: aws.Int32(int32(tg.port)),
		ResourcePath: aws.String("/"), RequestInterval: aws.Int32(10), FailureThreshold: aws.Int32(3)}
	created, err := c.CreateHealthCheck(f.ctx, &route53.CreateHealthCheckInput{CallerReference: &ref, HealthCheckConfig: cfg})
	require.NoError(t, err)
	id := aws.ToString(created.HealthCheck.Id)
	require.NotEmpty(t, id)
	_, err = c.ChangeTagsForResource(f.ctx, &route53.ChangeTagsForResourceInput{ResourceType: types.TagResourceTypeHealthcheck, ResourceId: &id,
		AddTags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("web")}}})
	require.NoError(t, err)
	got := f.readHealthCheck(id, map[string]string{"Name": "web"})
	assert.Equal(t, int64(1), aws.ToInt64(got.HealthCheckVersion))
	assert.Equal(t, "/", aws.ToString(got.HealthCheckConfig.ResourcePath))
	assert.Empty(t, got.HealthCheckConfig.Regions, "no Regions echoed unless set: Terraform would see drift")

	again, err := c.CreateHealthCheck(f.ctx, &route53.CreateHealthCheckInput{CallerReference: &ref, HealthCheckConfig: cfg})
	require.NoError(t, err, "the same CallerReference and settings return the same check")
	assert.Equal(t, id, aws.ToString(again.HealthCheck.Id))

	_, err = c.UpdateHealthCheck(f.ctx, &route53.UpdateHealthCheckInput{HealthCheckId: &id, ResourcePath: aws.String("/ok"), FailureThreshold: aws.Int32(5)})
	require.NoError(t, err)
	got = f.readHealthCheck(id, map[string]string{"Name": "web"})
	assert.Equal(t, int64(2), aws.ToInt64(got.HealthCheckVersion))
	assert.Equal(t, "/ok", aws.ToString(got.HealthCheckConfig.ResourcePath))
	assert.Equal(t, int32(5), aws.ToInt32(got.HealthCheckConfig.FailureThreshold))
	assert.Equal(t, int32(10), aws.ToInt32(got.HealthCheckConfig.RequestInterval), "unchanged fields stay")

	_, err = c.UpdateHealthCheck(f.ctx, &route53.UpdateHealthCheckInput{HealthCheckId: &id, HealthCheckVersion: aws.Int64(1), Port: aws.Int32(81)})
	assert.Equal(t, "HealthCheckVersionMismatch", apiCode(err), "%v", err)

	_, err = c.DeleteHealthCheck(f.ctx, &route53.DeleteHealthCheckInput{HealthCheckId: &id})
	require.NoError(t, err)
	_, err = c.DeleteHealthCheck(f.ctx, &route53.DeleteHealthCheckInput{HealthCheckId: &id})
	assert.Equal(t, "NoSuchHealthCheck", apiCode(err), "%v", err)
	_, err = c.GetHealthCheck(f.ctx, &route53.GetHealthCheckInput{HealthCheckId: &id})
	assert.Equal(t, "NoSuchHealthCheck", apiCode(err), "%v", err)
}

// readHealthCheck is Terraform's read of a health check: the check, then
// its tags.
func (f *tf) readHealthCheck(id string, tags map[string]string) *types.HealthCheck {
	f.t.Helper()
	got, err := f.c.GetHealthCheck(f.ctx, &route53.GetHealthCheckInput{HealthCheckId: &id})
	require.NoError(f.t, err)
	require.NotNil(f.t, got.HealthCheck)
	require.NotNil(f.t, got.HealthCheck.HealthCheckConfig, "Terraform fails on an empty HealthCheckConfig")
	tagged, err := f.c.ListTagsForResource(f.ctx, &route53.ListTagsForResourceInput{ResourceType: types.TagResourceTypeHealthcheck, ResourceId: &id})
	require.NoError(f.t, err)
	have := map[string]string{}
	for _, tg := range tagged.ResourceTagSet.Tags {
		have[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	assert.Equal(f.t, tags, have)
	return got.HealthCheck
}
