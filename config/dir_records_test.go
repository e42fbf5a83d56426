package config

import (
	"fmt"
	"strings"
	"sync"
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

func TestHandEditRefusesWriteUntilReload(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	info, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "h.example", CallerReference: "h"})
	require.NoError(t, err)
	edited := td.read(t, "h.example.json")
	td.write(t, "h.example.json", edited+"\n")

	change := []zones.RecordChange{{Action: "CREATE", Set: aSet("a.h.example", "192.0.2.1")}}
	_, err = td.ChangeResourceRecordSets(info.ID, "", change)
	f := requireFault(t, err, "PriorRequestNotComplete")
	assert.Equal(t, "h.example.json changed on disk since r53d loaded it; it will be reloaded, then retry", f.Message)
	assert.Equal(t, edited+"\n", td.read(t, "h.example.json"), "the hand edit is kept")

	// The master file of another zone is edited: its zone's writes fail.
	td.write(t, "lab.example.zone", labMaster+"new A 192.0.2.9\n")
	_, err = td.ChangeResourceRecordSets(td.zoneID(t, "lab.example."), "", change)
	requireFault(t, err, "PriorRequestNotComplete")

	// A file appearing where the API would write is a change too.
	td.write(t, "n.example.json", "{}")
	_, _, err = td.CreateHostedZone(zones.CreateZoneInput{Name: "n.example", CallerReference: "n"})
	requireFault(t, err, "PriorRequestNotComplete")

	res, err := td.Reload()
	require.NoError(t, err)
	require.Error(t, res.Err(), "n.example.json is not a zone")
	td.write(t, "n.example.json", "")
	require.NoError(t, removeFile(td.path, "n.example.json"))
	_, err = td.Reload()
	require.NoError(t, err)
	_, err = td.ChangeResourceRecordSets(info.ID, "", change)
	require.NoError(t, err)
	assert.Len(t, served(t, td, "h.example.", "a.h.example.", dns.TypeA), 1)
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

func TestResourceRecordSetsPages(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	id := td.zoneID(t, "lab.example.")
	w := func(setID string, weight int64) zones.ResourceRecordSet {
		s := aSet("api.lab.example", "192.0.2."+setID[:1])
		s.SetIdentifier, s.Weight = setID, &weight
		return s
	}
	_, err := td.ChangeResourceRecordSets(id, "", []zones.RecordChange{
		{Action: "CREATE", Set: w("2green", 10)}, {Action: "CREATE", Set: w("1blue", 90)},
		{Action: "CREATE", Set: zones.ResourceRecordSet{Name: "*.lab.example", Type: "TXT", TTL: ttl(60), ResourceRecords: []zones.ResourceRecord{{Value: `"wild"`}}}},
	})
	require.NoError(t, err)

	var keys []string
	from := zones.RecordSetStart{}
	for {
		page, next, err := td.ResourceRecordSets(id, from, 2)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page), 2)
		for _, s := range page {
			keys = append(keys, s.Name+" "+s.Type+" "+s.SetIdentifier)
		}
		if next == nil {
			break
		}
		from = *next
	}
	assert.Equal(t, []string{
		"lab.example. NS ", "lab.example. SOA ", `\052.lab.example. TXT `,
		"api.lab.example. A 1blue", "api.lab.example. A 2green", "ns1.lab.example. A ", "www.lab.example. A ",
	}, keys)

	// Start positions, not filters: a name alone starts at its first type.
	page, next, err := td.ResourceRecordSets(id, zones.RecordSetStart{Name: "api.lab.example"}, 1)
	require.NoError(t, err)
	assert.Equal(t, "1blue", page[0].SetIdentifier)
	assert.Equal(t, &zones.RecordSetStart{Name: "api.lab.example.", Type: "A", Identifier: "2green"}, next)
	page, _, err = td.ResourceRecordSets(id, zones.RecordSetStart{Name: "b.lab.example", Type: "A"}, 1)
	require.NoError(t, err)
	assert.Equal(t, "ns1.lab.example.", page[0].Name)
	page, _, err = td.ResourceRecordSets(id, zones.RecordSetStart{Name: "lab.example.", Type: "SOA"}, 0)
	require.NoError(t, err)
	assert.Len(t, page, 6, "the default page holds the rest")

	_, _, err = td.ResourceRecordSets(id, zones.RecordSetStart{Type: "A"}, 1)
	requireFault(t, err, "InvalidInput")
	_, _, err = td.ResourceRecordSets("ZNOPE", zones.RecordSetStart{}, 1)
	requireFault(t, err, "NoSuchHostedZone")
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

func TestConcurrentWritesAndReloads(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	info, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "c.example", CallerReference: "c"})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				set := aSet(fmt.Sprintf("w%d-%d.c.example", w, i), "192.0.2.1")
				_, err := td.ChangeResourceRecordSets(info.ID, "", []zones.RecordChange{{Action: "CREATE", Set: set}})
				assert.NoError(t, err)
				_, _, err = td.ResourceRecordSets(info.ID, zones.RecordSetStart{}, 5)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 5 {
			_, err := td.Reload()
			assert.NoError(t, err)
		}
	}()
	wg.Wait()
	info, err = td.HostedZone(info.ID)
	require.NoError(t, err)
	assert.Equal(t, 32, info.RecordSetCount, "every write kept")
}
