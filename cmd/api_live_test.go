package cmd

// Tests of the API and the rest of serve together: hand edits of the
// zones directory, and health checks that probe from their creation.

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAPIWriteAfterHandEdit: a zone file edited by hand since r53d loaded
// it is never overwritten: an API write to it fails with
// PriorRequestNotComplete until the watcher has reloaded the file, and
// then lands on top of the edit.
func TestAPIWriteAfterHandEdit(t *testing.T) {
	srv := startAPIServe(t, t.TempDir())
	f := newTF(t, srv)
	zone, err := f.c.CreateHostedZone(f.ctx, &route53.CreateHostedZoneInput{Name: aws.String("edit.example"), CallerReference: aws.String(callerRef("edit"))})
	require.NoError(t, err)
	zoneID := strings.TrimPrefix(aws.ToString(zone.HostedZone.Id), "/hostedzone/")
	file := filepath.Join(srv.zones, "edit.example.json")
	text, err := os.ReadFile(file)
	require.NoError(t, err)

	// By hand: a record set added at the head of the list.
	hand := `"ResourceRecordSets": [
        {"Name": "hand.edit.example.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.77"}]},`
	edited := strings.Replace(string(text), `"ResourceRecordSets": [`, hand, 1)
	require.NotEqual(t, string(text), edited)
	require.NoError(t, os.WriteFile(file, []byte(edited), 0o644))

	api := types.Change{Action: types.ChangeActionCreate, ResourceRecordSet: &types.ResourceRecordSet{Name: aws.String("api.edit.example"),
		Type: types.RRTypeA, TTL: aws.Int64(60), ResourceRecords: []types.ResourceRecord{{Value: aws.String("192.0.2.88")}}}}
	in := &route53.ChangeResourceRecordSetsInput{HostedZoneId: &zoneID, ChangeBatch: &types.ChangeBatch{Changes: []types.Change{api}}}
	_, err = f.c.ChangeResourceRecordSets(f.ctx, in, func(o *route53.Options) { o.RetryMaxAttempts = 1 })
	assert.Equal(t, "PriorRequestNotComplete", apiCode(err), "%v", err)
	assert.ErrorContains(t, err, "edit.example.json")
	after, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, edited, string(after), "the hand edit is not overwritten")

	waitFor(t, srv.dns, "hand.edit.example.", []string{"192.0.2.77"}, 10*time.Second) // the watcher reloaded it
	out, err := f.c.ChangeResourceRecordSets(f.ctx, in)
	require.NoError(t, err)
	f.waitChange(out.ChangeInfo)
	assert.Equal(t, []string{"192.0.2.88"}, ask(t, srv.dns, "api.edit.example."))
	assert.Equal(t, []string{"192.0.2.77"}, ask(t, srv.dns, "hand.edit.example."), "the edit stays")
	final, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Contains(t, string(final), `"hand.edit.example."`)
	assert.Contains(t, string(final), `"api.edit.example."`)
}

// TestAPIHealthCheckProbesAtOnce: a check created through the API is
// probed from then on, without a reload: its status reports a failed
// probe within seconds, and a record using it fails over.
func TestAPIHealthCheckProbesAtOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens: every probe fails
	srv := startAPIServe(t, t.TempDir())
	f := newTF(t, srv)
	hc, err := f.c.CreateHealthCheck(f.ctx, &route53.CreateHealthCheckInput{CallerReference: aws.String(callerRef("probe")),
		HealthCheckConfig: &types.HealthCheckConfig{Type: types.HealthCheckTypeTcp, IPAddress: aws.String("127.0.0.1"),
			Port: aws.Int32(int32(port)), RequestInterval: aws.Int32(1), FailureThreshold: aws.Int32(1)}})
	require.NoError(t, err)
	zone, err := f.c.CreateHostedZone(f.ctx, &route53.CreateHostedZoneInput{Name: aws.String("probe.example"), CallerReference: aws.String(callerRef("probe"))})
	require.NoError(t, err)
	zoneID := strings.TrimPrefix(aws.ToString(zone.HostedZone.Id), "/hostedzone/")
	set := func(id, role, ip string, check *string) types.Change {
		return types.Change{Action: types.ChangeActionCreate, ResourceRecordSet: &types.ResourceRecordSet{Name: aws.String("www.probe.example"),
			Type: types.RRTypeA, TTL: aws.Int64(1), SetIdentifier: aws.String(id), Failover: types.ResourceRecordSetFailover(role),
			HealthCheckId: check, ResourceRecords: []types.ResourceRecord{{Value: aws.String(ip)}}}}
	}
	f.change(zoneID, "failover", set("p", "PRIMARY", "192.0.2.1", hc.HealthCheck.Id), set("s", "SECONDARY", "192.0.2.2", nil))

	waitFor(t, srv.dns, "www.probe.example.", []string{"192.0.2.2"}, 5*time.Second)
	status, err := f.c.GetHealthCheckStatus(f.ctx, &route53.GetHealthCheckStatusInput{HealthCheckId: hc.HealthCheck.Id})
	require.NoError(t, err)
	require.NotEmpty(t, status.HealthCheckObservations)
	report := status.HealthCheckObservations[0].StatusReport
	assert.True(t, strings.HasPrefix(aws.ToString(report.Status), "Failure"), aws.ToString(report.Status))
	assert.WithinDuration(t, time.Now(), aws.ToTime(report.CheckedTime), 5*time.Second)
}
