package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// served returns the static records of name and type zone origin serves.
func served(t *testing.T, td *testDir, origin, name string, qtype uint16) []dns.RR {
	t.Helper()
	z, ok := td.store.View().Zone(origin)
	require.True(t, ok)
	n, ok := z.Node(name)
	if !ok {
		return nil
	}
	return n.RRset(qtype)
}

func TestChangeBatchWritesMarshalledFileAndServes(t *testing.T) {
	td := newTestDir(t, nil)
	td.write(t, "lab.example.zone", labMaster)
	_, err := td.Reload()
	require.NoError(t, err, "an empty directory loaded first")
	id := td.zoneID(t, "lab.example.")

	change, err := td.ChangeResourceRecordSets(id, "add api", []zones.RecordChange{
		{Action: "CREATE", Set: aSet("api.lab.example", "192.0.2.10", "192.0.2.11")},
		{Action: "UPSERT", Set: aSet("db.lab.example.", "192.0.2.20")},
	})
	require.NoError(t, err)
	assert.Equal(t, zones.ChangeInSync, change.Status, "published before the call returns")
	assert.Equal(t, "add api", change.Comment)
	assert.Len(t, served(t, td, "lab.example.", "api.lab.example.", dns.TypeA), 2)

	// The master file has only records: the API's go beside it, in
	// lab.example.json, with the zone's metadata and the id it was served
	// under.
	want, err := zones.MarshalRecordSetsFile("lab.example.", zones.ZoneMeta{ID: id},
		[]zones.ResourceRecordSet{aSet("api.lab.example.", "192.0.2.10", "192.0.2.11"), aSet("db.lab.example.", "192.0.2.20")})
	require.NoError(t, err)
	assert.Equal(t, string(want), td.read(t, "lab.example.json"))
	assert.Equal(t, labMaster, td.read(t, "lab.example.zone"))

	// The reload the watcher makes of our own write changes nothing.
	_, err = td.Reload()
	require.NoError(t, err)
	assert.Equal(t, id, td.zoneID(t, "lab.example."))
	assert.Len(t, served(t, td, "lab.example.", "api.lab.example.", dns.TypeA), 2)

	_, err = td.ChangeResourceRecordSets(id, "", []zones.RecordChange{{Action: "DELETE", Set: aSet("api.lab.example", "192.0.2.10", "192.0.2.11")}})
	require.NoError(t, err)
	assert.Empty(t, served(t, td, "lab.example.", "api.lab.example.", dns.TypeA))
}

func TestMasterFileRecordChangeRefused(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	id := td.zoneID(t, "lab.example.")
	for _, action := range []string{"UPSERT", "DELETE", "CREATE"} {
		_, err := td.ChangeResourceRecordSets(id, "", []zones.RecordChange{{Action: action, Set: aSet("WWW.lab.example", "192.0.2.80")}})
		f := requireFault(t, err, "InvalidChangeBatch")
		require.Len(t, f.Messages, 1)
		assert.Contains(t, f.Messages[0], "is defined in the master file lab.example.zone (line 5); r53d does not rewrite master files: change it there", action)
	}
	assert.Equal(t, labMaster, td.read(t, "lab.example.zone"), "byte for byte")
	assert.NoFileExists(t, td.path+"/lab.example.json")
}

func TestFailedBatchChangesNothing(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	info, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "f.example", CallerReference: "f"})
	require.NoError(t, err)
	before := td.read(t, "f.example.json")
	gen := td.store.View().Generation()

	// Batch rules: the second change fails, so the first is not made.
	_, err = td.ChangeResourceRecordSets(info.ID, "", []zones.RecordChange{
		{Action: "CREATE", Set: aSet("ok.f.example", "192.0.2.1")},
		{Action: "DELETE", Set: aSet("missing.f.example", "192.0.2.2")},
	})
	requireFault(t, err, "InvalidChangeBatch")
	// Zone rules, from the loader: a CNAME beside an A record, reported
	// without file or line.
	_, err = td.ChangeResourceRecordSets(info.ID, "", []zones.RecordChange{
		{Action: "CREATE", Set: aSet("www.f.example", "192.0.2.1")},
		{Action: "CREATE", Set: zones.ResourceRecordSet{Name: "www.f.example", Type: "CNAME", TTL: ttl(60), ResourceRecords: []zones.ResourceRecord{{Value: "x.example."}}}},
	})
	f := requireFault(t, err, "InvalidChangeBatch")
	require.NotEmpty(t, f.Messages)
	assert.Equal(t, "["+f.Messages[0]+"]", f.Message)
	assert.NotContains(t, f.Message, "f.example.json")
	assert.NotContains(t, f.Message, "line")

	assert.Equal(t, before, td.read(t, "f.example.json"))
	assert.Same(t, gen, td.store.View().Generation(), "nothing published")
}

func TestChangeNamesMissingHealthCheck(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	set := aSet("w.lab.example", "192.0.2.1")
	set.SetIdentifier, set.Weight, set.HealthCheckID = "one", ttl(1), "0b0e5a36-0000-4000-8000-000000000000"
	_, err := td.ChangeResourceRecordSets(td.zoneID(t, "lab.example."), "", []zones.RecordChange{{Action: "CREATE", Set: set}})
	f := requireFault(t, err, "NoSuchHealthCheck")
	assert.Equal(t, "A health check with id 0b0e5a36-0000-4000-8000-000000000000 does not exist.", f.Message)
	_, err = td.ChangeResourceRecordSets("ZNOPE", "", []zones.RecordChange{{Action: "CREATE", Set: set}})
	requireFault(t, err, "NoSuchHostedZone")
}

func TestYAMLZoneFile(t *testing.T) {
	plain := "ResourceRecordSets:\n  - Name: y.example.\n    Type: SOA\n    TTL: 900\n    ResourceRecords:\n      - Value: ns.y.example. h.y.example. 1 2 3 4 5\n  - Name: y.example.\n    Type: NS\n    TTL: 900\n    ResourceRecords:\n      - Value: ns.y.example.\n"
	td := newTestDir(t, map[string]string{"y.example.yaml": plain, "c.example.yaml": "# hand written\n" + strings.Replace(plain, "y.example", "c.example", -1)})
	change := func(origin string) error {
		_, err := td.ChangeResourceRecordSets(td.zoneID(t, origin), "", []zones.RecordChange{{Action: "CREATE", Set: aSet("a."+origin, "192.0.2.1")}})
		return err
	}
	require.NoError(t, change("y.example."))
	text := td.read(t, "y.example.yaml")
	assert.Contains(t, text, "ResourceRecordSets:\n")
	assert.Contains(t, text, "- Name: a.y.example.\n")
	assert.NotContains(t, text, "{")
	_, err := td.Reload()
	require.NoError(t, err, "the YAML written loads")

	f := requireFault(t, change("c.example."), "InvalidInput")
	assert.Contains(t, f.Message, "c.example.yaml has comments")
	assert.True(t, strings.HasPrefix(td.read(t, "c.example.yaml"), "# hand written\n"))
}

func TestHandWrittenZoneGetsMetaOnFirstWrite(t *testing.T) {
	hand := `{"ResourceRecordSets": [
  {"Name": "hand.example.", "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": "ns.hand.example. h.hand.example. 1 2 3 4 5"}]},
  {"Name": "hand.example.", "Type": "NS", "TTL": 900, "ResourceRecords": [{"Value": "ns.hand.example."}]}
]}`
	td := newTestDir(t, map[string]string{"hand.example.json": hand})
	id := td.zoneID(t, "hand.example.")
	info, err := td.HostedZone(id)
	require.NoError(t, err)
	assert.Equal(t, []string{"ns.hand.example."}, info.NameServers, "its own apex NS")
	_, err = td.ChangeResourceRecordSets(id, "", []zones.RecordChange{{Action: "CREATE", Set: aSet("a.hand.example", "192.0.2.1")}})
	require.NoError(t, err)
	assert.Contains(t, td.read(t, "hand.example.json"), `"Id": "/hostedzone/`+id+`"`)
	assert.Equal(t, id, openTestDir(t, td.path).zoneID(t, "hand.example."), "the id it was served under, kept")
}

func TestWriteRefusedForFilesItCannotOwn(t *testing.T) {
	// lab.example.json holds another zone: the master file's zone may not
	// write its records there.
	other := `{"ResourceRecordSets": [
  {"Name": "other.example.", "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": "ns.other.example. h.other.example. 1 2 3 4 5"}]},
  {"Name": "other.example.", "Type": "NS", "TTL": 900, "ResourceRecords": [{"Value": "ns.other.example."}]}
]}`
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster, "lab.example.json": other})
	_, err := td.ChangeResourceRecordSets(td.zoneID(t, "lab.example."), "", []zones.RecordChange{{Action: "CREATE", Set: aSet("a.lab.example", "192.0.2.1")}})
	f := requireFault(t, err, "InvalidInput")
	assert.Contains(t, f.Message, "lab.example.json")
	assert.Equal(t, other, td.read(t, "lab.example.json"))
}

func TestBrokenZoneFileNamedInRefusal(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	info, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "b.example", CallerReference: "b"})
	require.NoError(t, err)
	td.write(t, "b.example.json", `{"ResourceRecordSets": [{"Name": "b.example.", "Wieght": 1}]}`)
	_, err = td.Reload()
	require.NoError(t, err)
	_, err = td.ChangeResourceRecordSets(info.ID, "", []zones.RecordChange{{Action: "CREATE", Set: aSet("a.b.example", "192.0.2.1")}})
	f := requireFault(t, err, "InvalidInput")
	assert.Contains(t, f.Message, "b.example.json does not load; fix it by hand first")
	assert.Contains(t, f.Message, "Wieght")
}

// A file the API rewrites keeps its mode: a zones repository shared by a
// group stays group-writable; a file the API creates is 0644.
func TestChangeBatchKeepsFileMode(t *testing.T) {
	td := newTestDir(t, nil)
	td.write(t, "lab.example.zone", labMaster)
	_, err := td.Reload()
	require.NoError(t, err)
	id := td.zoneID(t, "lab.example.")
	_, err = td.ChangeResourceRecordSets(id, "", []zones.RecordChange{{Action: "CREATE", Set: aSet("api.lab.example", "192.0.2.10")}})
	require.NoError(t, err)
	file := filepath.Join(td.path, "lab.example.json")
	info, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm(), "a new file")

	require.NoError(t, os.Chmod(file, 0o664))
	_, err = td.ChangeResourceRecordSets(id, "", []zones.RecordChange{{Action: "CREATE", Set: aSet("db.lab.example", "192.0.2.20")}})
	require.NoError(t, err)
	info, err = os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o664), info.Mode().Perm(), "a replaced file keeps its mode")
}
