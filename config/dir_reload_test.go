package config

import (
	"fmt"
	"sync"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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

func TestReloadAfterOwnWriteIsNoOp(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	_, err := td.ChangeResourceRecordSets(td.zoneID(t, "lab.example."), "", []zones.RecordChange{{Action: "CREATE", Set: aSet("a.lab.example", "192.0.2.1")}})
	require.NoError(t, err)
	gen := td.store.View().Generation()
	_, err = td.Reload()
	require.NoError(t, err)
	assert.Same(t, gen, td.store.View().Generation(), "the files are as written: nothing to load")

	td.write(t, "lab.example.zone", labMaster+"b A 192.0.2.2\n")
	_, err = td.Reload()
	require.NoError(t, err)
	assert.NotSame(t, gen, td.store.View().Generation(), "a hand edit is loaded")
	assert.Len(t, served(t, td, "lab.example.", "b.lab.example.", dns.TypeA), 1)
	gen = td.store.View().Generation()
	td.write(t, "other.example.json", `{"ResourceRecordSets": []}`)
	res, err := td.Reload()
	require.NoError(t, err)
	assert.Error(t, res.Err(), "a new file is loaded")
	_, err = td.Reload()
	require.NoError(t, err)
	assert.NotSame(t, gen, td.store.View().Generation(), "a load with errors is not skipped")
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
