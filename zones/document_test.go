package zones

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// TestDocumentSyntaxErrors: a syntax error in a record-set file is placed
// where the text goes wrong, and is the only error of its zone.
func TestDocumentSyntaxErrors(t *testing.T) {
	const yamlHead = "ResourceRecordSets:\n  - Name: rs.test.\n    Type: NS\n    TTL: 60\n    ResourceRecords:\n      - Value: ns1.rs.test.\n  - Name: a.rs.test.\n"
	tests := []struct {
		name, file, text string
		line, col        int
		msg              string
	}{
		{name: "YAML key indented too little", file: "rs.test.yaml", text: yamlHead + "   Type: A\n    TTL: 60\n",
			line: 8, col: 4, msg: "did not find expected '-' indicator"},
		{name: "YAML key indented too much", file: "rs.test.yaml", text: yamlHead + "      Type: A\n",
			line: 8, col: 7, msg: "mapping values are not allowed"},
		{name: "YAML unterminated quote", file: "rs.test.yml", text: yamlHead + "    Type: \"A\n    TTL: 60\n",
			line: 8, col: 5, msg: "unexpected end of stream"},
		{name: "JSON missing comma", file: "rs.test.json",
			text: "{\"ResourceRecordSets\": [\n  {\"Name\": \"a.rs.test.\",\n   \"Type\": \"A\"\n   \"TTL\": 60}\n]}\n",
			line: 4, col: 4, msg: "after object key:value pair"},
		{name: "JSON trailing comma", file: "rs.test.json",
			text: "{\"ResourceRecordSets\": [\n  {\"Name\": \"a.rs.test.\", \"Type\": \"A\", \"TTL\": 60},\n]}\n",
			line: 3, col: 1, msg: "looking for beginning of value"},
		{name: "JSON cut short", file: "rs.test.json", text: "{\"ResourceRecordSets\": [\n",
			line: 2, col: 1, msg: "unexpected end of JSON input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{tc.file: {Data: []byte(tc.text)}}
			zs, failed, diags := LoadZones(fsys, "z", nil, []string{tc.file}, Refs{}, DefaultLimits())
			require.Len(t, diags, 1, "only the syntax error: %v", diags)
			d := diags[0]
			assert.Equal(t, "z/"+tc.file, d.File)
			assert.Equal(t, "syntax", d.Rule)
			assert.Equal(t, tc.line, d.Line, d.Error())
			assert.Equal(t, tc.col, d.Col, d.Error())
			assert.Contains(t, d.Message, tc.msg)
			assert.Empty(t, zs)
			require.Len(t, failed, 1, "kept for keep-last-good")
			assert.Equal(t, "rs.test.", failed[0].Origin)
		})
	}
}

// TestYAMLAcceptsWhatJSONRefuses: the trailing comma is YAML flow syntax,
// so the same text loads from a .yaml file.
func TestYAMLAcceptsWhatJSONRefuses(t *testing.T) {
	text := recordSets(`{"Name": "a.rs.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]},`)
	_, diags := LoadDir(fstest.MapFS{"rs.test.json": {Data: []byte(text)}}, "")
	require.Len(t, diags, 1)
	assert.Equal(t, "syntax", diags[0].Rule)
	zs, diags := Load(fstest.MapFS{"rs.test.yaml": {Data: []byte(text)}}, "")
	require.Empty(t, diags)
	require.Len(t, zs, 1)
}

func TestMappingValue(t *testing.T) {
	root, syntax := ParseDocument("x.json", []byte(`{"HealthChecks": [1], "Other": {}}`))
	require.Nil(t, syntax)
	v := MappingValue(root, "HealthChecks")
	require.NotNil(t, v)
	assert.Equal(t, yaml.SequenceNode, v.Kind)
	assert.Nil(t, MappingValue(root, "healthchecks"), "keys are case-sensitive")
	assert.Nil(t, MappingValue(v, "HealthChecks"), "a list is no mapping")
	assert.Nil(t, MappingValue(nil, "HealthChecks"))
}
