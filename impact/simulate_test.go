package impact

import (
	"bytes"
	"encoding/xml"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const simRecords = `  - {Name: w.lab.test., Type: A, SetIdentifier: a, Weight: 70, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}
  - {Name: w.lab.test., Type: A, SetIdentifier: b, Weight: 20, TTL: 60, ResourceRecords: [{Value: 192.0.2.2}]}
  - {Name: w.lab.test., Type: A, SetIdentifier: c, Weight: 10, HealthCheckId: hc-1, TTL: 60, ResourceRecords: [{Value: 192.0.2.3}]}
  - {Name: geo.lab.test., Type: A, SetIdentifier: default, GeoLocation: {CountryCode: "*"}, TTL: 60, ResourceRecords: [{Value: 192.0.2.10}]}
  - {Name: geo.lab.test., Type: A, SetIdentifier: eu, GeoLocation: {ContinentCode: EU}, TTL: 60, ResourceRecords: [{Value: 192.0.2.11}]}
  - {Name: geo.lab.test., Type: A, SetIdentifier: big, GeoLocation: {CountryCode: US}, TTL: 60, ResourceRecords: [{Value: 192.0.2.12}]}
  - {Name: pool.lab.test., Type: A, SetIdentifier: n1, MultiValueAnswer: true, TTL: 60, ResourceRecords: [{Value: 192.0.2.21}]}
  - {Name: pool.lab.test., Type: A, SetIdentifier: n2, MultiValueAnswer: true, TTL: 60, ResourceRecords: [{Value: 192.0.2.22}]}
`

func shareOf(ss []Share, answer string) float64 {
	for _, s := range ss {
		if s.Answer == answer {
			return s.P
		}
	}
	return 0
}

func TestSimulateWeightedSharesMatchWeights(t *testing.T) {
	s := loadSide(t, "lab", labFiles(simRecords, ""), true)
	pop := cityPopulation(t, s)
	sim, err := Simulate(s, pop, Key{"w.lab.test.", dns.TypeA}, nil, IPv4)
	require.NoError(t, err)
	assert.Equal(t, "weighted", sim.Policy)
	assert.Equal(t, float64(totalIPv4), sim.Total)
	assert.InDelta(t, 0.7, shareOf(sim.Answers, "192.0.2.1"), 1e-9)
	assert.InDelta(t, 0.2, shareOf(sim.Answers, "192.0.2.2"), 1e-9)
	assert.InDelta(t, 0.1, shareOf(sim.Answers, "192.0.2.3"), 1e-9)
	for _, c := range sim.Continents { // the same everywhere
		assert.InDelta(t, 0.7, shareOf(c.Answers, "192.0.2.1"), 1e-9, c.Code)
	}

	// What if hc-1 fails: c's tenth goes to a and b by their weights.
	sim, err = Simulate(s, pop, Key{"w.lab.test.", dns.TypeA}, []string{"hc-1"}, IPv4)
	require.NoError(t, err)
	assert.InDelta(t, 0.7/0.9, shareOf(sim.Answers, "192.0.2.1"), 1e-9)
	assert.InDelta(t, 0.2/0.9, shareOf(sim.Answers, "192.0.2.2"), 1e-9)
	assert.Zero(t, shareOf(sim.Answers, "192.0.2.3"))

	_, err = Simulate(s, pop, Key{"w.lab.test.", dns.TypeA}, []string{"hc-typo"}, IPv4)
	assert.ErrorContains(t, err, "hc-typo")
	_, err = Simulate(s, pop, Key{"nothing.lab.test.", dns.TypeA}, nil, IPv4)
	assert.ErrorContains(t, err, "no records")
}

func TestSimulateMultivalueCombinesDraws(t *testing.T) {
	s := loadSide(t, "lab", labFiles(simRecords, ""), true)
	sim, err := Simulate(s, cityPopulation(t, s), Key{"pool.lab.test.", dns.TypeA}, nil, IPv4)
	require.NoError(t, err)
	// Two healthy records: both answer every time, in either order.
	require.Len(t, sim.Answers, 1)
	assert.Equal(t, Share{"192.0.2.21, 192.0.2.22", 1}, sim.Answers[0])
	assert.Equal(t, []Share{{"192.0.2.21", 1}, {"192.0.2.22", 1}}, sim.Values, "each address in every answer")
}

// writeCountDB writes a GeoIP database of the given networks, each with a
// country, and returns its path.
func writeCountDB(t testing.TB, nets map[string]string) string {
	t.Helper()
	tree, err := mmdbwriter.New(mmdbwriter.Options{DatabaseType: "GeoLite2-City", IPVersion: 6})
	require.NoError(t, err)
	for cidr, country := range nets {
		_, n, err := net.ParseCIDR(cidr)
		require.NoError(t, err)
		require.NoError(t, tree.Insert(n, mmdbtype.Map{"country": mmdbtype.Map{"iso_code": mmdbtype.String(country)}}))
	}
	path := filepath.Join(t.TempDir(), "count.mmdb")
	f, err := os.Create(path)
	require.NoError(t, err)
	_, err = tree.WriteTo(f)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	return path
}

func TestSimulateSharesFollowAddressCounts(t *testing.T) {
	// US holds a /8 and a /16, DE a /12, AU a /20: shares are their address counts.
	path := writeCountDB(t, map[string]string{"20.0.0.0/8": "US", "30.1.0.0/16": "US", "40.0.0.0/12": "DE", "50.0.0.0/20": "AU"})
	db, err := geo.Open(path)
	require.NoError(t, err)
	defer db.Close()
	s := loadSide(t, "lab", labFiles(simRecords, ""), true)
	pop, err := NetworkPopulation(db, s)
	require.NoError(t, err)
	sim, err := Simulate(s, pop, Key{"geo.lab.test.", dns.TypeA}, nil, IPv4)
	require.NoError(t, err)
	us, de, au := float64(1<<24+1<<16), float64(1<<20), float64(1<<12)
	total := us + de + au
	assert.Equal(t, total, sim.Total)
	assert.InDelta(t, us/total, shareOf(sim.Answers, "192.0.2.12"), 1e-12)
	assert.InDelta(t, de/total, shareOf(sim.Answers, "192.0.2.11"), 1e-12)
	assert.InDelta(t, au/total, shareOf(sim.Answers, "192.0.2.10"), 1e-12)
	require.Len(t, sim.Continents, 3)
	assert.Equal(t, "NA", sim.Continents[0].Code)
	assert.Equal(t, 2, sim.Continents[0].Networks)
	assert.Equal(t, us, sim.Continents[0].Weight)
}

func TestSimulatePopulationFile(t *testing.T) {
	csv := "subnet,weight\n# a resolver's week\n11.1.0.0/24,30\n11.4.0.0/24,50\n11.7.0.0/24, 20\n"
	pop, err := ReadPopulation(strings.NewReader(csv), "queries.csv", openCity(t))
	require.NoError(t, err)
	require.Len(t, pop.Units, 3)
	s := loadSide(t, "lab", labFiles(simRecords, ""), true)
	sim, err := Simulate(s, pop, Key{"geo.lab.test.", dns.TypeA}, nil, IPv4)
	require.NoError(t, err)
	assert.Equal(t, "query weight", sim.Weight)
	assert.Equal(t, 100.0, sim.Total)
	assert.InDelta(t, 0.3, shareOf(sim.Answers, "192.0.2.12"), 1e-12) // Dallas
	assert.InDelta(t, 0.5, shareOf(sim.Answers, "192.0.2.11"), 1e-12) // Frankfurt
	assert.InDelta(t, 0.2, shareOf(sim.Answers, "192.0.2.10"), 1e-12) // Sydney

	for _, bad := range []string{"11.1.0.0/24,x\n", "11.1.0.0/24\n", "11.1.0.0/24,-1\n", "subnet,weight\n", "1.2.3.4/24,1\nnope,2\n"} {
		_, err := ReadPopulation(strings.NewReader(bad), "bad.csv", nil)
		assert.Error(t, err, bad)
	}
}

func TestSimulateSVGIsWellFormed(t *testing.T) {
	s := loadSide(t, "lab", labFiles(simRecords, ""), true)
	sim, err := Simulate(s, cityPopulation(t, s), Key{"geo.lab.test.", dns.TypeA}, []string{}, IPv4)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, sim.WriteSVG(&buf))
	dec := xml.NewDecoder(&buf)
	var rects, circles int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "rect":
				rects++
			case "circle":
				circles++
			}
		}
	}
	assert.Greater(t, rects, 6, "a bar per continent")
	assert.Equal(t, 12, circles, "a point per IPv4 place with coordinates (France and the continent-only network have none)")
}
