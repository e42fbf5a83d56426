package geo

import "strings"

// continentRows is Route 53's own country → continent table (docs/routing.md#geolocation;
// the Developer Guide's snapshot of late 2022), one row per continent, kept in
// the guide's layout so it can be checked against it by eye. It differs from
// generic tables: TR, RU, CY and GE sit where Route 53 puts them, UA and XK
// are accepted, and BV, CX, EH and HM are absent because Route 53 has no data
// for them.
var continentRows = [...]struct{ continent, countries string }{
	{"AF", "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW"},
	{"AN", "AQ GS TF"},
	{"AS", "AE AF AM AZ BD BH BN BT CC CN GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TM TW UZ VN YE"},
	{"EU", "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA XK"},
	{"NA", "AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA PM PR SV SX TC TT US VC VG VI"},
	{"OC", "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TL TO TV UM VU WF WS"},
	{"SA", "AR BO BR CL CO EC FK GF GY PE PY SR UY VE"},
}

// countryContinent indexes continentRows by country. It is built once when
// the package is loaded and never written afterwards.
var countryContinent = indexContinentRows()

func indexContinentRows() map[string]string {
	m := make(map[string]string, 256)
	for _, row := range continentRows {
		for _, country := range strings.Fields(row.countries) {
			m[country] = row.continent
		}
	}
	return m
}

// ContinentOf returns the Route 53 continent code (AF AN AS EU NA OC SA) that
// Route 53 places country in, or "" when country is not one Route 53 knows.
// country is an upper-case ISO 3166-1 alpha-2 code (or XK).
func ContinentOf(country string) string {
	return countryContinent[country]
}

// ValidCountry reports whether country is a CountryCode that Route 53
// geolocation records accept: an upper-case code of Route 53's table
// (UA and XK included; BV, CX, EH and HM not). The default location "*"
// is not a country and is left to the caller.
func ValidCountry(country string) bool {
	_, ok := countryContinent[country]
	return ok
}

// ValidContinent reports whether code is one of Route 53's seven continent
// codes: AF AN AS EU NA OC SA (upper case).
func ValidContinent(code string) bool {
	switch code {
	case "AF", "AN", "AS", "EU", "NA", "OC", "SA":
		return true
	}
	return false
}
