package geo

// usSubdivisions are the SubdivisionCode values Route 53 accepts with
// CountryCode US: the 50 states and the District of Columbia. US territories
// (AS GU MP PR UM VI) are not subdivisions in Route 53 but countries of their
// own (docs/zones.md#record-set-rules), so they are absent here.
var usSubdivisions = map[string]struct{}{
	"AK": {}, "AL": {}, "AR": {}, "AZ": {}, "CA": {}, "CO": {}, "CT": {},
	"DC": {}, "DE": {}, "FL": {}, "GA": {}, "HI": {}, "IA": {}, "ID": {},
	"IL": {}, "IN": {}, "KS": {}, "KY": {}, "LA": {}, "MA": {}, "MD": {},
	"ME": {}, "MI": {}, "MN": {}, "MO": {}, "MS": {}, "MT": {}, "NC": {},
	"ND": {}, "NE": {}, "NH": {}, "NJ": {}, "NM": {}, "NV": {}, "NY": {},
	"OH": {}, "OK": {}, "OR": {}, "PA": {}, "RI": {}, "SC": {}, "SD": {},
	"TN": {}, "TX": {}, "UT": {}, "VA": {}, "VT": {}, "WA": {}, "WI": {},
	"WV": {}, "WY": {},
}

// ValidUSSubdivision reports whether code is a SubdivisionCode that Route 53
// accepts together with CountryCode US: the upper-case postal code of one of
// the 50 states or of the District of Columbia ("DC"). Territories such as
// PR or GU are rejected because Route 53 treats them as countries. Route 53
// documents subdivisions only for the US (docs/zones.md#record-set-rules), so there is
// no check for other countries.
func ValidUSSubdivision(code string) bool {
	_, ok := usSubdivisions[code]
	return ok
}
