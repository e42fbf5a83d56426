// Command gen writes the small MaxMind DB files the geo tests read:
//
//	city.mmdb          GeoLite2-City layout (continent, country, subdivisions,
//	                   city, location)
//	country-only.mmdb  records with nothing but a top-level country_code
//
// Run it from the module root with `go run ./testdata/geoip/gen`. The output
// is deterministic (fixed build time, fixed insertion order, and mmdbwriter
// sorts map keys), so a re-run reproduces the committed files byte for byte.
// The networks are listed in ../README.md; keep the two in step.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// buildEpoch is the fixed build time of both files, 2025-01-01T00:00:00Z.
const buildEpoch = 1735689600

// place is what one pair of networks (an IPv4 and an IPv6 one) maps to. An
// empty string or hasCoords false leaves the field out of the record.
type place struct {
	v4, v6      string
	continent   string
	country     string
	subdivision string
	city        string
	lat, lon    float64
	hasCoords   bool
}

// places is the test mapping. IPv4 networks are 11.N.0.0/16 and IPv6 ones
// 2a11:N::/32 with the same digits N, except where a longer prefix is under
// test. TR's continent is AS as in MaxMind's data; Route 53 puts TR in EU.
var places = []place{
	{"11.1.0.0/16", "2a11:1::/32", "NA", "US", "TX", "Dallas", 32.78, -96.80, true},
	{"11.2.0.0/16", "2a11:2::/32", "NA", "US", "CA", "San Francisco", 37.77, -122.42, true},
	{"11.3.0.0/16", "2a11:3::/32", "NA", "US", "", "", 37.75, -97.82, true},
	{"11.4.0.0/16", "2a11:4::/32", "EU", "DE", "HE", "Frankfurt am Main", 50.11, 8.68, true},
	{"11.5.0.0/16", "2a11:5::/32", "EU", "GB", "ENG", "London", 51.51, -0.13, true},
	{"11.6.0.0/16", "2a11:6::/32", "AS", "JP", "13", "Tokyo", 35.68, 139.69, true},
	{"11.7.0.0/16", "2a11:7::/32", "OC", "AU", "NSW", "Sydney", -33.87, 151.21, true},
	{"11.8.0.0/16", "2a11:8::/32", "SA", "BR", "SP", "São Paulo", -23.55, -46.63, true},
	{"11.9.0.0/16", "2a11:9::/32", "AF", "ZA", "GP", "Johannesburg", -26.20, 28.05, true},
	{"11.10.0.0/16", "2a11:10::/32", "AS", "IN", "MH", "Mumbai", 19.08, 72.88, true},
	{"11.11.0.0/16", "2a11:11::/32", "EU", "FR", "", "", 0, 0, false},
	{"11.12.0.0/24", "2a11:12::/48", "AS", "TR", "34", "Istanbul", 41.01, 28.98, true},
	{"11.13.0.0/16", "2a11:13::/32", "", "NZ", "AUK", "Auckland", -36.85, 174.76, true},
	{"11.14.0.0/16", "2a11:14::/32", "EU", "", "", "", 0, 0, false},
}

func main() {
	out := flag.String("out", filepath.Join("testdata", "geoip"), "directory to write the .mmdb files to")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files := []struct {
		name, dbType string
		record       func(place) mmdbtype.Map
	}{
		{"city.mmdb", "GeoLite2-City", cityRecord},
		{"country-only.mmdb", "r53d-Test-Country-Code", countryCodeRecord},
	}
	for _, f := range files {
		if err := write(filepath.Join(dir, f.name), f.dbType, f.record); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return nil
}

// write builds one database from places; record returns nil for a place the
// database has nothing for.
func write(path, dbType string, record func(place) mmdbtype.Map) error {
	tree, err := mmdbwriter.New(mmdbwriter.Options{
		BuildEpoch:   buildEpoch,
		DatabaseType: dbType,
		Description:  map[string]string{"en": "r53d test database; see testdata/geoip/README.md"},
		Languages:    []string{"en"},
		RecordSize:   24,
	})
	if err != nil {
		return err
	}
	for _, p := range places {
		rec := record(p)
		if rec == nil {
			continue
		}
		for _, cidr := range []string{p.v4, p.v6} {
			_, network, err := net.ParseCIDR(cidr)
			if err != nil {
				return err
			}
			if err := tree.Insert(network, rec); err != nil {
				return fmt.Errorf("insert %s: %w", cidr, err)
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := tree.WriteTo(f); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

func cityRecord(p place) mmdbtype.Map {
	rec := mmdbtype.Map{}
	if p.continent != "" {
		rec["continent"] = mmdbtype.Map{"code": mmdbtype.String(p.continent)}
	}
	if p.country != "" {
		rec["country"] = mmdbtype.Map{"iso_code": mmdbtype.String(p.country)}
	}
	if p.subdivision != "" {
		rec["subdivisions"] = mmdbtype.Slice{mmdbtype.Map{"iso_code": mmdbtype.String(p.subdivision)}}
	}
	if p.city != "" {
		rec["city"] = mmdbtype.Map{"names": mmdbtype.Map{"en": mmdbtype.String(p.city)}}
	}
	if p.hasCoords {
		rec["location"] = mmdbtype.Map{
			"latitude":  mmdbtype.Float64(p.lat),
			"longitude": mmdbtype.Float64(p.lon),
		}
	}
	return rec
}

func countryCodeRecord(p place) mmdbtype.Map {
	if p.country == "" {
		return nil
	}
	return mmdbtype.Map{"country_code": mmdbtype.String(p.country)}
}
