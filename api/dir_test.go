package api

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSDKOnZonesDirectory drives the API over the real backend, a zones
// directory: what the SDK changes lands in the zone's file and in the
// store DNS answers from.
func TestSDKOnZonesDirectory(t *testing.T) {
	path := t.TempDir()
	hand := "$ORIGIN hand.example.\n$TTL 300\n@ SOA ns1.hand.example. admin.hand.example. 1 7200 900 1209600 86400\n@ NS ns1.hand.example.\n"
	require.NoError(t, os.WriteFile(filepath.Join(path, "hand.example.zone"), []byte(hand), 0o644))
	store, err := zones.NewStore()
	require.NoError(t, err)
	dir, err := config.NewDir(path, store, config.DirOptions{})
	require.NoError(t, err)
	_, err = dir.Reload()
	require.NoError(t, err)
	a := newTestAPI(t, func(o *Options) { o.Backend, o.Store = dir, store })
	c := ctx(t)

	zonesList, err := a.client.ListHostedZones(c, &route53.ListHostedZonesInput{})
	require.NoError(t, err)
	require.Len(t, zonesList.HostedZones, 1, "the hand-written zone")
	assert.Equal(t, "hand.example.", aws.ToString(zonesList.HostedZones[0].Name))

	created := createZone(t, a, "lab.example", "tf-1")
	zoneID := created.HostedZone.Id
	assert.Equal(t, []string{"ns1.r53d.test", "ns2.r53d.test", "ns3.r53d.test", "ns4.r53d.test"}, created.DelegationSet.NameServers, "without the NS records' trailing dot, as Route 53 lists them")
	check, err := a.client.CreateHealthCheck(c, &route53.CreateHealthCheckInput{CallerReference: aws.String("h"), HealthCheckConfig: httpCheck})
	require.NoError(t, err)
	blue := weighted("api.lab.example", "blue", 90, "192.0.2.10")
	blue.ResourceRecordSet.HealthCheckId = check.HealthCheck.Id
	change, err := a.client.ChangeResourceRecordSets(c, &route53.ChangeResourceRecordSetsInput{HostedZoneId: zoneID,
		ChangeBatch: &types.ChangeBatch{Changes: []types.Change{
			blue,
			{Action: types.ChangeActionCreate, ResourceRecordSet: &types.ResourceRecordSet{Name: aws.String("*.lab.example"), Type: types.RRTypeTxt,
				TTL: aws.Int64(300), ResourceRecords: []types.ResourceRecord{{Value: aws.String(`"v=1"`)}}}},
		}}})
	require.NoError(t, err)
	got, err := a.client.GetChange(c, &route53.GetChangeInput{Id: change.ChangeInfo.Id})
	require.NoError(t, err)
	assert.Equal(t, types.ChangeStatusInsync, got.ChangeInfo.Status)

	list, err := a.client.ListResourceRecordSets(c, &route53.ListResourceRecordSetsInput{HostedZoneId: zoneID})
	require.NoError(t, err)
	var names []string
	for _, rs := range list.ResourceRecordSets {
		names = append(names, aws.ToString(rs.Name)+" "+string(rs.Type))
	}
	assert.Equal(t, []string{"lab.example. NS", "lab.example. SOA", `\052.lab.example. TXT`, "api.lab.example. A"}, names)

	answer, err := a.client.TestDNSAnswer(c, &route53.TestDNSAnswerInput{HostedZoneId: zoneID, RecordName: aws.String("x.lab.example"), RecordType: types.RRTypeTxt})
	require.NoError(t, err)
	assert.Equal(t, []string{`"v=1"`}, answer.RecordData, "DNS answers the change")

	files, err := filepath.Glob(filepath.Join(path, "lab.example*"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	text, err := os.ReadFile(files[0])
	require.NoError(t, err)
	assert.Contains(t, string(text), "192.0.2.10")
}
