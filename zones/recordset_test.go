package zones

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExportLoadsUnchanged(t *testing.T) {
	gen, diags := LoadDir(os.DirFS("testdata/export"), "export")
	require.Empty(t, diags.Errors())
	require.Len(t, diags.Warnings(), 1, "the CloudFront alias is outside the zone")
	assert.Contains(t, diags[0].Message, "cloudfront.net.")
	require.Len(t, gen.Zones, 2)
	assert.Len(t, gen.HealthChecks, 4)
	require.NotNil(t, gen.CIDR)

	com := zoneNamed(t, gen, "example.com.")
	wild, ok := com.Node("*.example.com.")
	require.True(t, ok, `\052 is the wildcard`)
	assert.NotNil(t, wild.RRset(dns.TypeA))

	kinds := map[string]policy.Kind{"api": policy.Weighted, "app": policy.Latency, "geo": policy.Geolocation,
		"ipb": policy.IPBased, "near": policy.Geoproximity, "pool": policy.Multivalue, "www": policy.Failover, "cdn": policy.Simple}
	for label, kind := range kinds {
		set, ok := com.Lookup(label+".example.com.", dns.TypeA)
		require.True(t, ok, label)
		assert.Equal(t, kind, set.Kind, label)
	}
	api, _ := com.Lookup("api.example.com.", dns.TypeA)
	assert.Equal(t, 90, api.Records[0].Weight)
	assert.Len(t, api.Records[0].RRs, 2)
	near, _ := com.Lookup("near.example.com.", dns.TypeA)
	assert.InDelta(t, 47.61, near.Records[0].Proximity.Latitude, 1e-9)
	assert.Equal(t, 25, near.Records[0].Proximity.Bias)
	www, _ := com.Lookup("www.example.com.", dns.TypeA)
	assert.Equal(t, "api.example.com.", www.Records[0].Alias.Target)
	aaaa, _ := com.Node("www.example.com.")
	assert.NotNil(t, aaaa.RRset(dns.TypeAAAA), "a simple record beside a routed group of another type")

	org := zoneNamed(t, gen, "example.org.")
	n, ok := org.Node("example.org.")
	require.True(t, ok)
	assert.NotNil(t, n.RRset(dns.TypeMX), "the .zone file and the YAML merge")
	assert.NotNil(t, n.RRset(dns.TypeSOA))
}

func zoneNamed(t *testing.T, gen *Generation, origin string) *Zone {
	t.Helper()
	for _, z := range gen.Zones {
		if z.Origin == origin {
			return z
		}
	}
	t.Fatalf("no zone %s", origin)
	return nil
}

// recordSets wraps record sets (JSON objects, one per line so the n-th
// starts on line n+2) in an export of zone rs.test with its SOA and NS.
func recordSets(items ...string) string {
	all := append([]string{
		`{"Name": "rs.test.", "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": "ns1.rs.test. h.rs.test. 1 7200 900 1209600 60"}]}`,
		`{"Name": "rs.test.", "Type": "NS", "TTL": 900, "ResourceRecords": [{"Value": "ns1.rs.test."}]}`,
	}, items...)
	return "{\"ResourceRecordSets\": [\n" + strings.Join(all, ",\n") + "\n]}\n"
}

const hcFile = `{"HealthChecks": [
 {"Id": "hc1", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.1", "Port": 1}},
 {"Id": "hc2", "HealthCheckConfig": {"Type": "HTTP", "IPAddress": "127.0.0.1", "Port": 80}}
]}`

const cidrFileText = `{"CidrCollections": [{"Id": "col", "Name": "c", "Locations": [{"LocationName": "a", "CidrList": ["11.0.0.0/16"]}]}]}`

func TestRecordSetRules(t *testing.T) {
	w := func(id string, weight int, ttl int) string {
		return `{"Name": "w.rs.test.", "Type": "A", "SetIdentifier": "` + id + `", "Weight": ` + itoa(weight) + `, "TTL": ` + itoa(ttl) + `, "ResourceRecords": [{"Value": "192.0.2.1"}]}`
	}
	tests := []struct {
		name  string
		items []string
		line  int
		rule  string
		text  string
	}{
		{name: "two policies on one record", line: 5, rule: "policy", text: "Weight and Region",
			items: []string{`{"Name": "x.rs.test.", "Type": "A", "SetIdentifier": "a", "Weight": 1,
"Region": "us-east-1", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "routed without SetIdentifier", line: 4, rule: "policy", text: "weighted records need a SetIdentifier",
			items: []string{`{"Name": "x.rs.test.", "Type": "A", "Weight": 1, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "SetIdentifier without policy", line: 4, rule: "policy", text: "SetIdentifier is only for routed records",
			items: []string{`{"Name": "x.rs.test.", "Type": "A", "SetIdentifier": "a", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "mixed policies in a group", line: 5, rule: "one-policy", text: `RRSet with DNS name w.rs.test., type A, SetIdentifier "m" cannot be created because a non multivalue answer rrset exists with the same name and type.`,
			items: []string{w("a", 1, 60), `{"Name": "w.rs.test.", "Type": "A", "SetIdentifier": "m", "MultiValueAnswer": true, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "weighted TTLs differ", line: 5, rule: "weighted-ttl", text: "weighted sets must contain the same TTL",
			items: []string{w("a", 1, 60), w("b", 2, 300)}},
		{name: "weight out of range", line: 4, rule: "weight", text: "0 to 255", items: []string{w("a", 256, 60)}},
		{name: "duplicate SetIdentifier", line: 5, rule: "duplicate", text: "set-identifier='a'", items: []string{w("a", 1, 60), w("a", 2, 60)}},
		{name: "non-alias primary without health check", line: 4, rule: "failover", text: "A non-alias primary ResourceRecordSet must have an associated health check.",
			items: []string{`{"Name": "f.rs.test.", "Type": "A", "SetIdentifier": "p", "Failover": "PRIMARY", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "two primaries", line: 5, rule: "duplicate-failover", text: "PRIMARY is already used",
			items: []string{`{"Name": "f.rs.test.", "Type": "A", "SetIdentifier": "p", "Failover": "PRIMARY", "HealthCheckId": "hc1", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`,
				`{"Name": "f.rs.test.", "Type": "A", "SetIdentifier": "q", "Failover": "PRIMARY", "HealthCheckId": "hc2", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}]}`}},
		{name: "unknown health check", line: 4, rule: "health-check", text: `health check "nope" is not defined`,
			items: []string{`{"Name": "x.rs.test.", "Type": "A", "SetIdentifier": "a", "Weight": 1, "HealthCheckId": "nope", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "latency region twice", line: 5, rule: "duplicate-region", text: "region us-east-1",
			items: []string{`{"Name": "l.rs.test.", "Type": "A", "SetIdentifier": "a", "Region": "us-east-1", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`,
				`{"Name": "l.rs.test.", "Type": "A", "SetIdentifier": "b", "Region": "us-east-1", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}]}`}},
		{name: "unknown region", line: 4, rule: "region", text: `"mars-north-1" is not an AWS region`,
			items: []string{`{"Name": "l.rs.test.", "Type": "A", "SetIdentifier": "a", "Region": "mars-north-1", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "continent with country", line: 4, rule: "geolocation", text: "ContinentCode cannot be combined",
			items: []string{`{"Name": "g.rs.test.", "Type": "A", "SetIdentifier": "a", "GeoLocation": {"ContinentCode": "EU", "CountryCode": "DE"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "subdivision outside US", line: 4, rule: "geolocation", text: "only supported with CountryCode US",
			items: []string{`{"Name": "g.rs.test.", "Type": "A", "SetIdentifier": "a", "GeoLocation": {"CountryCode": "DE", "SubdivisionCode": "HE"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "same location twice", line: 5, rule: "duplicate-geolocation", text: "this location",
			items: []string{`{"Name": "g.rs.test.", "Type": "A", "SetIdentifier": "a", "GeoLocation": {"CountryCode": "*"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`,
				`{"Name": "g.rs.test.", "Type": "A", "SetIdentifier": "b", "GeoLocation": {"CountryCode": "*"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}]}`}},
		{name: "geoproximity with two locations", line: 4, rule: "geoproximity", text: "exactly one of AWSRegion, LocalZoneGroup and Coordinates",
			items: []string{`{"Name": "p.rs.test.", "Type": "A", "SetIdentifier": "a", "GeoProximityLocation": {"AWSRegion": "us-east-1", "Coordinates": {"Latitude": "1", "Longitude": "2"}}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "coordinates with three decimals", line: 4, rule: "geoproximity", text: "at most two decimals",
			items: []string{`{"Name": "p.rs.test.", "Type": "A", "SetIdentifier": "a", "GeoProximityLocation": {"Coordinates": {"Latitude": "47.615", "Longitude": "2"}}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "bias out of range", line: 4, rule: "geoproximity", text: "Bias must be -99 to 99",
			items: []string{`{"Name": "p.rs.test.", "Type": "A", "SetIdentifier": "a", "GeoProximityLocation": {"AWSRegion": "us-east-1", "Bias": 100}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "unknown CIDR location", line: 4, rule: "cidr", text: `has no location "b"`,
			items: []string{`{"Name": "i.rs.test.", "Type": "A", "SetIdentifier": "a", "CidrRoutingConfig": {"CollectionId": "col", "LocationName": "b"}, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "multivalue alias", line: 4, rule: "alias", text: "multivalue answer records cannot be aliases",
			items: []string{`{"Name": "m.rs.test.", "Type": "A", "SetIdentifier": "a", "MultiValueAnswer": true, "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "ns1.rs.test.", "EvaluateTargetHealth": false}}`}},
		{name: "alias with TTL", line: 4, rule: "alias", text: "remove TTL",
			items: []string{`{"Name": "a.rs.test.", "Type": "A", "TTL": 60, "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "ns1.rs.test.", "EvaluateTargetHealth": false}}`}},
		{name: "alias to nothing", line: 4, rule: "alias", text: "but that target was not found",
			items: []string{`{"Name": "a.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "nothing.rs.test.", "EvaluateTargetHealth": false}}`}},
		{name: "alias error at its own record", line: 5, rule: "alias", text: `SetIdentifier "b" Tried to create an alias that targets missing.rs.test.`,
			items: []string{w("a", 1, 60), `{"Name": "w.rs.test.", "Type": "A", "SetIdentifier": "b", "Weight": 1, "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "missing.rs.test.", "EvaluateTargetHealth": false}}`}},
		{name: "alias to itself", line: 4, rule: "alias", text: "its own name and type",
			items: []string{`{"Name": "self.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "self.rs.test.", "EvaluateTargetHealth": false}}`}},
		{name: "alias loop", line: 5, rule: "alias", text: "alias loop: loop-a.rs.test. → loop-b.rs.test. → loop-a.rs.test.",
			items: []string{`{"Name": "loop-a.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "loop-b.rs.test.", "EvaluateTargetHealth": false}}`,
				`{"Name": "loop-b.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "loop-a.rs.test.", "EvaluateTargetHealth": false}}`}},
		{name: "alias loop reached from outside it", line: 5, rule: "alias", text: "alias loop: loop-b.rs.test. → loop-a.rs.test. → loop-b.rs.test.",
			items: []string{`{"Name": "entry.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "loop-b.rs.test.", "EvaluateTargetHealth": false}}`,
				`{"Name": "loop-a.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "loop-b.rs.test.", "EvaluateTargetHealth": false}}`,
				`{"Name": "loop-b.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "loop-a.rs.test.", "EvaluateTargetHealth": false}}`}},
		{name: "CNAME at apex", line: 4, rule: "cname-exclusive", text: "apex",
			items: []string{`{"Name": "rs.test.", "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": "x.example."}]}`}},
		{name: "CNAME beside other data", line: 5, rule: "cname-exclusive", text: "CNAME and A records at c.rs.test.",
			items: []string{`{"Name": "c.rs.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`, `{"Name": "c.rs.test.", "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": "x.example."}]}`}},
		{name: "routed NS", line: 4, rule: "policy", text: "NS records can only use simple routing",
			items: []string{`{"Name": "d.rs.test.", "Type": "NS", "SetIdentifier": "a", "Weight": 1, "TTL": 60, "ResourceRecords": [{"Value": "ns.example."}]}`}},
		{name: "wildcard NS", line: 4, rule: "wildcard-ns", text: "wildcard",
			items: []string{`{"Name": "\\052.rs.test.", "Type": "NS", "TTL": 60, "ResourceRecords": [{"Value": "ns.example."}]}`}},
		{name: "octal escape above a byte", line: 4, rule: "name", text: `escape \777 is above \377`,
			items: []string{`{"Name": "a\\777.rs.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "octal escape above a byte in an alias target", line: 4, rule: "alias", text: `escape \400 is above \377`,
			items: []string{`{"Name": "a.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "\\400.rs.test.", "EvaluateTargetHealth": false}}`}},
		{name: "decimal escape above a byte in a value", line: 4, rule: "escape", text: `escape \256 is above 255`,
			items: []string{`{"Name": "t.rs.test.", "Type": "TXT", "TTL": 60, "ResourceRecords": [{"Value": "\"a\\256\""}]}`}},
		{name: "bad value", line: 4, rule: "values", text: `value 1 "300.1.1.1" is not valid A data`,
			items: []string{`{"Name": "v.rs.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "300.1.1.1"}]}`}},
		{name: "long TXT string", line: 4, rule: "txt-string-length", text: "split it into several quoted strings",
			items: []string{`{"Name": "t.rs.test.", "Type": "TXT", "TTL": 60, "ResourceRecords": [{"Value": "\"` + strings.Repeat("a", 256) + `\""}]}`}},
		{name: "unknown field", line: 4, rule: "unknown-field", text: `unknown field "Wieght"`,
			items: []string{`{"Name": "u.rs.test.", "Type": "A", "SetIdentifier": "a", "Wieght": 1, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
		{name: "unsupported type", line: 4, rule: "type", text: `type "LOC"`,
			items: []string{`{"Name": "u.rs.test.", "Type": "LOC", "TTL": 60, "ResourceRecords": [{"Value": "1 2 3 N 4 5 6 E 7m"}]}`}},
		{name: "outside the zone", line: 4, rule: "out-of-zone", text: "outside zone rs.test.",
			items: []string{`{"Name": "www.other.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"rs.test.json":          {Data: []byte(recordSets(tc.items...))},
				"health-checks.json":    {Data: []byte(hcFile)},
				"cidr-collections.json": {Data: []byte(cidrFileText)},
			}
			gen, diags := LoadDir(fsys, "z")
			errs := diags.Errors()
			require.Len(t, errs, 1, "%v", diags)
			assert.Empty(t, gen.Zones, "a zone with an error is not served")
			d := errs[0]
			assert.Equal(t, "z/rs.test.json", d.File)
			assert.Equal(t, tc.line, d.Line, d.Error())
			assert.Equal(t, tc.rule, d.Rule, d.Error())
			assert.Contains(t, d.Message, tc.text)
		})
	}
}

func TestRecordSetConflictsWithZoneFile(t *testing.T) {
	fsys := fstest.MapFS{
		"rs.test.json": {Data: []byte(recordSets(`{"Name": "www.rs.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`))},
		"rs.test.zone": {Data: []byte("$ORIGIN rs.test.\nwww 60 A 192.0.2.2\n")},
	}
	_, diags := LoadDir(fsys, "")
	require.Len(t, diags.Errors(), 1, "%v", diags)
	assert.Equal(t, "rrset-conflict", diags[0].Rule)
	assert.Contains(t, diags[0].Message, "www.rs.test. A is defined in both")
}

func TestCNAMEConflictAcrossFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"rs.test.json": {Data: []byte(recordSets(`{"Name": "both.rs.test.", "Type": "A", "SetIdentifier": "a", "Weight": 1, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`))},
		"rs.test.zone": {Data: []byte("$ORIGIN rs.test.\n$TTL 60\n\n\n\n\n\nboth CNAME ns1\n")},
	}
	_, diags := LoadDir(fsys, "")
	require.Len(t, diags.Errors(), 1, "%v", diags)
	assert.Equal(t, "cname-exclusive", diags[0].Rule)
	assert.Equal(t, "rs.test.zone", diags[0].File)
	assert.Equal(t, 8, diags[0].Line)
	assert.Contains(t, diags[0].Message, "(the first at rs.test.json:4)")
}

func itoa(i int) string { return strconv.Itoa(i) }
