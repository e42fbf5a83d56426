package config

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadExport loads an export of two zones with health checks and CIDR
// collections beside them.
func TestLoadExport(t *testing.T) {
	gen, diags := LoadDir(os.DirFS("../zones/testdata/export"), "export")
	require.Empty(t, diags.Errors())
	require.Len(t, diags.Warnings(), 1, "the CloudFront alias is outside the zone")
	require.Len(t, gen.Zones, 2)
	assert.Len(t, gen.HealthChecks, 4)
	require.NotNil(t, gen.CIDR)
	require.Len(t, gen.CIDRCollections, 1)
	assert.Equal(t, "export/health-checks.json", gen.Side[zones.HealthChecks])
	assert.Empty(t, gen.Side[zones.LatencyTable])
	var org *zones.Zone
	for _, z := range gen.Zones {
		if z.Origin == "example.org." {
			org = z
		}
	}
	require.NotNil(t, org)
	assert.Equal(t, []string{"export/example.org.zone", "export/example.org.yaml"}, org.Files, "the .zone file and the YAML merge")
	assert.Equal(t, "export/example.org.zone", org.File, "the first of its files")
}

// TestRecordSetsCheckedAgainstSideFiles: a record set naming a health
// check or CIDR location that no side file defines is an error.
func TestRecordSetsCheckedAgainstSideFiles(t *testing.T) {
	rs := `{"ResourceRecordSets": [
{"Name": "rs.test.", "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": "ns1.rs.test. h.rs.test. 1 7200 900 1209600 60"}]},
{"Name": "rs.test.", "Type": "NS", "TTL": 900, "ResourceRecords": [{"Value": "ns1.rs.test."}]},
{"Name": "w.rs.test.", "Type": "A", "SetIdentifier": "a", "Weight": 1, "HealthCheckId": "hc1", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]},
{"Name": "i.rs.test.", "Type": "A", "SetIdentifier": "b", "CidrRoutingConfig": {"CollectionId": "col", "LocationName": "a"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}
]}`
	fsys := fstest.MapFS{"rs.test.json": {Data: []byte(rs)}}
	_, diags := LoadDir(fsys, "")
	assert.Len(t, diags.Errors(), 2, "%v", diags)

	fsys["health-checks.json"] = &fstest.MapFile{Data: []byte(`{"HealthChecks": [{"Id": "hc1", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.1", "Port": 1}}]}`)}
	fsys["cidr-collections.json"] = &fstest.MapFile{Data: []byte(`{"CidrCollections": [{"Id": "col", "Name": "c", "Locations": [{"LocationName": "a", "CidrList": ["11.0.0.0/16"]}]}]}`)}
	gen, diags := LoadDir(fsys, "")
	require.Empty(t, diags.Errors())
	assert.Len(t, gen.Zones, 1)
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestSideFileErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"health-checks.yaml": {Data: []byte(`HealthChecks:
  - Id: a
    HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: 70000}
  - Id: calc
    HealthCheckConfig: {Type: CALCULATED, HealthThreshold: 1, ChildHealthChecks: [a, missing]}
  - Id: str
    HealthCheckConfig:
      Type: HTTP_STR_MATCH
      IPAddress: 127.0.0.1
      RequestInterval: 60
`)},
		"cidr-collections.yaml": {Data: []byte("CidrCollections:\n  - Id: c\n    Name: n\n    Locations:\n      - {LocationName: a, CidrList: [11.0.0.0/25]}\n")},
		"latency.yaml":          {Data: []byte("- cidr: 11.0.0.0/8\n  regions: {nowhere-1: 5}\n")},
	}
	_, diags := LoadDir(fsys, "")
	var got []string
	for _, d := range diags {
		got = append(got, d.File+":"+itoa(d.Line)+" "+d.Rule)
	}
	assert.Subset(t, got, []string{
		"health-checks.yaml:3 health-check",  // port
		"health-checks.yaml:5 health-check",  // missing child
		"health-checks.yaml:8 health-check",  // SearchString required
		"health-checks.yaml:10 health-check", // interval
		"cidr-collections.yaml:2 cidr",       // /25 is longer than Route 53 allows
		"latency.yaml:2 latency",
	}, strings.Join(got, "\n"))
}

func TestSideFileQuotas(t *testing.T) {
	var blocks []string
	for i := range 1001 {
		blocks = append(blocks, "10."+strconv.Itoa(i/256)+"."+strconv.Itoa(i%256)+".0/24")
	}
	var checks []string
	for i := range 201 {
		checks = append(checks, `{"Id": "c`+strconv.Itoa(i)+`", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.1", "Port": 1}}`)
	}
	fsys := fstest.MapFS{
		"cidr-collections.json": {Data: []byte(`{"CidrCollections": [{"Id": "big", "Name": "b", "Locations": [{"LocationName": "a", "CidrList": ["` + strings.Join(blocks, `","`) + `"]}]}]}`)},
		"health-checks.json":    {Data: []byte(`{"HealthChecks": [` + strings.Join(checks, ",") + `]}`)},
	}
	_, diags := LoadDir(fsys, "")
	var got []string
	for _, d := range diags {
		got = append(got, d.File+" "+d.Rule+" "+strconv.FormatBool(d.Warning))
	}
	assert.ElementsMatch(t, []string{"cidr-collections.json cidr false", "health-checks.json quota true"}, got, "%v", diags)
}

// TestLatencySyntaxErrorPositioned: a YAML syntax error in the latency
// table names its line, like one in any other YAML file.
func TestLatencySyntaxErrorPositioned(t *testing.T) {
	_, diags := LoadDir(fstest.MapFS{"latency.yaml": {Data: []byte("- cidr: 11.3.0.0/16\n  regions: {us-east-1: 12\n")}}, "d")
	require.Len(t, diags, 1)
	assert.Equal(t, "d/latency.yaml", diags[0].File)
	assert.Equal(t, "syntax", diags[0].Rule)
	assert.Positive(t, diags[0].Line, diags[0].Error())
	assert.NotContains(t, diags[0].Message, "d/latency.yaml", "the file is named once, by the position")
}

// TestSideFileSyntaxPositioned: side files are read like record-set files:
// a .json file is strict JSON, and a syntax error is the only error of its
// file, placed where the text goes wrong.
func TestSideFileSyntaxPositioned(t *testing.T) {
	tests := []struct {
		name, file, text string
		line, col        int
	}{
		{"JSON trailing comma", "health-checks.json",
			"{\"HealthChecks\": [\n  {\"Id\": \"a\", \"HealthCheckConfig\": {\"Type\": \"TCP\", \"IPAddress\": \"127.0.0.1\", \"Port\": 1}},\n]}\n", 3, 1},
		{"JSON missing comma", "cidr-collections.json",
			"{\"CidrCollections\": [\n  {\"Id\": \"c\", \"Name\": \"n\"}\n  {\"Id\": \"d\"}\n]}\n", 3, 3},
		{"YAML key indented too far", "cidr-collections.yaml",
			"CidrCollections:\n  - Id: c\n    Name: n\n    Locations:\n      - LocationName: a\n        CidrList: [11.0.0.0/24]\n\n   Extra: x\n", 8, 4},
		{"latency JSON trailing comma", "latency.json",
			"[\n  {\"cidr\": \"11.3.0.0/16\", \"regions\": {\"us-east-1\": 12}},\n]\n", 3, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"lab.test.zone": {Data: []byte(labZone)}, tc.file: {Data: []byte(tc.text)}}
			gen, diags := LoadDir(fsys, "d")
			require.Len(t, diags, 1, "only the syntax error: %v", diags)
			d := diags[0]
			assert.Equal(t, "d/"+tc.file, d.File)
			assert.Equal(t, "syntax", d.Rule)
			assert.Equal(t, tc.line, d.Line, d.Error())
			assert.Equal(t, tc.col, d.Col, d.Error())
			assert.Len(t, gen.Zones, 1, "the zone refers to none of them")
		})
	}
}

// TestLoadDirLimits: the bound on what master files expand to is the
// caller's, and the default admits what a smaller one refuses.
func TestLoadDirLimits(t *testing.T) {
	fsys := fstest.MapFS{"lab.test.zone": {Data: []byte(labZone + "$GENERATE 1-2000 h$ A 192.0.2.1\n")}}
	gen, diags := LoadDir(fsys, "", WithLimits(zones.Limits{RecordsPerZone: 1000}))
	require.Len(t, diags.Errors(), 1, "%v", diags)
	assert.Equal(t, "limit", diags[0].Rule)
	assert.Empty(t, gen.Zones)
	require.Len(t, gen.Failed, 1)
	assert.Equal(t, "lab.test.", gen.Failed[0].Origin)

	gen, diags = LoadDir(fsys, "")
	require.Empty(t, diags.Errors())
	require.Len(t, gen.Zones, 1)
	assert.Equal(t, 3+2000, gen.Zones[0].Len())
}

// TestCIDRCollectionsAsAWSPrintsThem: a collection may carry what
// list-cidr-collections (Arn, Version), list-cidr-locations (CidrLocations)
// and list-cidr-blocks (CidrBlocks) print, beside or instead of Locations.
func TestCIDRCollectionsAsAWSPrintsThem(t *testing.T) {
	fsys := fstest.MapFS{"cidr-collections.json": {Data: []byte(`{"CidrCollections": [{
  "Arn": "arn:aws:route53:::cidrcollection/c1", "Id": "c1", "Name": "offices", "Version": 3,
  "Locations": [{"LocationName": "hq", "CidrList": ["11.0.0.0/16"]}],
  "CidrLocations": [{"LocationName": "hq"}, {"LocationName": "lab"}, {"LocationName": "empty"}],
  "CidrBlocks": [{"CidrBlock": "11.1.0.0/16", "LocationName": "hq"}, {"CidrBlock": "2001:db8::/48", "LocationName": "lab"}]
}]}`)}}
	gen, diags := LoadDir(fsys, "")
	require.Empty(t, diags.Errors(), "%v", diags)
	require.Len(t, gen.CIDRCollections, 1)
	locs := gen.CIDRCollections[0].Locations
	require.Len(t, locs, 3)
	assert.Equal(t, "hq", locs[0].Name)
	assert.Len(t, locs[0].Blocks, 2, "Locations and CidrBlocks of one location merge")
	assert.Equal(t, "lab", locs[1].Name)
	assert.Len(t, locs[1].Blocks, 1)
	assert.Equal(t, "empty", locs[2].Name)
	assert.Empty(t, locs[2].Blocks)

	fsys["cidr-collections.json"] = &fstest.MapFile{Data: []byte(`{"CidrCollections": [{"Id": "c1", "Name": "x",
  "CidrBlocks": [{"CidrBlock": "11.1.0.0/33", "LocationName": "hq"}]}]}`)}
	_, diags = LoadDir(fsys, "")
	require.Len(t, diags.Errors(), 1)
	assert.Contains(t, diags.Errors()[0].Message, `"11.1.0.0/33" is not a CIDR block`)
}

// A block in two locations is reported once, naming the collection once.
func TestCIDRBlockInTwoLocations(t *testing.T) {
	_, diags := LoadDir(fstest.MapFS{"cidr-collections.yaml": {Data: []byte(
		"CidrCollections:\n  - Id: c1\n    Name: isp\n    Locations:\n      - {LocationName: a, CidrList: [192.0.2.0/24]}\n      - {LocationName: b, CidrList: [192.0.2.0/24]}\n")}}, "d")
	errs := diags.Errors()
	require.Len(t, errs, 1, "%v", diags)
	assert.Equal(t, "cidr collection c1: block 192.0.2.0/24 is in locations a and b", errs[0].Message)
	assert.Equal(t, "d/cidr-collections.yaml", errs[0].File)
}
