package geo

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDistanceKmKnownDistances(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		km                     float64
	}{
		{"London–New York", 51.5074, -0.1278, 40.7128, -74.0060, 5570},
		{"Paris–Berlin", 48.8566, 2.3522, 52.5200, 13.4050, 878},
		{"Sydney–Tokyo", -33.8688, 151.2093, 35.6762, 139.6503, 7820},
		{"Frankfurt–Dublin", 50.11, 8.68, 53.35, -6.26, 1090},
		{"across the antimeridian", 0, 179.5, 0, -179.5, 111.2},
		{"a quarter meridian", 0, 0, 90, 0, math.Pi / 2 * EarthRadiusKm},
		{"antipodes", 10, 20, -10, -160, math.Pi * EarthRadiusKm},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := DistanceKm(tc.lat1, tc.lon1, tc.lat2, tc.lon2)
			assert.InEpsilon(t, tc.km, got, 0.01)
			assert.InDelta(t, got, DistanceKm(tc.lat2, tc.lon2, tc.lat1, tc.lon1), 1e-9, "symmetric")
		})
	}
	assert.Zero(t, DistanceKm(47.61, -122.33, 47.61, -122.33))
	assert.InDelta(t, EarthRadiusKm*math.Pi/180, DistanceKm(0, 0, 0, 1), 1e-9, "one degree of the equator")
	assert.InDelta(t, math.Pi*EarthRadiusKm, DistanceKm(90, 0, -90, 0), 1e-6, "pole to pole")
}

func TestEstimateLatencyMs(t *testing.T) {
	assert.InDelta(t, 1.0, EstimateLatencyMs(0), 1e-9, "base latency")
	assert.InDelta(t, 1.0, EstimateLatencyMs(-5), 1e-9, "negative distances count as 0")
	assert.InDelta(t, 79, EstimateLatencyMs(5570), 1, "London–New York")
	prev := EstimateLatencyMs(0)
	for km := 10.0; km <= 20040; km += 10 {
		ms := EstimateLatencyMs(km)
		assert.Greater(t, ms, prev, "strictly increasing at %v km", km)
		prev = ms
	}
	assert.Less(t, prev, 300.0, "half-way round the world stays plausible")
}
