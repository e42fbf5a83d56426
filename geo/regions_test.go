package geo

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryRegionHasCoordinates(t *testing.T) {
	want := []string{
		"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1",
		"mx-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
		"eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "me-south-1", "me-central-1",
		"il-central-1", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
		"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
		"ap-southeast-6", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
		"cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1", "eusc-de-east-1",
	}
	slices.Sort(want)
	assert.Equal(t, want, Regions())
	for _, code := range want {
		lat, lon, ok := RegionCoordinates(code)
		require.True(t, ok, code)
		assertOnEarth(t, code, lat, lon)
		assert.NotEmpty(t, RegionCity(code), code)
	}
	_, _, ok := RegionCoordinates("us-east-9")
	assert.False(t, ok)
	_, _, ok = RegionCoordinates("us-east-1-bos-1")
	assert.False(t, ok, "a Local Zone group is not a Region")
	assert.Empty(t, RegionCity("nowhere-1"))
}

func TestRegionsReturnsACopy(t *testing.T) {
	regions := Regions()
	regions[0] = "changed"
	assert.NotEqual(t, "changed", Regions()[0])
}

func TestRegionCoordinatesSpotChecks(t *testing.T) {
	// Each Region is where its city is, give or take a rounding.
	for code, city := range map[string][2]float64{
		"eu-west-1":      {53.35, -6.26},   // Dublin
		"ap-southeast-2": {-33.87, 151.21}, // Sydney
		"sa-east-1":      {-23.55, -46.63}, // São Paulo
	} {
		lat, lon, _ := RegionCoordinates(code)
		assert.Less(t, DistanceKm(lat, lon, city[0], city[1]), 50.0, code)
	}
}

func TestEveryLocalZoneGroupHasCoordinates(t *testing.T) {
	require.NotEmpty(t, localZoneGroupPlaces)
	for code := range localZoneGroupPlaces {
		lat, lon, ok := LocalZoneGroupCoordinates(code)
		require.True(t, ok, code)
		assertOnEarth(t, code, lat, lon)
		assert.NotEmpty(t, LocalZoneGroupCity(code), code)
		// A group is <parent region>-<city>-<n>.
		i := strings.LastIndex(code[:strings.LastIndex(code, "-")], "-")
		_, _, ok = RegionCoordinates(code[:i])
		assert.True(t, ok, "%s: parent %s is not a known Region", code, code[:i])
	}
	lat, lon, ok := LocalZoneGroupCoordinates("us-west-2-lax-1")
	require.True(t, ok)
	assert.Less(t, DistanceKm(lat, lon, 34.05, -118.24), 30.0, "Los Angeles")
	_, _, ok = LocalZoneGroupCoordinates("us-west-2-lax-1a")
	assert.False(t, ok, "a zone name is not a group name")
	_, _, ok = LocalZoneGroupCoordinates("us-west-2")
	assert.False(t, ok, "a Region is not a Local Zone group")
}

func assertOnEarth(t *testing.T, what string, lat, lon float64) {
	t.Helper()
	assert.True(t, lat >= -90 && lat <= 90, "%s: latitude %v", what, lat)
	assert.True(t, lon >= -180 && lon <= 180, "%s: longitude %v", what, lon)
	assert.False(t, lat == 0 && lon == 0, "%s: no coordinates", what)
}
