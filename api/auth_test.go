package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/smithy-go"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/r53d/r53d/api/iam"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testIAM = `
AccountId: "123456789012"
Users:
  - UserName: admin
    AccessKeys: [{AccessKeyId: AKIAADMIN00000000001, SecretAccessKey: admin-secret}]
    Policies:
      - PolicyName: all
        PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "route53:*", Resource: "*"}]}
  - UserName: loop
    AccessKeys: [{AccessKeyId: AKIALOOP000000000001, SecretAccessKey: loop-secret}]
    Policies:
      - PolicyName: from-here
        PolicyDocument:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Action: route53:GetHostedZoneCount, Resource: "*", Condition: {IpAddress: {aws:SourceIp: 127.0.0.0/8}, Bool: {aws:SecureTransport: "false"}}}
            - {Effect: Allow, Action: route53:ListHostedZones, Resource: "*", Condition: {IpAddress: {aws:SourceIp: 10.0.0.0/8}}}
            - {Effect: Allow, Action: route53:GetChange, Resource: "*", Condition: {StringEquals: {aws:username: "${aws:username}", aws:PrincipalArn: "arn:aws:iam::123456789012:user/loop"}}}
  - UserName: dev
    AccessKeys: [{AccessKeyId: AKIADEV0000000000001, SecretAccessKey: dev-secret}]
    Policies:
      - PolicyName: dev-records
        PolicyDocument:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Action: ["route53:Get*", "route53:ListResourceRecordSets"], Resource: "*"}
            - {Effect: Allow, Action: "route53:ListTagsForResources", Resource: "arn:aws:route53:::hostedzone/Z0001"}
            - Effect: Allow
              Action: route53:ChangeResourceRecordSets
              Resource: "arn:aws:route53:::hostedzone/*"
              Condition:
                ForAllValues:StringLike:
                  route53:ChangeResourceRecordSetsNormalizedRecordNames: ["dev.lab.example", "*.dev.lab.example"]
                ForAllValues:StringEquals:
                  route53:ChangeResourceRecordSetsRecordTypes: ["A", "CNAME"]
            - Effect: Deny
              Action: route53:ChangeResourceRecordSets
              Resource: "*"
              Condition: {ForAnyValue:StringEquals: {route53:ChangeResourceRecordSetsActions: [DELETE]}}
`

func newIAMAPI(t *testing.T) *testAPI {
	t.Helper()
	dir, err := iam.Parse("iam.yaml", []byte(testIAM))
	require.NoError(t, err)
	return newTestAPI(t, func(o *Options) { o.IAM = dir })
}

func upsertA(name string) types.Change {
	return types.Change{Action: types.ChangeActionUpsert, ResourceRecordSet: &types.ResourceRecordSet{Name: aws.String(name), Type: types.RRTypeA,
		TTL: aws.Int64(60), ResourceRecords: []types.ResourceRecord{{Value: aws.String("192.0.2.1")}}}}
}

func apiCode(t *testing.T, err error) (string, string) {
	t.Helper()
	var ae smithy.APIError
	require.True(t, errors.As(err, &ae), "%v", err)
	return ae.ErrorCode(), ae.ErrorMessage()
}

// TestIAMDecides: signed requests are verified, then each user's policies
// decide, with the record-change condition keys.
func TestIAMDecides(t *testing.T) {
	a := newIAMAPI(t)
	c := ctx(t)
	admin := sdkClient(a.srv.URL, "AKIAADMIN00000000001", "admin-secret")
	dev := sdkClient(a.srv.URL, "AKIADEV0000000000001", "dev-secret")
	zone, err := admin.CreateHostedZone(c, &route53.CreateHostedZoneInput{Name: aws.String("lab.example"), CallerReference: aws.String("z")})
	require.NoError(t, err)
	zoneID := zone.HostedZone.Id

	change := func(cl *route53.Client, changes ...types.Change) error {
		_, err := cl.ChangeResourceRecordSets(c, &route53.ChangeResourceRecordSetsInput{HostedZoneId: zoneID, ChangeBatch: &types.ChangeBatch{Changes: changes}})
		return err
	}
	require.NoError(t, change(dev, upsertA("api.dev.lab.example"), upsertA("DEV.lab.example.")))
	code, msg := apiCode(t, change(dev, upsertA("api.dev.lab.example"), upsertA("www.lab.example")))
	assert.Equal(t, "AccessDenied", code)
	assert.Equal(t, "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: route53:ChangeResourceRecordSets on resource: "+
		"arn:aws:route53:::hostedzone/Z0001 because no identity-based policy allows the route53:ChangeResourceRecordSets action", msg)
	del := upsertA("api.dev.lab.example")
	del.Action = types.ChangeActionDelete
	code, msg = apiCode(t, change(dev, del))
	assert.Equal(t, "AccessDenied", code)
	assert.True(t, strings.HasSuffix(msg, "with an explicit deny in an identity-based policy"), msg)

	_, err = dev.CreateHostedZone(c, &route53.CreateHostedZoneInput{Name: aws.String("x.example"), CallerReference: aws.String("x")})
	code, msg = apiCode(t, err)
	assert.Equal(t, "AccessDenied", code)
	assert.NotContains(t, msg, "on resource", "actions on * name no resource")

	_, err = dev.GetHostedZone(c, &route53.GetHostedZoneInput{Id: zoneID})
	require.NoError(t, err)

	_, err = admin.CreateHostedZone(c, &route53.CreateHostedZoneInput{Name: aws.String("other.example"), CallerReference: aws.String("o")})
	require.NoError(t, err)
	_, err = dev.ListTagsForResources(c, &route53.ListTagsForResourcesInput{ResourceType: types.TagResourceTypeHostedzone, ResourceIds: []string{"Z0001"}})
	require.NoError(t, err)
	_, err = dev.ListTagsForResources(c, &route53.ListTagsForResourcesInput{ResourceType: types.TagResourceTypeHostedzone, ResourceIds: []string{"Z0001", "Z0003"}})
	code, msg = apiCode(t, err)
	assert.Equal(t, "AccessDenied", code)
	assert.Contains(t, msg, "hostedzone/Z0003", "each id is authorized")

	assert.Equal(t, 2.0, testutil.ToFloat64(a.handler.metrics.requests.WithLabelValues("ChangeResourceRecordSets", "AccessDenied")), "denied calls are counted")
}

// TestIAMGlobalKeys: the request's global condition keys reach the
// policies (source address, transport, the user's name and ARN).
func TestIAMGlobalKeys(t *testing.T) {
	a := newIAMAPI(t)
	c := ctx(t)
	loop := sdkClient(a.srv.URL, "AKIALOOP000000000001", "loop-secret")
	_, err := loop.GetHostedZoneCount(c, &route53.GetHostedZoneCountInput{})
	require.NoError(t, err, "from 127.0.0.1 over plain HTTP")
	_, err = loop.ListHostedZones(c, &route53.ListHostedZonesInput{})
	code, _ := apiCode(t, err)
	assert.Equal(t, "AccessDenied", code, "not from 10.0.0.0/8")
	_, err = loop.GetChange(c, &route53.GetChangeInput{Id: aws.String("C1")})
	code, _ = apiCode(t, err)
	assert.Equal(t, "NoSuchChange", code, "allowed by name and ARN, then not found")
}

// TestIAMAuthenticates: unsigned, unknown-key and wrongly signed requests
// are refused with AWS's codes, and counted.
func TestIAMAuthenticates(t *testing.T) {
	a := newIAMAPI(t)
	c := ctx(t)
	_, err := sdkClient(a.srv.URL, "AKIANOBODY0000000001", "x").GetHostedZoneCount(c, &route53.GetHostedZoneCountInput{})
	code, _ := apiCode(t, err)
	assert.Equal(t, "InvalidClientTokenId", code)
	_, err = sdkClient(a.srv.URL, "AKIADEV0000000000001", "wrong-secret").GetHostedZoneCount(c, &route53.GetHostedZoneCountInput{})
	code, _ = apiCode(t, err)
	assert.Equal(t, "SignatureDoesNotMatch", code)

	status, body, _ := a.raw(t, "GET", "/2013-04-01/hostedzonecount", "")
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, body, "<Code>MissingAuthenticationToken</Code>")
	assert.Equal(t, 1.0, testutil.ToFloat64(a.handler.metrics.requests.WithLabelValues("GetHostedZoneCount", "MissingAuthenticationToken")))
	assert.Equal(t, 1.0, testutil.ToFloat64(a.handler.metrics.requests.WithLabelValues("GetHostedZoneCount", "SignatureDoesNotMatch")))
}

// TestRawAccessDenied pins the AccessDenied body as AWS sends it.
func TestRawAccessDenied(t *testing.T) {
	a := newIAMAPI(t)
	body := crrsBody("UPSERT", "www.lab.example", "192.0.2.1")
	req, err := http.NewRequestWithContext(ctx(t), "POST", a.srv.URL+"/2013-04-01/hostedzone/Z0009/rrset/", strings.NewReader(body))
	require.NoError(t, err)
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: "AKIADEV0000000000001", SecretAccessKey: "dev-secret"}
	require.NoError(t, v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "route53", "eu-west-1", time.Now()))
	resp, err := a.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Contains(t, string(got), `<ErrorResponse `+ns+`><Error><Type>Sender</Type><Code>AccessDenied</Code>`+
		`<Message>User: arn:aws:iam::123456789012:user/dev is not authorized to perform: route53:ChangeResourceRecordSets on resource: `+
		`arn:aws:route53:::hostedzone/Z0009 because no identity-based policy allows the route53:ChangeResourceRecordSets action</Message></Error>`)
}
