package cmd

// The AWS CLI test's checks of errors, users and the files the API writes.

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cliErrors: what the CLI prints for a wrong secret, an unknown key and an
// invalid batch is what it prints for Route 53.
func cliErrors(t *testing.T, aws *awsCLI, zoneID string) {
	t.Helper()
	stderr := aws.as(adminKeyID, "not-the-secret").fail("list-hosted-zones")
	assert.Contains(t, stderr, "An error occurred (SignatureDoesNotMatch) when calling the ListHostedZones operation")

	stderr = aws.as("AKIAR53DUNKNOWN00001", adminSecret).fail("list-hosted-zones")
	assert.Contains(t, stderr, "An error occurred (InvalidClientTokenId) when calling the ListHostedZones operation: The security token included in the request is invalid.")

	bad := `{"Changes": [
	  {"Action": "CREATE", "ResourceRecordSet": {"Name": "a1.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.101"}]}},
	  {"Action": "DELETE", "ResourceRecordSet": {"Name": "gone.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.9"}]}}]}`
	stderr = aws.fail("change-resource-record-sets", "--hosted-zone-id", zoneID, "--change-batch", batchFile(t, bad))
	assert.Contains(t, stderr, "An error occurred (InvalidChangeBatch) when calling the ChangeResourceRecordSets operation: "+
		"[Tried to create resource record set [name='a1.example.com.', type='A'] but it already exists, "+
		"Tried to delete resource record set [name='gone.example.com.', type='A'] but it was not found]")
}

// apiCallsSeen: every call is counted in /metrics by operation and
// outcome, and logged with who made it.
func apiCallsSeen(t *testing.T, srv *apiServe) {
	t.Helper()
	resp, err := http.Get(srv.endpoint() + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	for _, line := range []string{
		`r53d_api_requests_total{code="OK",operation="CreateHostedZone"} 1`,
		`r53d_api_requests_total{code="AccessDenied",operation="ChangeResourceRecordSets"} 1`,
		`r53d_api_requests_total{code="SignatureDoesNotMatch",operation="ListHostedZones"} 1`,
		`r53d_api_requests_total{code="InvalidClientTokenId",operation="ListHostedZones"} 1`,
	} {
		assert.Contains(t, string(body), line+"\n")
	}
	assert.Regexp(t, `msg="API call" user=dev operation=ChangeResourceRecordSets .*code=AccessDenied`, srv.log.String())
}

// masterFileReadOnly: a record of a master file is listed, but a change to
// it is refused naming the file, which stays as written.
func masterFileReadOnly(t *testing.T, srv *apiServe, aws *awsCLI) {
	t.Helper()
	var zones struct {
		HostedZones []struct {
			ID string `json:"Id"`
		}
	}
	aws.run(&zones, "list-hosted-zones-by-name", "--dns-name", "hand.test", "--max-items", "1")
	require.Len(t, zones.HostedZones, 1)
	id := strings.TrimPrefix(zones.HostedZones[0].ID, "/hostedzone/")
	upsert := `{"Changes": [{"Action": "UPSERT", "ResourceRecordSet":
	  {"Name": "www.hand.test", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.81"}]}}]}`
	stderr := aws.fail("change-resource-record-sets", "--hosted-zone-id", id, "--change-batch", batchFile(t, upsert))
	assert.Contains(t, stderr, "An error occurred (InvalidChangeBatch) when calling the ChangeResourceRecordSets operation: [")
	assert.Contains(t, stderr, "hand.test.zone")
	assert.Equal(t, []string{"192.0.2.80"}, ask(t, srv.dns, "www.hand.test."))
	text, err := os.ReadFile(filepath.Join(srv.zones, "hand.test.zone"))
	require.NoError(t, err)
	assert.Equal(t, handZone, string(text), "r53d never rewrites a master file")
}

// devChanges: the dev user may add an A record under dev.example.com, and
// it lands in the zone's file; a TXT record is denied as IAM words it.
func devChanges(t *testing.T, srv *apiServe, aws *awsCLI, zoneID string) {
	t.Helper()
	dev := aws.as(devKeyID, devSecret)
	file := filepath.Join(srv.zones, "example.com.json")
	before := zoneFileSets(t, file)
	beforeText, err := os.ReadFile(file)
	require.NoError(t, err)

	allowed := `{"Changes": [{"Action": "CREATE", "ResourceRecordSet":
	  {"Name": "app.dev.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "198.51.100.7"}]}}]}`
	var change struct{ ChangeInfo cliChange }
	dev.run(&change, "change-resource-record-sets", "--hosted-zone-id", zoneID, "--change-batch", batchFile(t, allowed))
	assert.Equal(t, []string{"198.51.100.7"}, askWithin(t, srv, "app.dev.example.com.", time.Now()))

	after := zoneFileSets(t, file)
	added := map[string]any{"Name": "app.dev.example.com.", "Type": "A", "TTL": json.Number("60"),
		"ResourceRecords": []any{map[string]any{"Value": "198.51.100.7"}}}
	assert.ElementsMatch(t, append(before, added), after, "the zone's file gained exactly the new set")
	text, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Contains(t, string(text), zoneID, "the file keeps the zone's id")
	removed, inserted := lineDiff(string(beforeText), string(text))
	assert.Empty(t, removed, "a git diff of the change removes no line")
	assert.Contains(t, inserted, `"Name": "app.dev.example.com."`)
	assert.Contains(t, inserted, `"Value": "198.51.100.7"`)
	assert.NotContains(t, inserted, "192.0.2.", "and adds none of the other sets")

	denied := `{"Changes": [{"Action": "CREATE", "ResourceRecordSet":
	  {"Name": "app.dev.example.com", "Type": "TXT", "TTL": 60, "ResourceRecords": [{"Value": "\"v=1\""}]}}]}`
	stderr := dev.fail("change-resource-record-sets", "--hosted-zone-id", zoneID, "--change-batch", batchFile(t, denied))
	assert.Regexp(t, `An error occurred \(AccessDenied\) when calling the ChangeResourceRecordSets operation: `+
		`User: arn:aws:iam::\d{12}:user/dev is not authorized to perform: route53:ChangeResourceRecordSets `+
		`on resource: arn:aws:route53:::hostedzone/`+zoneID+` because no identity-based policy allows the route53:ChangeResourceRecordSets action`, stderr)
	assert.Equal(t, after, zoneFileSets(t, file), "a denied change leaves the file alone")
}

// lineDiff is the one hunk between two texts, as git diff shows a single
// change: the lines of a that b replaces, and what replaces them.
func lineDiff(a, b string) (removed, inserted string) {
	al, bl := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	p := 0
	for p < len(al) && p < len(bl) && al[p] == bl[p] {
		p++
	}
	q := 0
	for q < len(al)-p && q < len(bl)-p && al[len(al)-1-q] == bl[len(bl)-1-q] {
		q++
	}
	return strings.Join(al[p:len(al)-q], ""), strings.Join(bl[p:len(bl)-q], "")
}

// zoneFileSets reads the record sets of a zone's JSON file, numbers kept
// as written.
func zoneFileSets(t *testing.T, path string) []any {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.UseNumber()
	var doc struct{ ResourceRecordSets []any }
	require.NoError(t, dec.Decode(&doc), path)
	require.NotEmpty(t, doc.ResourceRecordSets, path)
	return doc.ResourceRecordSets
}
