package resources

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/miekg/dns"
)

// FuzzLoadResources: any input loads or fails without panicking; what
// loads is consistent: errors mean no set, every resource is found by its
// name, target ids are unique, and answering costs no surprises.
func FuzzLoadResources(f *testing.F) {
	// Only the sample files: testdata/fuzz holds the fuzzer's own corpus.
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(alb("    CanonicalHostedZoneId: Z26RNL4JYFTOTI\n")))
	f.Add([]byte(nlbs))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, problems := Parse(data)
		if set == nil {
			for _, p := range problems {
				if !p.Warning {
					return
				}
			}
			t.Fatalf("no set and no error: %v", problems)
		}
		for _, p := range problems {
			if !p.Warning {
				t.Fatalf("a set despite error %v", p)
			}
		}
		for _, r := range set.Resources() {
			got, _, ok := set.Lookup(r.DNSName)
			if !ok || got != r && !(r.Kind == S3Website && got.Kind == S3Website) {
				t.Fatalf("%s does not find its resource", r.DNSName)
			}
			for _, q := range []uint16{dns.TypeA, dns.TypeAAAA} {
				r.Addresses(down{}, q, true, nil)
			}
			r.TargetHealth(downOf())
		}
		seen := map[string]bool{}
		for _, c := range set.TargetChecks() {
			if seen[c.ID] {
				t.Fatalf("target id %s twice", c.ID)
			}
			seen[c.ID] = true
		}
	})
}
