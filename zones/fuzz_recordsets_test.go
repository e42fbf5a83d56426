package zones

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/miekg/dns"
)

// FuzzRecordSets loads a record-set file (JSON or YAML), with health checks
// and CIDR collections beside it. Whatever the input, the loader must not
// panic, every diagnostic must say where and which rule, and a zone that
// loads must be whole: one SOA and NS at its apex.
func FuzzRecordSets(f *testing.F) {
	for _, name := range []string{"example.com.json", "example.org.yaml"} {
		if data, err := os.ReadFile("testdata/export/" + name); err == nil {
			f.Add(data, []byte(hcFile), false)
		}
	}
	f.Add([]byte(recordSets(`{"Name": "\\052.rs.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`)), []byte(hcFile), false)
	f.Add([]byte(recordSets(`{"Name": "a.rs.test.", "Type": "A", "SetIdentifier": "x", "Failover": "PRIMARY", "AliasTarget": {"HostedZoneId": "Z", "DNSName": "a.rs.test.", "EvaluateTargetHealth": true}}`)), []byte(hcFile), false)
	f.Add([]byte("ResourceRecordSets:\n  - {Name: a.rs.test., Type: A, SetIdentifier: s, Weight: 1, TTL: 1, ResourceRecords: [{Value: 1.2.3.4}]}\n"), []byte("HealthChecks: []\n"), true)
	f.Add([]byte(`{"HostedZone": {"Id": "/hostedzone/Z0RS", "Name": "rs.test.", "Config": {"Comment": "c", "PrivateZone": false}}, "Tags": [{"Key": "k", "Value": "v"}], `+recordSets()[1:]), []byte(hcFile), false)
	f.Add([]byte("HostedZone: {Id: zz, Name: other.}\nTags: [{Key: k}, 3]\nResourceRecordSets: []\n"), []byte(hcFile), true)
	f.Add([]byte(`{"ResourceRecordSets": [{"Name": 1}]}`), []byte(`{"HealthChecks": [{"Id": 5}]}`), false)
	f.Add([]byte("ResourceRecordSets: &a [*a]\n"), []byte("- x\n"), true)
	f.Fuzz(func(t *testing.T, recordSetsText, healthText []byte, yaml bool) {
		name := "rs.test.json"
		if yaml {
			name = "rs.test.yaml"
		}
		fsys := fstest.MapFS{
			name:                    {Data: recordSetsText},
			"health-checks.json":    {Data: healthText},
			"cidr-collections.json": {Data: []byte(cidrFileText)},
		}
		gen, diags := LoadDir(fsys, "fuzz")
		for _, d := range diags {
			if d.File == "" || d.Rule == "" || d.Message == "" {
				t.Fatalf("diagnostic without file, rule or message: %#v", d)
			}
		}
		for _, z := range gen.Zones {
			apex, ok := z.Node(z.Origin)
			if !ok || len(apex.RRset(dns.TypeSOA)) != 1 || len(apex.RRset(dns.TypeNS)) == 0 {
				t.Fatalf("zone %s loaded without one SOA and NS at its apex", z.Origin)
			}
		}
	})
}
