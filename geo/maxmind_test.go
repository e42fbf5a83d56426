package geo

import (
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The committed fixtures; testdata/geoip/README.md lists their networks.
var (
	cityDB        = filepath.Join("..", "testdata", "geoip", "city.mmdb")
	countryOnlyDB = filepath.Join("..", "testdata", "geoip", "country-only.mmdb")
)

func openDB(t testing.TB, path string) *DB {
	t.Helper()
	db, err := Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, db.Close()) })
	return db
}

type locateCase struct {
	addr    string
	want    Location // Network as wanted; ok is want.Continent+Country != ""
	network string
	found   bool
}

func checkLocate(t *testing.T, db Locator, cases []locateCase) {
	t.Helper()
	for _, tc := range cases {
		loc, ok := db.Locate(netip.MustParseAddr(tc.addr))
		tc.want.Network = netip.MustParsePrefix(tc.network)
		assert.Equal(t, tc.found, ok, tc.addr)
		assert.Equal(t, tc.want, loc, tc.addr)
	}
}

func coords(lat, lon float64) Location {
	return Location{Latitude: lat, Longitude: lon, HasCoordinates: true}
}

func with(l Location, continent, country, subdivision string) Location {
	l.Continent, l.Country, l.Subdivision = continent, country, subdivision
	return l
}

func TestCityDB(t *testing.T) {
	db := openDB(t, cityDB)
	assert.Equal(t, "GeoLite2-City", db.DatabaseType())
	assert.Equal(t, 2025, db.BuildTime().UTC().Year())
	checkLocate(t, db, []locateCase{
		{"11.1.2.3", with(coords(32.78, -96.80), "NA", "US", "TX"), "11.1.0.0/16", true},
		{"2a11:1::1", with(coords(32.78, -96.80), "NA", "US", "TX"), "2a11:1::/32", true},
		{"11.2.200.1", with(coords(37.77, -122.42), "NA", "US", "CA"), "11.2.0.0/16", true},
		{"2a11:2:ffff::9", with(coords(37.77, -122.42), "NA", "US", "CA"), "2a11:2::/32", true},
		{"11.3.0.1", with(coords(37.75, -97.82), "NA", "US", ""), "11.3.0.0/16", true},
		{"2a11:3::1", with(coords(37.75, -97.82), "NA", "US", ""), "2a11:3::/32", true},
		{"11.4.0.1", with(coords(50.11, 8.68), "EU", "DE", "HE"), "11.4.0.0/16", true},
		{"2a11:4::1", with(coords(50.11, 8.68), "EU", "DE", "HE"), "2a11:4::/32", true},
		{"11.5.0.1", with(coords(51.51, -0.13), "EU", "GB", "ENG"), "11.5.0.0/16", true},
		{"2a11:5::1", with(coords(51.51, -0.13), "EU", "GB", "ENG"), "2a11:5::/32", true},
		{"11.6.0.1", with(coords(35.68, 139.69), "AS", "JP", "13"), "11.6.0.0/16", true},
		{"2a11:6::1", with(coords(35.68, 139.69), "AS", "JP", "13"), "2a11:6::/32", true},
		{"11.7.0.1", with(coords(-33.87, 151.21), "OC", "AU", "NSW"), "11.7.0.0/16", true},
		{"2a11:7::1", with(coords(-33.87, 151.21), "OC", "AU", "NSW"), "2a11:7::/32", true},
		{"11.8.0.1", with(coords(-23.55, -46.63), "SA", "BR", "SP"), "11.8.0.0/16", true},
		{"2a11:8::1", with(coords(-23.55, -46.63), "SA", "BR", "SP"), "2a11:8::/32", true},
		{"11.9.0.1", with(coords(-26.20, 28.05), "AF", "ZA", "GP"), "11.9.0.0/16", true},
		{"2a11:9::1", with(coords(-26.20, 28.05), "AF", "ZA", "GP"), "2a11:9::/32", true},
		{"11.10.0.1", with(coords(19.08, 72.88), "AS", "IN", "MH"), "11.10.0.0/16", true},
		{"2a11:10::1", with(coords(19.08, 72.88), "AS", "IN", "MH"), "2a11:10::/32", true},
		// Country without coordinates.
		{"11.11.0.1", with(Location{}, "EU", "FR", ""), "11.11.0.0/16", true},
		{"2a11:11::1", with(Location{}, "EU", "FR", ""), "2a11:11::/32", true},
		// The database says AS for TR; Route 53's table says EU and wins.
		{"11.12.0.255", with(coords(41.01, 28.98), "EU", "TR", "34"), "11.12.0.0/24", true},
		{"2a11:12:0:ffff::1", with(coords(41.01, 28.98), "EU", "TR", "34"), "2a11:12::/48", true},
		// No continent in the record: filled from the country.
		{"11.13.0.1", with(coords(-36.85, 174.76), "OC", "NZ", "AUK"), "11.13.0.0/16", true},
		{"2a11:13::1", with(coords(-36.85, 174.76), "OC", "NZ", "AUK"), "2a11:13::/32", true},
		// A continent and no country.
		{"11.14.0.1", with(Location{}, "EU", "", ""), "11.14.0.0/16", true},
		{"2a11:14::1", with(Location{}, "EU", "", ""), "2a11:14::/32", true},
		// IPv4-mapped IPv6 is looked up, and reported, as IPv4.
		{"::ffff:11.4.0.1", with(coords(50.11, 8.68), "EU", "DE", "HE"), "11.4.0.0/16", true},
	})
}

func TestCountryOnlyDB(t *testing.T) {
	db := openDB(t, countryOnlyDB)
	assert.Equal(t, "r53d-Test-Country-Code", db.DatabaseType())
	checkLocate(t, db, []locateCase{
		{"11.1.2.3", Location{Continent: "NA", Country: "US"}, "11.1.0.0/16", true},
		{"2a11:1::1", Location{Continent: "NA", Country: "US"}, "2a11:1::/32", true},
		{"11.4.0.1", Location{Continent: "EU", Country: "DE"}, "11.4.0.0/16", true},
		{"2a11:4::1", Location{Continent: "EU", Country: "DE"}, "2a11:4::/32", true},
		{"11.6.0.1", Location{Continent: "AS", Country: "JP"}, "11.6.0.0/16", true},
		{"2a11:9::1", Location{Continent: "AF", Country: "ZA"}, "2a11:9::/32", true},
		{"11.12.0.1", Location{Continent: "EU", Country: "TR"}, "11.12.0.0/24", true},
		{"2a11:12::1", Location{Continent: "EU", Country: "TR"}, "2a11:12::/48", true},
		{"::ffff:11.8.0.1", Location{Continent: "SA", Country: "BR"}, "11.8.0.0/16", true},
	})
}

// TestNotFound checks addresses in no network: ok is false and Network is the
// empty region of the tree around the address.
func TestNotFound(t *testing.T) {
	for _, path := range []string{cityDB, countryOnlyDB} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			db := openDB(t, path)
			for addr, region := range map[string]string{
				"11.0.0.1":     "11.0.0.0/16", // 11.0/16 is a sibling of 11.1/16
				"11.12.1.1":    "11.12.1.0/24",
				"11.200.0.1":   "11.128.0.0/9",
				"2a11:99::1":   "2a11:80::/25",
				"2a11:12:1::1": "2a11:12:1::/48",
			} {
				loc, ok := db.Locate(netip.MustParseAddr(addr))
				assert.False(t, ok, addr)
				assert.Equal(t, Location{Network: netip.MustParsePrefix(region)}, loc, addr)
			}
			// Still not found, wherever the tree's empty region ends.
			for _, addr := range []string{"8.8.8.8", "2001:db8::1", "::1", "14.1.1.1"} {
				loc, ok := db.Locate(netip.MustParseAddr(addr))
				assert.False(t, ok, addr)
				assert.True(t, loc.Network.Contains(netip.MustParseAddr(addr)), "%s in %s", addr, loc.Network)
			}
			_, _, err := db.Lookup(netip.Addr{})
			assert.Error(t, err)
		})
	}
}

// TestEveryNetworkLength checks that Network is exactly the inserted network
// for the first and last address of each, in both families.
func TestEveryNetworkLength(t *testing.T) {
	db := openDB(t, cityDB)
	for _, network := range []string{
		"11.1.0.0/16", "11.10.0.0/16", "11.12.0.0/24", "2a11:1::/32", "2a11:10::/32", "2a11:12::/48",
	} {
		p := netip.MustParsePrefix(network)
		for _, addr := range []netip.Addr{p.Addr(), lastAddr(p)} {
			loc, ok := db.Locate(addr)
			assert.True(t, ok, addr)
			assert.Equal(t, p, loc.Network, addr)
		}
	}
}

func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

func TestLocateConcurrently(t *testing.T) {
	db := openDB(t, cityDB)
	addrs := []netip.Addr{
		netip.MustParseAddr("11.1.2.3"), netip.MustParseAddr("2a11:7::1"), netip.MustParseAddr("11.200.0.1"),
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range 500 {
				_, _ = db.Locate(addrs[i%len(addrs)])
			}
		})
	}
	wg.Wait()
	loc, ok := db.Locate(addrs[0])
	assert.True(t, ok)
	assert.Equal(t, "TX", loc.Subdivision)
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(filepath.Join(dir, "missing.mmdb"))
	assert.ErrorContains(t, err, "missing.mmdb")

	junk := filepath.Join(dir, "junk.mmdb")
	require.NoError(t, os.WriteFile(junk, []byte("not a database"), 0o644))
	_, err = Open(junk)
	assert.ErrorContains(t, err, "junk.mmdb")

	asn := writeTestDB(t, mmdbwriter.Options{DatabaseType: "GeoLite2-ASN"}, "11.1.0.0/16",
		mmdbtype.Map{"autonomous_system_number": mmdbtype.Uint32(64500)})
	_, err = Open(asn)
	assert.ErrorContains(t, err, `type "GeoLite2-ASN" has no locations`)
}

func TestOpenDBIPAndIPv4Only(t *testing.T) {
	rec := mmdbtype.Map{
		"continent": mmdbtype.Map{"code": mmdbtype.String("EU")},
		"country":   mmdbtype.Map{"iso_code": mmdbtype.String("DE")},
	}
	db := openDB(t, writeTestDB(t, mmdbwriter.Options{DatabaseType: "DBIP-Country-Lite", IPVersion: 4}, "11.4.0.0/16", rec))
	checkLocate(t, db, []locateCase{
		{"11.4.3.2", Location{Continent: "EU", Country: "DE"}, "11.4.0.0/16", true},
		{"::ffff:11.4.3.2", Location{Continent: "EU", Country: "DE"}, "11.4.0.0/16", true},
		{"2a11:4::1", Location{}, "::/0", false}, // IPv6 in an IPv4-only database
	})
}

func TestCountryCodeIsUpperCased(t *testing.T) {
	db := openDB(t, writeTestDB(t, mmdbwriter.Options{DatabaseType: "some-country"}, "2a11:4::/32",
		mmdbtype.Map{"country_code": mmdbtype.String("de")}))
	checkLocate(t, db, []locateCase{
		{"2a11:4::1", Location{Continent: "EU", Country: "DE"}, "2a11:4::/32", true},
	})
}

func writeTestDB(t *testing.T, opts mmdbwriter.Options, cidr string, rec mmdbtype.Map) string {
	t.Helper()
	tree, err := mmdbwriter.New(opts)
	require.NoError(t, err)
	_, network, err := net.ParseCIDR(cidr)
	require.NoError(t, err)
	require.NoError(t, tree.Insert(network, rec))
	path := filepath.Join(t.TempDir(), "test.mmdb")
	f, err := os.Create(path)
	require.NoError(t, err)
	_, err = tree.WriteTo(f)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	return path
}

func BenchmarkLocate(b *testing.B) {
	for _, bc := range []struct{ name, path, addr string }{
		{"city/v4", cityDB, "11.1.2.3"},
		{"city/v6", cityDB, "2a11:7::1"},
		{"city/notfound", cityDB, "11.200.0.1"},
		{"country-only/v4", countryOnlyDB, "11.4.0.1"},
		{"country-only/v6", countryOnlyDB, "2a11:4::1"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			db := openDB(b, bc.path)
			addr := netip.MustParseAddr(bc.addr)
			b.ReportAllocs()
			for b.Loop() {
				_, _ = db.Locate(addr)
			}
		})
	}
}
