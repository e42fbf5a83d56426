package config

import (
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreateHostedZoneWritesFileAndServes(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	info, change, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "New.Example.", CallerReference: "ref-1", Comment: "made by a test"})
	require.NoError(t, err)
	assert.Regexp(t, `^Z[A-Z0-9]{20}$`, info.ID)
	assert.Equal(t, "new.example.", info.Name)
	assert.Equal(t, "ref-1", info.CallerReference)
	assert.Equal(t, "made by a test", info.Comment)
	assert.Equal(t, 2, info.RecordSetCount)
	assert.Equal(t, DefaultNameServers(), info.NameServers)
	assert.Regexp(t, `^C[A-Z0-9]{20}$`, change.ID)
	assert.Equal(t, zones.ChangeInSync, change.Status)

	want, err := zones.MarshalRecordSetsFile("new.example.", zones.ZoneMeta{ID: info.ID, CallerReference: "ref-1", Comment: "made by a test"}, td.apexSets("new.example."))
	require.NoError(t, err)
	assert.Equal(t, string(want), td.read(t, "new.example.json"))
	t.Log(string(want))

	z, ok := td.store.View().Zone("new.example.")
	require.True(t, ok, "served when the call returns")
	assert.Equal(t, "ns1.r53d.test. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400", z.SOA.String()[len(z.SOA.Header().String()):])
	assert.Equal(t, uint32(900), z.SOA.Hdr.Ttl)
	n, _ := z.Node("new.example.")
	ns := n.RRset(dns.TypeNS)
	require.Len(t, ns, 4)
	assert.Equal(t, uint32(172800), ns[0].Header().Ttl)
	assert.Equal(t, info.ID, td.zoneID(t, "new.example."))

	got, err := td.Change(change.ID)
	require.NoError(t, err)
	assert.Equal(t, zones.ChangeInSync, got.Status)
}

func TestCreateHostedZoneRefusals(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	_, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "a.example", CallerReference: "ref"})
	require.NoError(t, err)

	// A CallerReference is used once, even with the same arguments.
	_, _, err = td.CreateHostedZone(zones.CreateZoneInput{Name: "a.example", CallerReference: "ref"})
	requireFault(t, err, "HostedZoneAlreadyExists")
	_, _, err = td.CreateHostedZone(zones.CreateZoneInput{Name: "b.example", CallerReference: "ref"})
	requireFault(t, err, "HostedZoneAlreadyExists")

	// One zone per name, wherever it is defined.
	f := requireFault(t, func() error {
		_, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "lab.example", CallerReference: "ref-2"})
		return err
	}(), "ConflictingDomainExists")
	assert.Contains(t, f.Message, "lab.example.zone")

	for _, name := range []string{"example", "bad name.example", "a..example", "slash/x.example"} {
		_, _, err = td.CreateHostedZone(zones.CreateZoneInput{Name: name, CallerReference: "ref-" + name})
		requireFault(t, err, "InvalidDomainName")
	}
	f = requireFault(t, func() error {
		_, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "p.example", CallerReference: "p", PrivateZone: true})
		return err
	}(), "InvalidInput")
	assert.Contains(t, f.Message, "private")
	f = requireFault(t, func() error {
		_, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "p.example", CallerReference: "p", DelegationSetID: "N1"})
		return err
	}(), "InvalidInput")
	assert.Contains(t, f.Message, "DelegationSetId")
	assert.NoFileExists(t, td.path+"/p.example.json")
}

func TestZoneIDSurvivesRestart(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	info, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "keep.example", CallerReference: "r"})
	require.NoError(t, err)
	again := openTestDir(t, td.path)
	got, err := again.HostedZone(info.ID)
	require.NoError(t, err)
	assert.Equal(t, "keep.example.", got.Name)
	assert.Equal(t, "r", got.CallerReference)
}

func TestListHostedZones(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	for _, name := range []string{"b.example", "a.example", "x.a.example", "c.test"} {
		_, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: name, CallerReference: name})
		require.NoError(t, err)
	}
	// Route 53's order: by name with its labels reversed.
	want := []string{"a.example.", "x.a.example.", "b.example.", "lab.example.", "c.test."}
	var got []string
	marker := ""
	for {
		page, next, err := td.HostedZones(marker, 2)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page), 2)
		for _, z := range page {
			got = append(got, z.Name)
		}
		if next == "" {
			break
		}
		assert.Equal(t, td.zoneID(t, want[len(got)]), next, "the next marker is the next page's first zone")
		marker = next
	}
	assert.Equal(t, want, got)
	n, err := td.HostedZoneCount()
	require.NoError(t, err)
	assert.Equal(t, 5, n)
	_, _, err = td.HostedZones("ZNOPE", 2)
	requireFault(t, err, "NoSuchHostedZone")

	// By name: a start position, not a filter.
	page, nextName, nextID, err := td.HostedZonesByName("b.example", "", 2)
	require.NoError(t, err)
	require.Len(t, page, 2)
	assert.Equal(t, "b.example.", page[0].Name)
	assert.Equal(t, "lab.example.", page[1].Name)
	assert.Equal(t, "c.test.", nextName)
	assert.Equal(t, td.zoneID(t, "c.test."), nextID)
	page, _, _, err = td.HostedZonesByName("aa.example", "", 1)
	require.NoError(t, err)
	assert.Equal(t, "b.example.", page[0].Name, "the first zone after the name")
	page, nextName, _, err = td.HostedZonesByName("", "", 0)
	require.NoError(t, err)
	assert.Len(t, page, 5)
	assert.Empty(t, nextName)
	_, _, _, err = td.HostedZonesByName("", "Z1", 1)
	requireFault(t, err, "InvalidInput")
}

func TestUpdateHostedZoneComment(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	info, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "c.example", CallerReference: "c", Comment: "old"})
	require.NoError(t, err)
	got, err := td.UpdateHostedZoneComment(info.ID, "new")
	require.NoError(t, err)
	assert.Equal(t, "new", got.Comment)
	assert.Contains(t, td.read(t, "c.example.json"), `"Comment": "new"`)
	_, err = td.UpdateHostedZoneComment("ZNOPE", "x")
	f := requireFault(t, err, "NoSuchHostedZone")
	assert.Equal(t, "No hosted zone found with ID: ZNOPE", f.Message)
}

func TestDeleteHostedZone(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	info, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "d.example", CallerReference: "d"})
	require.NoError(t, err)
	_, err = td.ChangeResourceRecordSets(info.ID, "", []zones.RecordChange{{Action: "CREATE", Set: aSet("www.d.example", "192.0.2.1")}})
	require.NoError(t, err)
	f := requireFault(t, func() error { _, err := td.DeleteHostedZone(info.ID); return err }(), "HostedZoneNotEmpty")
	assert.Equal(t, "The specified hosted zone contains non-required resource record sets and so cannot be deleted.", f.Message)

	_, err = td.ChangeResourceRecordSets(info.ID, "", []zones.RecordChange{{Action: "DELETE", Set: aSet("www.d.example", "192.0.2.1")}})
	require.NoError(t, err)
	change, err := td.DeleteHostedZone(info.ID)
	require.NoError(t, err)
	assert.NoFileExists(t, td.path+"/d.example.json")
	_, ok := td.store.View().Zone("d.example.")
	assert.False(t, ok)
	got, err := td.Change(change.ID)
	require.NoError(t, err, "the deletion's change stays resolvable")
	assert.Equal(t, zones.ChangeInSync, got.Status)
	_, err = td.DeleteHostedZone(info.ID)
	requireFault(t, err, "NoSuchHostedZone")

	// A zone of a master file is the user's to remove.
	f = requireFault(t, func() error { _, err := td.DeleteHostedZone(td.zoneID(t, "lab.example.")); return err }(), "InvalidInput")
	assert.Contains(t, f.Message, "lab.example.zone")
	_, err = td.Change("CNOPE")
	requireFault(t, err, "NoSuchChange")
}

func TestEmptyDirectoryGetsFirstZone(t *testing.T) {
	path := t.TempDir()
	store, err := zones.NewStore()
	require.NoError(t, err)
	strict, err := NewDir(path, store, DirOptions{})
	require.NoError(t, err)
	_, err = strict.Reload()
	require.ErrorContains(t, err, "no zones to serve", "as the Reloader, unless empty is allowed")

	d, err := NewDir(path, store, DirOptions{AllowEmpty: true})
	require.NoError(t, err)
	_, err = d.Reload()
	require.NoError(t, err)
	info, _, err := d.CreateHostedZone(zones.CreateZoneInput{Name: "first.example", CallerReference: "first"})
	require.NoError(t, err)
	_, ok := store.View().Zone("first.example.")
	assert.True(t, ok)
	_, err = d.Reload()
	require.NoError(t, err)
	assert.Equal(t, info.ID, func() string { i, _ := d.HostedZone(info.ID); return i.ID }())
}
