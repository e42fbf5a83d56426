package config

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A record-set file written by hand with two-space indentation (as jq
// writes it) keeps it when the API changes the zone: git diff shows the
// new record set, not every line of the file re-indented.
func TestChangeBatchKeepsTheFilesIndentation(t *testing.T) {
	td := newTestDir(t, nil)
	four, err := zones.MarshalRecordSetsFile("lab.example.", zones.ZoneMeta{ID: "ZLABEXAMPLE00001"}, []zones.ResourceRecordSet{
		rrSet("lab.example.", "SOA", "ns1.lab.example. admin.lab.example. 1 7200 900 1209600 86400"),
		rrSet("lab.example.", "NS", "ns1.lab.example."), aSet("ns1.lab.example.", "192.0.2.1"), aSet("www.lab.example.", "192.0.2.2")})
	require.NoError(t, err)
	var two bytes.Buffer
	require.NoError(t, json.Indent(&two, four, "", "  "))
	td.write(t, "lab.example.json", two.String())
	_, err = td.Reload()
	require.NoError(t, err)

	_, err = td.ChangeResourceRecordSets("ZLABEXAMPLE00001", "", []zones.RecordChange{{Action: "CREATE", Set: aSet("zz.lab.example.", "192.0.2.3")}})
	require.NoError(t, err)
	got := td.read(t, "lab.example.json")
	assert.True(t, strings.HasPrefix(got, two.String()[:strings.LastIndex(two.String(), "\n    }\n  ]")]), "the lines before the new set are unchanged:\n%s", got)
	assert.Contains(t, got, "\n    {\n      \"Name\": \"zz.lab.example.\",\n")
	assert.Contains(t, got, "\n  \"ResourceRecordSets\": [\n")
}

func rrSet(name, rrtype, value string) zones.ResourceRecordSet {
	rs := aSet(name, value)
	rs.Type = rrtype
	return rs
}

func TestJSONIndentOf(t *testing.T) {
	assert.Equal(t, "  ", jsonIndentOf([]byte("{\n  \"a\": 1\n}\n")))
	assert.Equal(t, "\t", jsonIndentOf([]byte("{\n\t\"a\": [\n\t\t1\n\t]\n}\n")))
	assert.Equal(t, "", jsonIndentOf([]byte(`{"a":1}`)))
	assert.Equal(t, "    ", jsonIndentOf([]byte("{\n\n    \"a\": 1\n}")))
}
