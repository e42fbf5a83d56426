package geo

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// route53Continents is Route 53's continent table typed in again, independently of
// continentRows, so a slip in either shows up.
var route53Continents = map[string]string{
	"AF": "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW",
	"AN": "AQ GS TF",
	"AS": "AE AF AM AZ BD BH BN BT CC CN GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TM TW UZ VN YE",
	"EU": "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA XK",
	"NA": "AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA PM PR SV SX TC TT US VC VG VI",
	"OC": "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TL TO TV UM VU WF WS",
	"SA": "AR BO BR CL CO EC FK GF GY PE PY SR UY VE",
}

func TestContinentOfEveryRow(t *testing.T) {
	total := 0
	for continent, countries := range route53Continents {
		t.Run(continent, func(t *testing.T) {
			assert.True(t, ValidContinent(continent))
			for _, country := range strings.Fields(countries) {
				assert.Equal(t, continent, ContinentOf(country), "country %s", country)
				assert.True(t, ValidCountry(country), "country %s", country)
			}
		})
		total += len(strings.Fields(countries))
	}
	assert.Len(t, countryContinent, total, "the table has countries the guide does not list")
}

func TestContinentOfSpecialCases(t *testing.T) {
	for country, want := range map[string]string{
		"UA": "EU", "XK": "EU", // accepted by Route 53
		"TR": "EU", "RU": "EU", "CY": "EU", "GE": "AS", // where Route 53, not every table, puts them
		"BV": "", "CX": "", "EH": "", "HM": "", // no data in Route 53
		"": "", "us": "", "USA": "", "*": "", "ZZ": "",
	} {
		assert.Equal(t, want, ContinentOf(country), "country %q", country)
		assert.Equal(t, want != "", ValidCountry(country), "country %q", country)
	}
}

func TestValidContinent(t *testing.T) {
	for _, code := range []string{"AF", "AN", "AS", "EU", "NA", "OC", "SA"} {
		assert.True(t, ValidContinent(code), code)
	}
	for _, code := range []string{"", "eu", "EUR", "AM", "ZZ", "*"} {
		assert.False(t, ValidContinent(code), code)
	}
}

func TestValidUSSubdivision(t *testing.T) {
	for _, code := range []string{"AK", "CA", "DC", "HI", "NY", "TX", "WY"} {
		assert.True(t, ValidUSSubdivision(code), code)
	}
	// Territories are countries in Route 53; lower case and provinces are not states.
	for _, code := range []string{"PR", "GU", "VI", "AS", "MP", "UM", "tx", "", "ON", "ENG", "US-TX"} {
		assert.False(t, ValidUSSubdivision(code), code)
	}
	assert.Len(t, usSubdivisions, 51, "50 states and DC")
}
