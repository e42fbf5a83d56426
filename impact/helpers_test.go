package impact

import (
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/r53d/r53d/geo"
	"github.com/stretchr/testify/require"
)

// cityDB is the committed test database: IPv4 11.N.0.0/16 and IPv6
// 2a11:N::/32 per place, N = 1..14, except Istanbul's 11.12.0.0/24.
const cityDB = "../testdata/geoip/city.mmdb"

// slash16 is the address count of one IPv4 /16 of the test database.
const slash16 = 65536.0

const labZone = `$ORIGIN lab.test.
$TTL 300
@ SOA ns1 hostmaster 1 7200 900 1209600 60
@ NS ns1
ns1 A 192.0.2.53
www A 192.0.2.10
`

const labChecks = `HealthChecks:
  - Id: hc-1
    CallerReference: t1
    HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: 9, RequestInterval: 10, FailureThreshold: 3}
  - Id: hc-2
    CallerReference: t2
    HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: 9, RequestInterval: 10, FailureThreshold: 3}
`

// labFiles is a zones directory with routed records (lab.test.yaml) and
// optional CIDR collections.
func labFiles(records, cidr string) map[string]string {
	files := map[string]string{
		"lab.test.zone":      labZone,
		"lab.test.yaml":      "ResourceRecordSets:\n" + records,
		"health-checks.yaml": labChecks,
	}
	if cidr != "" {
		files["cidr-collections.yaml"] = "CidrCollections:\n" + cidr
	}
	return files
}

func loadSide(t testing.TB, label string, files map[string]string, located bool) *Side {
	t.Helper()
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	s, err := Load(m, label, located)
	require.NoError(t, err)
	return s
}

func openCity(t testing.TB) *geo.DB {
	t.Helper()
	db, err := geo.Open(cityDB)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// cityPopulation is every network of the test database, cut for sides.
func cityPopulation(t testing.TB, sides ...*Side) *Population {
	t.Helper()
	pop, err := NetworkPopulation(openCity(t), sides...)
	require.NoError(t, err)
	return pop
}

// totalIPv4 is the IPv4 address count of the test database: 14 /16s and
// Istanbul's /24.
const totalIPv4 = 13*slash16 + 256

func fmtInt(i int) string { return strconv.Itoa(i) }
