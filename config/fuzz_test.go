package config

import (
	"os"
	"testing"
	"testing/fstest"
)

// FuzzSideFiles loads health checks, CIDR collections and a latency table
// beside a zone. Whatever the input, the loader must not panic, every
// diagnostic must say which file and rule, and the zone, which refers to
// none of them, must load.
func FuzzSideFiles(f *testing.F) {
	checks, _ := os.ReadFile("../zones/testdata/export/health-checks.json")
	cidr, _ := os.ReadFile("../zones/testdata/export/cidr-collections.yaml")
	f.Add(checks, cidr, []byte("- cidr: 11.3.0.0/16\n  regions: {us-east-1: 12}\n"))
	f.Add([]byte(`{"HealthChecks": [{"Id": 5}]}`), []byte("CidrCollections: &a [*a]\n"), []byte("- x\n"))
	f.Add([]byte("- Id: c\n  HealthCheckConfig: {Type: CALCULATED, ChildHealthChecks: [c]}\n"), []byte("[]"), []byte("{"))
	f.Fuzz(func(t *testing.T, checks, cidr, latency []byte) {
		fsys := fstest.MapFS{
			"lab.test.zone":         {Data: []byte(labZone)},
			"health-checks.json":    {Data: checks},
			"cidr-collections.yaml": {Data: cidr},
			"latency.yaml":          {Data: latency},
		}
		gen, diags := LoadDir(fsys, "fuzz")
		for _, d := range diags {
			if d.File == "" || d.Rule == "" || d.Message == "" {
				t.Fatalf("diagnostic without file, rule or message: %#v", d)
			}
		}
		if len(gen.Zones) != 1 {
			t.Fatalf("the zone did not load: %v", diags)
		}
	})
}
