package zones

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exportDir is the demo-like export of testdata: a record-set zone with
// every routing policy, its health checks and CIDR collection, and a
// zone of a master file and a record-set file.
func exportDir(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	entries, err := os.ReadDir("testdata/export")
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile("testdata/export/" + e.Name())
		require.NoError(t, err)
		fsys[e.Name()] = &fstest.MapFile{Data: data}
	}
	return fsys
}

var labMeta = ZoneMeta{ID: "Z0EXAMPLE12345", CallerReference: "tf-20261127-0001", Comment: "Managed by Terraform",
	Tags: []Tag{{Key: "team", Value: "dns"}, {Key: "env", Value: "lab"}}}

// TestRecordSetFileRoundTrip: what MarshalRecordSetsFile writes,
// ParseRecordSetsFile reads back as it was given (in listing order, names
// printed), and writing that again gives the same bytes.
func TestRecordSetFileRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/export/example.com.json")
	require.NoError(t, err)
	meta, sets, diags := ParseRecordSetsFile("example.com.json", data)
	require.Empty(t, diags)
	assert.Equal(t, ZoneMeta{}, meta)
	require.Len(t, sets, 21)

	out, err := MarshalRecordSetsFile("example.com.", labMeta, sets)
	require.NoError(t, err)
	meta2, sets2, diags := ParseRecordSetsFile("example.com.json", out)
	require.Empty(t, diags)
	assert.Equal(t, labMeta, meta2)
	want := make([]ResourceRecordSet, len(sets))
	for i, rs := range sets {
		want[i] = printedSet(rs)
	}
	SortRecordSets(want)
	assert.Equal(t, want, sets2)
	again, err := MarshalRecordSetsFile("example.com.", meta2, sets2)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again))
	// The input order does not matter: the file is in listing order.
	reversed := make([]ResourceRecordSet, len(sets))
	for i, rs := range sets {
		reversed[len(sets)-1-i] = rs
	}
	shuffled, err := MarshalRecordSetsFile("example.com.", labMeta, reversed)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(shuffled))
}

// TestMarshalledFileLoadsTheSameZone: the loader builds the same zone from
// a marshalled file as from the original, and keeps its metadata.
func TestMarshalledFileLoadsTheSameZone(t *testing.T) {
	fsys := exportDir(t)
	orig, diags := LoadDir(fsys, "")
	require.Empty(t, diags.Errors())
	_, sets, diags := ParseRecordSetsFile("example.com.json", fsys["example.com.json"].Data)
	require.Empty(t, diags)
	out, err := MarshalRecordSetsFile("example.com.", labMeta, sets)
	require.NoError(t, err)
	fsys["example.com.json"] = &fstest.MapFile{Data: out}
	again, diags := LoadDir(fsys, "")
	require.Empty(t, diags.Errors())

	a, b := zoneNamed(t, orig, "example.com."), zoneNamed(t, again, "example.com.")
	assert.Equal(t, ZoneMeta{}, a.Meta)
	assert.Equal(t, labMeta, b.Meta)
	assert.Equal(t, listing(a), listing(b))
	assert.Equal(t, a.Len(), b.Len())
	assert.Equal(t, a.Routed(), b.Routed())
}

// listing is a zone's record sets as text: key, static records, routed member.
func listing(z *Zone) []string {
	var out []string
	for _, s := range (&HostedZone{Zone: z}).recordSets() {
		line := fmt.Sprintf("%s %d %q %v", s.Name, s.Type, s.SetIdentifier, s.RRs)
		if s.Record != nil {
			r := *s.Record
			r.Alias = nil
			line += fmt.Sprintf(" %+v %+v", r, s.Record.Alias)
		}
		out = append(out, line)
	}
	return out
}

// TestMarshalShape pins the file's form: four-space indent, HostedZone
// first, no Tags member without tags, members in the model's order,
// names as Route 53 prints them.
func TestMarshalShape(t *testing.T) {
	ttl, w, eth := int64(60), int64(0), true
	sets := []ResourceRecordSet{
		{Name: "WWW.Lab.Example", Type: "a", SetIdentifier: "b", Weight: &w, TTL: &ttl, ResourceRecords: []ResourceRecord{{Value: "192.0.2.1"}}, HealthCheckID: "hc"},
		{Name: "*.lab.example.", Type: "TXT", TTL: &ttl, ResourceRecords: []ResourceRecord{{Value: `"a<b"`}}},
		{Name: "lab.example.", Type: "A", AliasTarget: &AliasTarget{HostedZoneID: "Z1", DNSName: "\\052.Lab.example", EvaluateTargetHealth: &eth}},
	}
	out, err := MarshalRecordSetsFile("Lab.Example", ZoneMeta{}, sets)
	require.NoError(t, err)
	want := `{
    "HostedZone": {
        "Name": "lab.example.",
        "Config": {
            "PrivateZone": false
        }
    },
    "ResourceRecordSets": [
        {
            "Name": "lab.example.",
            "Type": "A",
            "AliasTarget": {
                "HostedZoneId": "Z1",
                "DNSName": "\\052.lab.example.",
                "EvaluateTargetHealth": true
            }
        },
        {
            "Name": "\\052.lab.example.",
            "Type": "TXT",
            "TTL": 60,
            "ResourceRecords": [
                {
                    "Value": "\"a<b\""
                }
            ]
        },
        {
            "Name": "www.lab.example.",
            "Type": "A",
            "SetIdentifier": "b",
            "Weight": 0,
            "TTL": 60,
            "ResourceRecords": [
                {
                    "Value": "192.0.2.1"
                }
            ],
            "HealthCheckId": "hc"
        }
    ]
}
`
	assert.Equal(t, want, string(out))
	assert.Equal(t, "WWW.Lab.Example", sets[0].Name, "the caller's sets are not modified")
}

func TestMarshalRefusesWhatTheLoaderWould(t *testing.T) {
	_, err := MarshalRecordSetsFile("lab.example.", ZoneMeta{ID: "/hostedzone/Z1"}, nil)
	assert.ErrorContains(t, err, "not a hosted-zone id")
	_, err = MarshalRecordSetsFile("lab.example.", ZoneMeta{Tags: make([]Tag, 11)}, nil)
	assert.ErrorContains(t, err, "11 tags")
	out, err := MarshalRecordSetsFile("lab.example.", ZoneMeta{}, nil)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"ResourceRecordSets": []`, "no sets is an empty list, not null")
}

func TestPrintedName(t *testing.T) {
	for in, want := range map[string]string{
		"*.Lab.Example":      `\052.lab.example.`,
		`\052.lab.example.`:  `\052.lab.example.`,
		`\042.lab.example.`:  `\042.lab.example.`,
		`a\.b.lab.example.`:  `a\056b.lab.example.`,
		`a\032b.lab.example`: `a\032b.lab.example.`,
		"a b.lab.example":    `a\040b.lab.example.`,
		"_srv._tcp.x-y.":     "_srv._tcp.x-y.",
		".":                  ".",
	} {
		assert.Equal(t, want, PrintedName(in), in)
	}
}

// TestRecordSetFileMeta: the HostedZone and Tags members, checked and
// positioned.
func TestRecordSetFileMeta(t *testing.T) {
	sets := `"ResourceRecordSets": [
  {"Name": "lab.example.", "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": "ns1.lab.example. h.lab.example. 1 7200 900 1209600 86400"}]},
  {"Name": "lab.example.", "Type": "NS", "TTL": 900, "ResourceRecords": [{"Value": "ns1.lab.example."}]}
]`
	tags := func(n int) string {
		var ts []string
		for i := range n {
			ts = append(ts, fmt.Sprintf(`{"Key": "k%d", "Value": "v"}`, i))
		}
		return `"Tags": [` + strings.Join(ts, ", ") + "],\n"
	}
	tests := []struct {
		name, text string
		meta       ZoneMeta
		line       int
		rule, msg  string
	}{
		{name: "prefixed id", text: "{\"HostedZone\": {\"Id\": \"/hostedzone/Z0R53D1\", \"Name\": \"lab.example.\", \"CallerReference\": \"c\",\n \"Config\": {\"Comment\": \"hi\", \"PrivateZone\": false}, \"ResourceRecordSetCount\": 2},\n" + tags(2) + sets + "}",
			meta: ZoneMeta{ID: "Z0R53D1", CallerReference: "c", Comment: "hi", Tags: []Tag{{"k0", "v"}, {"k1", "v"}}}},
		{name: "bare id, name without dot", text: `{"HostedZone": {"Id": "Z0R53D1", "Name": "LAB.example"},` + sets + "}", meta: ZoneMeta{ID: "Z0R53D1"}},
		{name: "an id alone", text: `{"HostedZone": {"Id": "Z0R53D1"},` + sets + "}", meta: ZoneMeta{ID: "Z0R53D1"}},
		{name: "a bad name", text: "{\"HostedZone\": {\"Id\": \"Z1\",\n\"Name\": \"a..b\"},\n" + sets + "}",
			line: 2, rule: "hosted-zone", msg: "HostedZone.Name: "},
		{name: "other top-level members are ignored", text: `{"IsTruncated": false, "MaxItems": "100",` + sets + "}"},
		{name: "bad id", text: "{\"HostedZone\": {\n\"Id\": \"/hostedzone/z-1\", \"Name\": \"lab.example.\"},\n" + sets + "}",
			line: 2, rule: "hosted-zone", msg: `HostedZone.Id "/hostedzone/z-1" is not a hosted-zone id`},
		{name: "name of another zone", text: "{\"HostedZone\": {\"Id\": \"Z1\",\n\"Name\": \"other.example.\"},\n" + sets + "}",
			line: 2, rule: "hosted-zone", msg: "HostedZone.Name other.example. is not the zone the file holds, lab.example."},
		{name: "unknown member", text: "{\"HostedZone\": {\"Name\": \"lab.example.\",\n\"Config\": {\"Coment\": \"x\"}},\n" + sets + "}",
			line: 2, rule: "unknown-field", msg: `unknown field "HostedZone.Config.Coment"`},
		{name: "eleven tags", text: "{\n" + tags(11) + sets + "}", line: 2, rule: "tags", msg: "11 tags: Route 53 allows 10 per hosted zone"},
		{name: "tag given twice", text: "{\n\"Tags\": [{\"Key\": \"a\", \"Value\": \"1\"}, {\"Key\": \"a\", \"Value\": \"2\"}],\n" + sets + "}", line: 2, rule: "tags", msg: `tag "a" is given twice`},
		{name: "HostedZone not an object", text: `{"HostedZone": [],` + sets + "}", line: 1, rule: "format", msg: "HostedZone: expected an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meta, got, diags := ParseRecordSetsFile("lab.example.json", []byte(tt.text))
			require.Len(t, got, 2)
			if tt.rule == "" {
				require.Empty(t, diags)
				assert.Equal(t, tt.meta, meta)
				return
			}
			require.Len(t, diags, 1, "%v", diags)
			assert.Equal(t, "lab.example.json", diags[0].File)
			assert.Equal(t, tt.line, diags[0].Line)
			assert.Equal(t, tt.rule, diags[0].Rule)
			assert.Contains(t, diags[0].Message, tt.msg)
			// The loader says the same, and serves nothing of the zone.
			zs, ldiags := Load(fstest.MapFS{"lab.example.json": {Data: []byte(tt.text)}}, "")
			assert.Empty(t, zs)
			assert.Equal(t, diags, ldiags)
		})
	}
}

// TestZoneIDFromFile: a zone keeps the id its file gives across loads;
// two zones may not claim one id.
func TestZoneIDFromFile(t *testing.T) {
	file := func(origin, id string) []byte {
		return fmt.Appendf(nil, `{"HostedZone": {"Id": %q, "Name": %q}, "ResourceRecordSets": [
  {"Name": %[2]q, "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": "ns1.x. h.x. 1 7200 900 1209600 86400"}]},
  {"Name": %[2]q, "Type": "NS", "TTL": 900, "ResourceRecords": [{"Value": "ns1.x."}]}]}`, id, origin)
	}
	zs, diags := Load(fstest.MapFS{"a.test.json": {Data: file("a.test.", "/hostedzone/ZAAA")}, "b.test.zone": {Data: []byte(head)}}, "")
	require.Empty(t, diags)
	s := newStore(t, zs...)
	require.NoError(t, s.Read(func(tx *Txn) error {
		hz, ok := tx.ZoneByID("ZAAA")
		require.True(t, ok)
		assert.Equal(t, "a.test.", hz.Zone.Origin)
		assert.Equal(t, "ZAAA", hz.Zone.Meta.ID)
		_, ok = tx.ZoneByID(ZoneID("example.test."))
		assert.True(t, ok, "a zone without an id in its file gets the derived one")
		return nil
	}))

	// The id moves to another file: the zone that now claims it gets it.
	zs, diags = Load(fstest.MapFS{"a.test.json": {Data: file("a.test.", "")}, "c.test.json": {Data: file("c.test.", "ZAAA")}}, "")
	require.Empty(t, diags)
	require.NoError(t, s.Replace(zs))
	require.NoError(t, s.Read(func(tx *Txn) error {
		hz, ok := tx.ZoneByID("ZAAA")
		require.True(t, ok)
		assert.Equal(t, "c.test.", hz.Zone.Origin)
		a, ok := tx.Zone("a.test.")
		require.True(t, ok)
		assert.NotEqual(t, "ZAAA", a.ID)
		return nil
	}))

	// Two files, one id: the second zone is refused, where its id is written.
	zs, diags = Load(fstest.MapFS{"a.test.json": {Data: file("a.test.", "ZAAA")}, "c.test.json": {Data: file("c.test.", "ZAAA")}}, "")
	require.Len(t, zs, 1)
	require.Len(t, diags, 1)
	assert.Equal(t, "c.test.json", diags[0].File)
	assert.Contains(t, diags[0].Message, "hosted-zone id ZAAA is already the id of the zone in a.test.json")

	// ListHostedZones pages by id.
	require.NoError(t, s.Read(func(tx *Txn) error {
		all, next, err := tx.ZonesByID("", 0)
		require.NoError(t, err)
		assert.Empty(t, next)
		require.Len(t, all, 2)
		assert.Less(t, all[0].ID, all[1].ID)
		page, next, err := tx.ZonesByID("", 1)
		require.NoError(t, err)
		assert.Equal(t, []*HostedZone{all[0]}, page)
		assert.Equal(t, all[1].ID, next)
		page, next, err = tx.ZonesByID(next, 1)
		assert.Equal(t, []*HostedZone{all[1]}, page)
		assert.Empty(t, next)
		return err
	}))

	// The store refuses it too, whoever puts it.
	other := zoneOf(t, "d.test.", "")
	other.Meta.ID = "ZAAA"
	err := s.Update(func(tx *Txn) error { _, err := tx.PutZone(other); return err })
	require.ErrorContains(t, err, "hosted-zone id ZAAA is already the id of zone c.test.")
}

// TestHostedZoneInOneFile: a zone made of a master file and a record-set
// file takes its metadata from the record-set file; two record-set files
// of one zone may not both give it.
func TestHostedZoneInOneFile(t *testing.T) {
	meta := `{"HostedZone": {"Id": "Z0EXT", "Name": "example.test."}, "Tags": [{"Key": "k", "Value": "v"}], "ResourceRecordSets": [
  {"Name": "www.example.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}]}`
	zs, diags := Load(fstest.MapFS{"example.test.zone": {Data: []byte(head)}, "example.test.json": {Data: []byte(meta)}}, "")
	require.Empty(t, diags)
	require.Len(t, zs, 1)
	assert.Equal(t, ZoneMeta{ID: "Z0EXT", Tags: []Tag{{"k", "v"}}}, zs[0].Meta)

	yaml := "HostedZone: {Id: Z0OTHER}\nResourceRecordSets: []\n"
	zs, diags = Load(fstest.MapFS{"example.test.zone": {Data: []byte(head)}, "example.test.json": {Data: []byte(meta)}, "example.test.yaml": {Data: []byte(yaml)}}, "")
	assert.Empty(t, zs)
	require.Len(t, diags, 1)
	assert.Equal(t, "example.test.yaml", diags[0].File)
	assert.Equal(t, 1, diags[0].Line)
	assert.Equal(t, "zone example.test. already has its HostedZone in example.test.json; give it in one file", diags[0].Message)
}
