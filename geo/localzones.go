package geo

// localZoneGroupPlaces locates AWS Local Zone groups, the Local Zone name
// without its last letter (us-east-1-bos-1a → us-east-1-bos-1), which is how
// geoproximity records name them (docs/routing.md#geoproximity), at the city each serves.
// Never written after load.
var localZoneGroupPlaces = map[string]place{
	// parent us-east-1
	"us-east-1-atl-1": {33.75, -84.39, "Atlanta"},
	"us-east-1-bos-1": {42.36, -71.06, "Boston"},
	"us-east-1-bue-1": {-34.60, -58.38, "Buenos Aires"},
	"us-east-1-chi-1": {41.88, -87.63, "Chicago"},
	"us-east-1-dfw-1": {32.78, -96.80, "Dallas"},
	"us-east-1-iah-1": {29.76, -95.37, "Houston"},
	"us-east-1-lim-1": {-12.05, -77.04, "Lima"},
	"us-east-1-mci-1": {39.10, -94.58, "Kansas City"},
	"us-east-1-mia-1": {25.76, -80.19, "Miami"},
	"us-east-1-msp-1": {44.98, -93.27, "Minneapolis"},
	"us-east-1-nyc-1": {40.71, -74.01, "New York City"},
	"us-east-1-phl-1": {39.95, -75.17, "Philadelphia"},
	"us-east-1-qro-1": {20.59, -100.39, "Querétaro"},
	"us-east-1-scl-1": {-33.45, -70.67, "Santiago"},
	// parent us-west-2
	"us-west-2-den-1": {39.74, -104.99, "Denver"},
	"us-west-2-hnl-1": {21.31, -157.86, "Honolulu"},
	"us-west-2-las-1": {36.17, -115.14, "Las Vegas"},
	"us-west-2-lax-1": {34.05, -118.24, "Los Angeles"},
	"us-west-2-pdx-1": {45.52, -122.68, "Portland"},
	"us-west-2-phx-1": {33.45, -112.07, "Phoenix"},
	"us-west-2-sea-1": {47.61, -122.33, "Seattle"},
	// parents in Europe, the Middle East and Africa
	"eu-central-1-ham-1": {53.55, 9.99, "Hamburg"},
	"eu-central-1-waw-1": {52.23, 21.01, "Warsaw"},
	"eu-north-1-cph-1":   {55.68, 12.57, "Copenhagen"},
	"eu-north-1-hel-1":   {60.17, 24.94, "Helsinki"},
	"me-south-1-mct-1":   {23.59, 58.41, "Muscat"},
	"af-south-1-los-1":   {6.52, 3.38, "Lagos"},
	// parents in Asia Pacific
	"ap-south-1-ccu-1":     {22.57, 88.36, "Kolkata"},
	"ap-south-1-del-1":     {28.61, 77.21, "Delhi"},
	"ap-northeast-1-tpe-1": {25.03, 121.57, "Taipei"},
	"ap-southeast-1-bkk-1": {13.76, 100.50, "Bangkok"},
	"ap-southeast-1-mnl-1": {14.60, 120.98, "Manila"},
	"ap-southeast-2-akl-1": {-36.85, 174.76, "Auckland"},
	"ap-southeast-2-per-1": {-31.95, 115.86, "Perth"},
}

// LocalZoneGroupCoordinates returns the latitude and longitude (degrees,
// WGS-84) of the city an AWS Local Zone group serves, e.g. "us-west-2-lax-1";
// ok is false for a group r53d does not know.
func LocalZoneGroupCoordinates(code string) (lat, lon float64, ok bool) {
	p, ok := localZoneGroupPlaces[code]
	return p.lat, p.lon, ok
}

// LocalZoneGroupCity returns the city a Local Zone group serves, for
// explanations; "" for an unknown group.
func LocalZoneGroupCity(code string) string {
	return localZoneGroupPlaces[code].city
}
