package geo

import (
	"maps"
	"slices"
)

// place is a point on the map and the city it stands for.
type place struct {
	lat, lon float64
	city     string
}

// regionPlaces locates every AWS Region r53d knows at the city its data
// centres are in or next to, to two decimals. AWS publishes no coordinates
// (docs/differences.md#decisions), so these are r53d's choice; they decide
// geoproximity answers and the latency estimate. Never written after load.
var regionPlaces = map[string]place{
	// North America
	"us-east-1":    {39.04, -77.49, "Ashburn, Virginia"},
	"us-east-2":    {39.96, -83.00, "Columbus, Ohio"},
	"us-west-1":    {37.34, -121.89, "San Jose, California"},
	"us-west-2":    {45.84, -119.70, "Boardman, Oregon"},
	"ca-central-1": {45.50, -73.57, "Montréal"},
	"ca-west-1":    {51.05, -114.07, "Calgary"},
	"mx-central-1": {20.59, -100.39, "Querétaro"},
	// South America
	"sa-east-1": {-23.55, -46.63, "São Paulo"},
	// Europe
	"eu-west-1":    {53.35, -6.26, "Dublin"},
	"eu-west-2":    {51.51, -0.13, "London"},
	"eu-west-3":    {48.86, 2.35, "Paris"},
	"eu-central-1": {50.11, 8.68, "Frankfurt"},
	"eu-central-2": {47.37, 8.54, "Zürich"},
	"eu-north-1":   {59.33, 18.07, "Stockholm"},
	"eu-south-1":   {45.46, 9.19, "Milan"},
	"eu-south-2":   {41.65, -0.88, "Zaragoza, Aragón"},
	// Middle East and Africa
	"me-south-1":   {26.23, 50.59, "Manama, Bahrain"},
	"me-central-1": {25.20, 55.27, "Dubai, UAE"},
	"il-central-1": {32.09, 34.78, "Tel Aviv"},
	"af-south-1":   {-33.92, 18.42, "Cape Town"},
	// Asia Pacific
	"ap-east-1":      {22.32, 114.17, "Hong Kong"},
	"ap-east-2":      {25.03, 121.57, "Taipei"},
	"ap-south-1":     {19.08, 72.88, "Mumbai"},
	"ap-south-2":     {17.39, 78.49, "Hyderabad"},
	"ap-southeast-1": {1.35, 103.82, "Singapore"},
	"ap-southeast-2": {-33.87, 151.21, "Sydney"},
	"ap-southeast-3": {-6.21, 106.85, "Jakarta"},
	"ap-southeast-4": {-37.81, 144.96, "Melbourne"},
	"ap-southeast-5": {3.14, 101.69, "Kuala Lumpur"},
	"ap-southeast-6": {-36.85, 174.76, "Auckland"},
	"ap-southeast-7": {13.76, 100.50, "Bangkok"},
	"ap-northeast-1": {35.68, 139.69, "Tokyo"},
	"ap-northeast-2": {37.57, 126.98, "Seoul"},
	"ap-northeast-3": {34.69, 135.50, "Osaka"},
	// China, GovCloud and the European Sovereign Cloud
	"cn-north-1":     {39.90, 116.41, "Beijing"},
	"cn-northwest-1": {37.51, 105.19, "Zhongwei, Ningxia"},
	"us-gov-east-1":  {39.96, -83.00, "Columbus, Ohio"},
	"us-gov-west-1":  {45.84, -119.70, "Boardman, Oregon"},
	"eusc-de-east-1": {52.39, 13.06, "Potsdam, Brandenburg"},
}

// RegionCoordinates returns the latitude and longitude (degrees, WGS-84) r53d
// uses for the AWS Region code, e.g. "eu-west-1"; ok is false for a code that
// is not a Region r53d knows. Local Zone groups are looked up with
// LocalZoneGroupCoordinates.
func RegionCoordinates(code string) (lat, lon float64, ok bool) {
	p, ok := regionPlaces[code]
	return p.lat, p.lon, ok
}

// RegionCity returns the city whose coordinates RegionCoordinates gives for
// code, for explanations ("eu-west-1 (Dublin)"); "" for an unknown code.
func RegionCity(code string) string {
	return regionPlaces[code].city
}

// Regions returns the codes of every AWS Region r53d knows, sorted. The slice
// is the caller's to keep or modify.
func Regions() []string {
	return slices.Sorted(maps.Keys(regionPlaces))
}
