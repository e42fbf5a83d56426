package geo

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// places is a Locator over a few fixed networks, the longest containing
// one deciding; it counts lookups. An IPv4 address in none is in the empty
// /8 around it, an IPv6 one in no known network.
type places struct {
	nets  map[netip.Prefix]Location
	calls int
}

func (p *places) Locate(a netip.Addr) (Location, bool) {
	p.calls++
	best, found := Location{}, false
	for n, loc := range p.nets {
		if n.Contains(a) && (!found || n.Bits() > best.Network.Bits()) {
			best, found = loc, true
			best.Network = n
		}
	}
	if !found && a.Is4() {
		best.Network, _ = a.Prefix(8)
	}
	return best, found
}

func testPlaces() *places {
	return &places{nets: map[netip.Prefix]Location{
		netip.MustParsePrefix("11.0.0.0/10"):    {Country: "US", Latitude: 32.78, Longitude: -96.80, HasCoordinates: true},
		netip.MustParsePrefix("11.64.0.0/10"):   {Country: "FR"}, // no coordinates
		netip.MustParsePrefix("2a11::/16"):      {Country: "JP", Latitude: 35.68, Longitude: 139.69, HasCoordinates: true},
		netip.MustParsePrefix("11.3.7.0/24"):    {Country: "US", Latitude: 37.75, Longitude: -97.82, HasCoordinates: true},
		netip.MustParsePrefix("11.3.7.128/25"):  {Country: "US", Latitude: 37.75, Longitude: -97.82, HasCoordinates: true},
		netip.MustParsePrefix("11.100.0.0/16"):  {Country: "US", Latitude: 37.75, Longitude: -97.82, HasCoordinates: true},
		netip.MustParsePrefix("2a11:ffff::/32"): {Country: "US"},
	}}
}

var sourceTable = []LatencyRow{
	row(1, "11.0.0.0/8", "us-east-1", 40, "eu-west-1", 90),
	row(3, "11.3.0.0/16", "us-east-1", 12),
}

func TestLatencySourceScope(t *testing.T) {
	table := mustTable(t, sourceTable...)
	regions := []string{"us-east-1", "eu-west-1"}
	for _, tc := range []struct {
		name, client string
		network      string // "" = invalid
		ok           bool
		ms           []float64 // -2: estimated (any figure ≥ 0 not in the table)
	}{
		// The row 11/8 decides, and the answer must not reach 11.3.0.0/16.
		{"row with every region", "11.1.0.0/24", "11.0.0.0/15", true, []float64{40, 90}},
		{"IPv4-mapped client", "::ffff:11.1.0.0/120", "11.0.0.0/15", true, []float64{40, 90}},
		// The /16 row lacks eu-west-1: GeoIP fills it in, and the GeoIP
		// network is longer than the row.
		{"row plus an estimate", "11.3.7.0/24", "11.3.7.0/24", true, []float64{12, -2}},
		{"row plus an estimate, GeoIP network longer than the client", "11.3.7.128/25", "11.3.7.128/25", true, []float64{12, -2}},
		// No row in IPv6: GeoIP alone.
		{"estimate only", "2a11:5::/48", "2a11::/16", true, []float64{-2, -2}},
		// GeoIP knows the place but no coordinates: nothing known, and that
		// holds for the database network.
		{"no coordinates", "2a11:ffff::/48", "2a11:ffff::/32", false, []float64{-1, -1}},
		{"not in the database", "12.0.0.0/24", "12.0.0.0/8", false, []float64{-1, -1}},
		{"not in the database, no network", "2a12::/48", "2a12::/48", false, []float64{-1, -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := LatencySource{Table: table, Locator: testPlaces()}
			ms := []float64{7, 7}
			network, ok := src.Latencies(netip.MustParsePrefix(tc.client), regions, ms)
			assert.Equal(t, tc.ok, ok)
			if tc.network == "" {
				assert.False(t, network.IsValid(), network.String())
			} else {
				assert.Equal(t, tc.network, network.String())
			}
			for i, want := range tc.ms {
				if want == -2 {
					assert.Positive(t, ms[i], regions[i])
					continue
				}
				assert.InDelta(t, want, ms[i], 1e-9, regions[i])
			}
		})
	}
}

func TestLatencySourceAsksGeoIPOnlyForWhatTheTableLacks(t *testing.T) {
	table := mustTable(t, sourceTable...)
	loc := testPlaces()
	src := LatencySource{Table: table, Locator: loc}
	ms := make([]float64, 1)
	network, ok := src.Latencies(netip.MustParsePrefix("11.1.0.0/24"), []string{"eu-west-1"}, ms)
	assert.True(t, ok)
	assert.Equal(t, "11.0.0.0/15", network.String())
	assert.Zero(t, loc.calls, "the row has every region asked for")
	_, _ = src.Latencies(netip.MustParsePrefix("11.3.1.0/24"), []string{"eu-west-1"}, ms)
	assert.Equal(t, 1, loc.calls)
}

func TestLatencySourceWithoutATable(t *testing.T) {
	regions := []string{"us-east-1", "ap-northeast-1"}
	ms := make([]float64, 2)
	// GeoIP's network decides, and the table (when there is one) narrows
	// the scope past its rows even without a row for the client.
	network, ok := (&LatencySource{Locator: testPlaces()}).Latencies(netip.MustParsePrefix("11.1.0.0/24"), regions, ms)
	assert.True(t, ok)
	assert.Equal(t, "11.0.0.0/10", network.String())
	assert.Less(t, ms[0], ms[1], "Dallas is nearer Virginia than Tokyo")

	only16, err := NewLatencyTable([]LatencyRow{row(1, "11.3.0.0/16", "us-east-1", 12)})
	require.NoError(t, err)
	network, ok = (&LatencySource{Table: only16, Locator: testPlaces()}).Latencies(netip.MustParsePrefix("11.1.0.0/24"), regions, ms)
	assert.True(t, ok)
	assert.Equal(t, "11.0.0.0/15", network.String(), "11.0.0.0/10 would hold the row 11.3.0.0/16")

	network, ok = (&LatencySource{Table: only16}).Latencies(netip.MustParsePrefix("11.1.0.0/24"), regions, ms)
	assert.False(t, ok)
	assert.Equal(t, "11.0.0.0/15", network.String(), "no row for this client, but for its neighbours")
	assert.Equal(t, []float64{-1, -1}, ms)

	network, ok = (&LatencySource{}).Latencies(netip.MustParsePrefix("11.1.0.0/24"), regions, ms)
	assert.False(t, ok)
	assert.False(t, network.IsValid(), "no source at all: the answer does not depend on the client")
}

func TestLatencySourceDoesNotAllocate(t *testing.T) {
	table := mustTable(t, sourceTable...)
	src := &LatencySource{Table: table, Locator: testPlaces()}
	regions := []string{"us-east-1", "eu-west-1", "ap-northeast-1"}
	ms := make([]float64, len(regions))
	client := netip.MustParsePrefix("11.3.7.0/24")
	allocs := testing.AllocsPerRun(100, func() { _, _ = src.Latencies(client, regions, ms) })
	assert.Zero(t, allocs)
}
