package iam

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: any document either loads or fails with an error, never
// panics, and a loaded directory evaluates requests without panicking.
// Seeds: the example files and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"example.yaml", "example.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	reqs := []Request{
		crrs(testZone, change{"UPSERT", "*.dev.example.com", "A"}, change{"DELETE", "x.example.com", "TXT"}),
		{Action: "route53:ListHostedZones", Resource: "*", Context: map[string][]string{
			KeySourceIP: {"127.0.0.1"}, KeyCurrentTime: {"2026-11-27T06:00:00Z"}, "r53d:n": {"5"}}},
		{Action: "route53:GetHostedZone", Resource: HostedZoneARN(testZone)},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz", data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		for _, u := range d.Users() {
			for _, req := range reqs {
				dec := u.Evaluate(req)
				if dec.Allowed && dec.ExplicitDeny || dec.Reason == "" {
					t.Fatalf("bad decision %+v", dec)
				}
				_ = DeniedMessage(u, req, dec)
			}
		}
	})
}
