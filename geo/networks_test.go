package geo

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func collectNetworks(t *testing.T, db *DB) map[netip.Prefix]Network {
	t.Helper()
	out := map[netip.Prefix]Network{}
	for n, err := range db.Networks() {
		require.NoError(t, err)
		_, dup := out[n.Network]
		require.False(t, dup, "network %s twice", n.Network)
		out[n.Network] = n
	}
	return out
}

func TestNetworksCity(t *testing.T) {
	db := openDB(t, cityDB)
	nets := collectNetworks(t, db)
	// 14 IPv4 and 14 IPv6 networks, the IPv4 aliases of the IPv6 tree skipped.
	assert.Len(t, nets, 28)
	for p, n := range nets {
		// Every network is placed exactly as Locate places its first address.
		loc, ok := db.Locate(p.Addr())
		assert.Equal(t, loc, n.Location, p)
		assert.Equal(t, ok, n.Located, p)
		assert.Equal(t, AddressCount(p), n.Addresses, p)
	}
	dallas := nets[netip.MustParsePrefix("11.1.0.0/16")]
	assert.Equal(t, 65536.0, dallas.Addresses)
	assert.Equal(t, with(coords(32.78, -96.80), "NA", "US", "TX"), dallas.Place())
	istanbul := nets[netip.MustParsePrefix("11.12.0.0/24")]
	assert.Equal(t, 256.0, istanbul.Addresses)
	assert.Equal(t, "EU", istanbul.Continent, "Route 53's continent, not the database's")
	assert.Equal(t, 0x1p96, nets[netip.MustParsePrefix("2a11:1::/32")].Addresses)
}

func TestNetworksCountryOnly(t *testing.T) {
	db := openDB(t, countryOnlyDB)
	nets := collectNetworks(t, db)
	de := nets[netip.MustParsePrefix("11.4.0.0/16")]
	assert.Equal(t, "DE", de.Country)
	assert.Equal(t, "EU", de.Continent)
	assert.True(t, de.Located)
	for p, n := range nets {
		loc, ok := db.Locate(p.Addr())
		assert.Equal(t, loc, n.Location, p)
		assert.Equal(t, ok, n.Located, p)
	}
}

func TestNetworksStopEarly(t *testing.T) {
	db := openDB(t, cityDB)
	seen := 0
	for range db.Networks() {
		seen++
		break
	}
	assert.Equal(t, 1, seen)
}

func TestNetworksMissingFile(t *testing.T) {
	db := openDB(t, cityDB)
	db.path = "/nonexistent/city.mmdb"
	errs := 0
	for _, err := range db.Networks() {
		assert.ErrorContains(t, err, "/nonexistent/city.mmdb")
		errs++
	}
	assert.Equal(t, 1, errs)
}

func TestAddressCount(t *testing.T) {
	assert.Equal(t, 1.0, AddressCount(netip.MustParsePrefix("11.1.2.3/32")))
	assert.Equal(t, 0x1p32, AddressCount(netip.MustParsePrefix("0.0.0.0/0")))
	assert.Equal(t, 0x1p128, AddressCount(netip.MustParsePrefix("::/0")))
	assert.Equal(t, 0.0, AddressCount(netip.Prefix{}))
}

func TestLatencyTableNetworks(t *testing.T) {
	var none *LatencyTable
	assert.Empty(t, none.Networks())
	table, err := NewLatencyTable([]LatencyRow{
		{Network: netip.MustParsePrefix("11.0.0.0/8"), Regions: []RegionLatency{{"us-east-1", 10}}},
		{Network: netip.MustParsePrefix("11.3.0.0/16"), Regions: []RegionLatency{{"eu-west-1", 10}}},
		{Network: netip.MustParsePrefix("2a11::/16"), Regions: []RegionLatency{{"eu-west-1", 10}}},
	})
	require.NoError(t, err)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("11.3.0.0/16"), netip.MustParsePrefix("11.0.0.0/8"),
		netip.MustParsePrefix("2a11::/16")}, table.Networks())
}
