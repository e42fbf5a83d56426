package impact

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
	"github.com/r53d/r53d/geo"
	"github.com/stretchr/testify/require"
)

// The real-size diff: a GeoLite2-size database and 10,000 record sets.
// go test ./impact -run RealSize runs a smaller size (CI does); set
// R53D_DIFF_FULL=1 for the full one, which must finish in under 30 s.
const (
	fullNetworks   = 500_000
	fullRecordSets = 10_000
	fullBudget     = 30 * time.Second
)

// countries are real codes, so Route 53's continents apply.
var countries = strings.Fields("US CA MX BR AR CL CO PE DE FR GB IT ES NL SE PL CH AT BE IE PT NO DK FI CZ RO HU GR UA TR RU CN JP KR IN ID TH VN PH MY SG AU NZ ZA NG EG KE MA IL SA AE PK BD")

// genPlaces are the distinct places of the generated database.
const genPlaces = 40_000

func placeRecord(p int) mmdbtype.Map {
	c := countries[p%len(countries)]
	lat := -55 + float64(p*7919%11000)/100
	lon := -180 + float64(p*104729%36000)/100
	return mmdbtype.Map{
		"country":      mmdbtype.Map{"iso_code": mmdbtype.String(c)},
		"subdivisions": mmdbtype.Slice{mmdbtype.Map{"iso_code": mmdbtype.String(fmt.Sprintf("S%d", p%25))}},
		"location":     mmdbtype.Map{"latitude": mmdbtype.Float64(lat), "longitude": mmdbtype.Float64(lon)},
	}
}

// genDB writes a database of n networks (four in five IPv4, /20 to /24;
// the rest IPv6 /32s) over genPlaces places.
func genDB(t testing.TB, n int) string {
	t.Helper()
	// The networks run from 1.0.0.0 through reserved ranges such as 10/8.
	tree, err := mmdbwriter.New(mmdbwriter.Options{DatabaseType: "GeoLite2-City", IPVersion: 6, IncludeReservedNetworks: true})
	require.NoError(t, err)
	records := make([]mmdbtype.Map, genPlaces)
	for p := range records {
		records[p] = placeRecord(p)
	}
	v4 := n * 4 / 5
	for i := range n {
		var network *net.IPNet
		if i < v4 {
			base := uint32(1<<24) + uint32(i)<<12 // a /20 slot each, from 1.0.0.0
			ip := net.IPv4(byte(base>>24), byte(base>>16), byte(base>>8), 0).To4()
			network = &net.IPNet{IP: ip, Mask: net.CIDRMask(20+i%5, 32)}
		} else {
			j := i - v4
			ip := make(net.IP, 16)
			ip[0], ip[1], ip[2], ip[3] = 0x26, byte(j>>16), byte(j>>8), byte(j)
			network = &net.IPNet{IP: ip, Mask: net.CIDRMask(32, 128)}
		}
		require.NoError(t, tree.Insert(network, records[(i*7)%genPlaces]))
	}
	path := filepath.Join(t.TempDir(), "big.mmdb")
	f, err := os.Create(path)
	require.NoError(t, err)
	_, err = tree.WriteTo(f)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	return path
}

// genZones writes a zones directory of about sets record sets, and a
// changed copy: a tenth of each kind of group changed, CIDR blocks added
// and latency rows remeasured.
func genZones(sets int, changed bool) map[string]string {
	var b strings.Builder
	b.WriteString("ResourceRecordSets:\n")
	unit := sets / 100
	rec := func(format string, a ...any) { fmt.Fprintf(&b, "  - "+format+"\n", a...) }
	for g := range 10 * unit { // geolocation: 4 record sets a group
		n := fmt.Sprintf("geo%d.big.test.", g)
		rec(`{Name: %s, Type: A, SetIdentifier: def, GeoLocation: {CountryCode: "*"}, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}`, n)
		rec(`{Name: %s, Type: A, SetIdentifier: eu, GeoLocation: {ContinentCode: EU}, TTL: 60, ResourceRecords: [{Value: 192.0.2.2}]}`, n)
		rec(`{Name: %s, Type: A, SetIdentifier: c, GeoLocation: {CountryCode: %s}, TTL: 60, ResourceRecords: [{Value: 192.0.2.3}]}`, n, countries[g%len(countries)])
		rec(`{Name: %s, Type: A, SetIdentifier: s, GeoLocation: {CountryCode: US, SubdivisionCode: TX}, TTL: 60, ResourceRecords: [{Value: 192.0.2.4}]}`, n)
		if changed && g%10 == 0 {
			rec(`{Name: %s, Type: A, SetIdentifier: extra, GeoLocation: {CountryCode: %s}, TTL: 60, ResourceRecords: [{Value: 192.0.2.5}]}`, n, countries[(g+1)%len(countries)])
		}
	}
	for g := range 5 * unit { // weighted: 3
		n, w := fmt.Sprintf("w%d.big.test.", g), 50
		if changed && g%10 == 0 {
			w = 80
		}
		rec(`{Name: %s, Type: A, SetIdentifier: a, Weight: %d, TTL: 60, ResourceRecords: [{Value: 192.0.2.11}]}`, n, w)
		rec(`{Name: %s, Type: A, SetIdentifier: b, Weight: 30, HealthCheckId: hc-%d, TTL: 60, ResourceRecords: [{Value: 192.0.2.12}]}`, n, g%50)
		rec(`{Name: %s, Type: A, SetIdentifier: c, Weight: 20, TTL: 60, ResourceRecords: [{Value: 192.0.2.13}]}`, n)
	}
	for g := range 3 * unit { // failover: 2
		n, hc := fmt.Sprintf("fo%d.big.test.", g), g%50
		if changed && g%10 == 0 {
			hc = (hc + 1) % 50
		}
		rec(`{Name: %s, Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: hc-%d, TTL: 60, ResourceRecords: [{Value: 192.0.2.21}]}`, n, hc)
		rec(`{Name: %s, Type: A, SetIdentifier: s, Failover: SECONDARY, TTL: 60, ResourceRecords: [{Value: 192.0.2.22}]}`, n)
	}
	regions := []string{"us-east-1", "eu-central-1", "ap-northeast-1", "sa-east-1", "ap-southeast-2", "us-west-2"}
	for g := range 3 * unit { // latency: 3
		n := fmt.Sprintf("lat%d.big.test.", g)
		for k := range 3 {
			r := regions[(g+k)%len(regions)]
			rec(`{Name: %s, Type: A, SetIdentifier: %s, Region: %s, TTL: 60, ResourceRecords: [{Value: 192.0.2.%d}]}`, n, r, r, 31+k)
		}
	}
	for g := range 2 * unit { // IP-based: 2
		n := fmt.Sprintf("ipb%d.big.test.", g)
		rec(`{Name: %s, Type: A, SetIdentifier: o, CidrRoutingConfig: {CollectionId: nets, LocationName: loc%d}, TTL: 60, ResourceRecords: [{Value: 192.0.2.41}]}`, n, g%5)
		rec(`{Name: %s, Type: A, SetIdentifier: d, CidrRoutingConfig: {CollectionId: nets, LocationName: "*"}, TTL: 60, ResourceRecords: [{Value: 192.0.2.42}]}`, n)
	}
	for g := range unit { // geoproximity: 3
		n := fmt.Sprintf("near%d.big.test.", g)
		for k, r := range regions[:3] {
			rec(`{Name: %s, Type: A, SetIdentifier: %s, GeoProximityLocation: {AWSRegion: %s, Bias: %d}, TTL: 60, ResourceRecords: [{Value: 192.0.2.%d}]}`, n, r, r, (g%3)*10, 51+k)
		}
	}
	var zone strings.Builder
	zone.WriteString("$ORIGIN big.test.\n$TTL 300\n@ SOA ns1 hostmaster 1 7200 900 1209600 60\n@ NS ns1\nns1 A 192.0.2.53\n")
	for i := range 23 * unit { // static: 1
		v := 1 + i%200
		if changed && i%10 == 0 {
			v++
		}
		fmt.Fprintf(&zone, "host%d A 198.51.100.%d\n", i, v)
	}
	var checks strings.Builder
	checks.WriteString("HealthChecks:\n")
	for i := range 50 {
		fmt.Fprintf(&checks, "  - {Id: hc-%d, CallerReference: c%d, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: 9, RequestInterval: 30, FailureThreshold: 3}}\n", i, i)
	}
	var cidr strings.Builder
	cidr.WriteString("CidrCollections:\n  - Id: nets\n    Name: nets\n    Locations:\n")
	for l := range 5 {
		var blocks []string
		for k := range 40 {
			blocks = append(blocks, fmt.Sprintf("%d.%d.%d.0/24", 1+l, k, 7))
		}
		if changed && l == 0 {
			for k := range 20 {
				blocks = append(blocks, fmt.Sprintf("%d.%d.%d.0/24", 30, k, 9))
			}
		}
		fmt.Fprintf(&cidr, "      - {LocationName: loc%d, CidrList: [%s]}\n", l, strings.Join(blocks, ", "))
	}
	var lat strings.Builder
	for r := range 1000 {
		ms := 20 + r%100
		if changed && r%20 == 0 {
			ms += 150
		}
		fmt.Fprintf(&lat, "- cidr: %d.%d.0.0/16\n  regions: {us-east-1: %d, eu-central-1: %d, ap-northeast-1: %d}\n", 1+r/250, r%250, ms, 120-ms%100, 400-ms)
	}
	return map[string]string{
		"big.test.zone": zone.String(), "big.test.yaml": b.String(), "health-checks.yaml": checks.String(),
		"cidr-collections.yaml": cidr.String(), "latency.yaml": lat.String(),
	}
}

func TestDiffRealSize(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a large GeoIP database; CI runs it (it does not pass -short)")
	}
	networks, sets := 20_000, 2_000
	if os.Getenv("R53D_DIFF_FULL") != "" {
		networks, sets = fullNetworks, fullRecordSets
	}
	start := time.Now()
	path := genDB(t, networks)
	old, new := genZones(sets, false), genZones(sets, true)
	t.Logf("generated %d networks and %d record sets in %v", networks, sets, time.Since(start).Round(time.Millisecond))

	start = time.Now()
	db, err := geo.Open(path)
	require.NoError(t, err)
	defer db.Close()
	o, n := loadSide(t, "old", old, true), loadSide(t, "new", new, true)
	loaded := time.Since(start)
	pop, err := NetworkPopulation(db, o, n)
	require.NoError(t, err)
	populated := time.Since(start)
	rep, err := Diff(o, n, pop)
	require.NoError(t, err)
	took := time.Since(start)
	t.Logf("diff of %d record sets over %d networks: %v (load %v, population %v: %d units in %d classes; %d names decided, %d decisions, %d moved)",
		sets, networks, took.Round(time.Millisecond), loaded.Round(time.Millisecond), (populated - loaded).Round(time.Millisecond),
		len(pop.Units), rep.Population.Classes, rep.Population.Evaluated, rep.Population.Decisions, len(rep.Names))
	require.True(t, rep.Moved())
	if networks == fullNetworks {
		require.Less(t, took, fullBudget)
	}
}
