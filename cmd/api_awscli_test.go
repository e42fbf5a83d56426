package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cliZone is what create-hosted-zone and get-hosted-zone print.
type cliZone struct {
	HostedZone struct {
		ID                     string `json:"Id"`
		Name                   string
		ResourceRecordSetCount int
	}
	ChangeInfo    cliChange
	DelegationSet struct{ NameServers []string }
}

type cliChange struct {
	ID     string `json:"Id"`
	Status string
}

// cliSets is a page of list-resource-record-sets, each set kept as printed.
type cliSets struct {
	ResourceRecordSets []map[string]any
	NextToken          string
}

// apiBatch is the change batch of the test: a weighted pair (the weight-0
// one a standby), a failover pair whose primary has the health check, and
// four simple records, so listings take several pages.
func apiBatch(healthCheckID string) string {
	sets := []string{
		`{"Name": "w.example.com", "Type": "A", "SetIdentifier": "blue", "Weight": 1, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`,
		`{"Name": "w.example.com", "Type": "A", "SetIdentifier": "green", "Weight": 0, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}]}`,
		`{"Name": "fo.example.com", "Type": "A", "SetIdentifier": "primary", "Failover": "PRIMARY", "TTL": 1,
		  "HealthCheckId": "` + healthCheckID + `", "ResourceRecords": [{"Value": "192.0.2.10"}]}`,
		`{"Name": "fo.example.com", "Type": "A", "SetIdentifier": "secondary", "Failover": "SECONDARY", "TTL": 1, "ResourceRecords": [{"Value": "192.0.2.20"}]}`,
	}
	for i := 1; i <= 4; i++ {
		sets = append(sets, fmt.Sprintf(`{"Name": "a%d.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.10%d"}]}`, i, i))
	}
	changes := make([]string, len(sets))
	for i, s := range sets {
		changes[i] = `{"Action": "CREATE", "ResourceRecordSet": ` + s + `}`
	}
	return `{"Comment": "weighted and failover", "Changes": [` + strings.Join(changes, ",\n") + `]}`
}

// batchFile writes a change batch for --change-batch file://.
func batchFile(t *testing.T, batch string) string {
	path := filepath.Join(t.TempDir(), "batch.json")
	require.NoError(t, os.WriteFile(path, []byte(batch), 0o644))
	return "file://" + path
}

// listedOrder is the listing of the zone after apiBatch, in Route 53's
// order: names with their labels reversed, then type, then set id.
var listedOrder = []string{
	"example.com. NS", "example.com. SOA",
	"a1.example.com. A", "a2.example.com. A", "a3.example.com. A", "a4.example.com. A",
	"fo.example.com. A primary", "fo.example.com. A secondary",
	"w.example.com. A blue", "w.example.com. A green",
}

func setKey(s map[string]any) string {
	k := fmt.Sprint(s["Name"], " ", s["Type"])
	if id, ok := s["SetIdentifier"]; ok {
		k += fmt.Sprint(" ", id)
	}
	return k
}

// TestAPIWithAWSCLI drives r53d with the stock AWS CLI, as a user would:
// a zone, a health check, weighted and failover records, and DNS answers
// that follow; the errors the CLI prints are Route 53's.
func TestAPIWithAWSCLI(t *testing.T) {
	tg := newTarget(t)
	srv := startAPIServe(t, t.TempDir())
	aws := newAWSCLI(t, srv.endpoint())

	var zone cliZone
	aws.run(&zone, "create-hosted-zone", "--name", "example.com", "--caller-reference", "cli-e2e-1")
	require.True(t, strings.HasPrefix(zone.HostedZone.ID, "/hostedzone/Z"), zone.HostedZone.ID)
	assert.Equal(t, "example.com.", zone.HostedZone.Name)
	assert.Equal(t, 2, zone.HostedZone.ResourceRecordSetCount, "SOA and NS")
	assert.Equal(t, []string{"ns1.r53d.test", "ns2.r53d.test", "ns3.r53d.test", "ns4.r53d.test"}, zone.DelegationSet.NameServers)
	zoneID := strings.TrimPrefix(zone.HostedZone.ID, "/hostedzone/")

	var hc struct {
		HealthCheck struct {
			ID string `json:"Id"`
		}
	}
	aws.run(&hc, "create-health-check", "--caller-reference", "cli-e2e-web", "--health-check-config",
		fmt.Sprintf("Type=HTTP,IPAddress=127.0.0.1,Port=%d,ResourcePath=/health,RequestInterval=10,FailureThreshold=1", tg.port))
	require.NotEmpty(t, hc.HealthCheck.ID)

	var change struct{ ChangeInfo cliChange }
	aws.run(&change, "change-resource-record-sets", "--hosted-zone-id", zoneID, "--change-batch", batchFile(t, apiBatch(hc.HealthCheck.ID)))
	returned := time.Now()
	assert.Equal(t, []string{"192.0.2.10"}, askWithin(t, srv, "fo.example.com.", returned), "the primary, healthy")
	assert.Equal(t, []string{"192.0.2.1"}, ask(t, srv.dns, "w.example.com."), "the weight-1 member")
	assert.Equal(t, []string{"192.0.2.103"}, ask(t, srv.dns, "a3.example.com."))

	waitInSync(t, aws, change.ChangeInfo.ID)
	listWithPages(t, aws, zoneID)
	assertTestDNSAnswer(t, aws, zoneID, "192.0.2.10")

	tg.stop() // the primary's health check fails from its next probe on (the CLI allows no interval under 10 s)
	waitFor(t, srv.dns, "fo.example.com.", []string{"192.0.2.20"}, 25*time.Second)
	assertTestDNSAnswer(t, aws, zoneID, "192.0.2.20")

	cliErrors(t, aws, zoneID)
	masterFileReadOnly(t, srv, aws)
	devChanges(t, srv, aws, zoneID)
	apiCallsSeen(t, srv)

	srv.stop()
	again := restartAPIServe(t, srv)
	var got cliZone
	newAWSCLI(t, again.endpoint()).run(&got, "get-hosted-zone", "--id", zoneID)
	assert.Equal(t, zone.HostedZone.ID, got.HostedZone.ID, "the zone keeps its id across a restart")
	assert.Equal(t, []string{"192.0.2.103"}, ask(t, again.dns, "a3.example.com."))
}

// askWithin asks for name's A records right after an API call returned,
// and fails unless DNS answers within 100 ms of it.
func askWithin(t *testing.T, srv *apiServe, name string, since time.Time) []string {
	t.Helper()
	var got []string
	for {
		got = ask(t, srv.dns, name)
		if len(got) > 0 || time.Since(since) > 100*time.Millisecond {
			break
		}
	}
	assert.LessOrEqual(t, time.Since(since), 100*time.Millisecond, "%s answered %v only %s after the change", name, got, time.Since(since))
	return got
}

// waitInSync polls get-change until the change is INSYNC.
func waitInSync(t *testing.T, aws *awsCLI, id string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got struct{ ChangeInfo cliChange }
		aws.run(&got, "get-change", "--id", id)
		require.Equal(t, id, got.ChangeInfo.ID)
		if got.ChangeInfo.Status == "INSYNC" {
			return
		}
		require.Equal(t, "PENDING", got.ChangeInfo.Status)
		require.True(t, time.Now().Before(deadline), "change %s still PENDING", id)
		time.Sleep(100 * time.Millisecond)
	}
}

// listWithPages lists the zone three sets at a time with --max-items and
// --starting-token, and compares with one listing of it all.
func listWithPages(t *testing.T, aws *awsCLI, zoneID string) {
	t.Helper()
	var all cliSets
	aws.run(&all, "list-resource-record-sets", "--hosted-zone-id", zoneID)
	var keys []string
	for _, s := range all.ResourceRecordSets {
		keys = append(keys, setKey(s))
	}
	assert.Equal(t, listedOrder, keys)

	var paged []map[string]any
	args := []string{"list-resource-record-sets", "--hosted-zone-id", zoneID, "--max-items", "3"}
	for pages := 1; ; pages++ {
		require.LessOrEqual(t, pages, 4, "10 sets are 4 pages of 3")
		var page cliSets
		aws.run(&page, args...)
		assert.LessOrEqual(t, len(page.ResourceRecordSets), 3)
		paged = append(paged, page.ResourceRecordSets...)
		if page.NextToken == "" {
			break
		}
		args = []string{"list-resource-record-sets", "--hosted-zone-id", zoneID, "--max-items", "3", "--starting-token", page.NextToken}
	}
	assert.Equal(t, all.ResourceRecordSets, paged, "pages of 3 list what one listing does")
}

func assertTestDNSAnswer(t *testing.T, aws *awsCLI, zoneID, want string) {
	t.Helper()
	var ans struct {
		Nameserver, RecordName, RecordType, ResponseCode, Protocol string
		RecordData                                                 []string
	}
	aws.run(&ans, "test-dns-answer", "--hosted-zone-id", zoneID, "--record-name", "fo.example.com", "--record-type", "A")
	assert.Equal(t, []string{want}, ans.RecordData)
	assert.Equal(t, "NOERROR", ans.ResponseCode)
	assert.Equal(t, "A", ans.RecordType)
	assert.NotEmpty(t, ans.Nameserver)
	assert.NotEmpty(t, ans.Protocol)
}
