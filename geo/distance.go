package geo

import "math"

// EarthRadiusKm is the mean Earth radius (IUGG) used for great-circle
// distances.
const EarthRadiusKm = 6371.0

// DistanceKm returns the great-circle distance in kilometres between two
// points given in degrees, by the haversine formula on a sphere of radius
// EarthRadiusKm. Route 53 leaves the metric open (docs/differences.md#decisions); r53d uses this one
// for geoproximity and for estimated latency.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	dLat, dLon := radians(lat2-lat1), radians(lon2-lon1)
	h := hav(dLat) + math.Cos(radians(lat1))*math.Cos(radians(lat2))*hav(dLon)
	// Rounding can push h a hair past 1 for antipodal points; Asin would
	// then return NaN.
	h = min(max(h, 0), 1)
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(h))
}

func radians(deg float64) float64 { return deg * math.Pi / 180 }

// hav is the haversine of an angle in radians, sin²(a/2).
func hav(a float64) float64 {
	s := math.Sin(a / 2)
	return s * s
}

// The latency model of EstimateLatencyMs.
const (
	// fibreKmPerMs is how far light travels in optical fibre in a
	// millisecond: c / 1.5 (refractive index of silica), about 2/3 c.
	fibreKmPerMs = 299_792.458 / 1.5 / 1000
	// routeStretch is how much longer real paths are than the great circle
	// (cable routes, peering detours).
	routeStretch = 1.4
	// baseLatencyMs stands for what does not grow with distance: access
	// network, switching, the server's own work.
	baseLatencyMs = 1.0
)

// EstimateLatencyMs estimates the round-trip time in milliseconds between two
// points km kilometres apart along the great circle, for latency routing when
// no measured latency table covers the client:
//
//	ms = baseLatencyMs + 2 × km × routeStretch / fibreKmPerMs
//	   ≈ 1 + 0.014 × km
//
// that is, light in fibre at about 2/3 c, there and back, over a path 1.4
// times the great-circle distance, plus 1 ms that does not depend on
// distance. London–New York (5570 km) comes out at about 79 ms. The estimate
// is strictly increasing in km, so ranking regions by it is ranking them by
// distance; negative km count as 0.
func EstimateLatencyMs(km float64) float64 {
	return baseLatencyMs + 2*max(km, 0)*routeStretch/fibreKmPerMs
}
