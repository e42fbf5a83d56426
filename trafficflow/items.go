package trafficflow

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/policy"
)

// itemFields are the routing fields each rule type reads; an item setting
// another type's field is an error.
var itemFields = map[string][]string{
	RuleFailover:     nil,
	RuleGeo:          {"IsDefault", "Continent", "Country", "Subdivision"},
	RuleGeoproximity: {"Region", "Latitude", "Longitude", "Bias", "Location"},
	RuleLatency:      {"Region"},
	RuleMultivalue:   nil,
	RuleWeighted:     {"Weight"},
}

// setFields names the routing fields an item sets.
func (it *Item) setFields() []string {
	var out []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"IsDefault", it.IsDefault}, {"Continent", it.Continent != ""}, {"Country", it.Country != ""},
		{"Subdivision", it.Subdivision != ""}, {"Region", it.Region != ""}, {"Latitude", it.Latitude != ""},
		{"Longitude", it.Longitude != ""}, {"Bias", it.Bias != ""}, {"Location", it.Location != nil},
		{"Weight", it.Weight != ""},
	} {
		if f.set {
			out = append(out, f.name)
		}
	}
	return out
}

// items checks the routing fields of a rule's items.
func (c *checker) items(id string, r *Rule, es []entry) {
	seen := map[string]string{}
	unique := func(e entry, key, what string) {
		if other, dup := seen[key]; dup {
			c.add(id, e.field, "%s is already used by %s; each appears once in a rule", what, other)
		}
		seen[key] = e.field
	}
	defaults := 0
	for _, e := range es {
		it := e.item
		for _, f := range it.setFields() {
			if !contains(itemFields[r.RuleType], f) {
				c.add(id, e.field+"."+f, "not a field of a %s rule's items", r.RuleType)
			}
		}
		switch r.RuleType {
		case RuleGeo:
			if isDefault(it) {
				if defaults++; defaults == 2 {
					c.add(id, e.field, "a geo rule has one default location (IsDefault or Country \"*\"); this is a second")
				}
				continue
			}
			if err := checkGeo(it); err != "" {
				c.add(id, e.field, "%s", err)
				continue
			}
			unique(e, it.Continent+"/"+it.Country+"/"+it.Subdivision, "this location")
		case RuleLatency:
			if _, _, ok := geo.RegionCoordinates(it.Region); !ok {
				c.add(id, e.field+".Region", "%q is not an AWS Region r53d knows", it.Region)
				continue
			}
			unique(e, it.Region, "region "+it.Region)
		case RuleWeighted:
			if _, err := weightOf(it); err != nil {
				c.add(id, e.field+".Weight", "%v", err)
			}
		case RuleGeoproximity:
			if _, err := Proximity(c.d.AWSPolicyFormatVersion, it); err != nil {
				c.add(id, e.field, "%v", err)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func isDefault(it *Item) bool { return it.IsDefault || it.Country == defaultCountry }

// checkGeo checks a geo item that is not the default; "" when valid.
func checkGeo(it *Item) string {
	switch {
	case it.Continent != "" && it.Country != "":
		return "a location is a Continent or a Country, not both"
	case it.Continent != "":
		if !geo.ValidContinent(it.Continent) {
			return fmt.Sprintf("Continent %q is not a continent code (AF, AN, AS, EU, NA, OC, SA)", it.Continent)
		}
	case it.Country != "":
		if !geo.ValidCountry(it.Country) {
			return fmt.Sprintf("Country %q is not a country code Route 53 knows", it.Country)
		}
	default:
		return "a location needs a Continent, a Country, or IsDefault"
	}
	if it.Subdivision != "" && (it.Country != "US" || !geo.ValidUSSubdivision(it.Subdivision)) {
		return fmt.Sprintf("Subdivision %q is not a US state code with Country US", it.Subdivision)
	}
	return ""
}

// weightOf reads a weighted item's weight.
func weightOf(it *Item) (int, error) {
	if it.Weight == "" {
		return 0, fmt.Errorf("a weighted item needs a Weight")
	}
	w, err := it.Weight.Int()
	if err != nil || w < 0 || w > 255 {
		return 0, fmt.Errorf("Weight %q must be a whole number from 0 to 255", string(it.Weight))
	}
	return w, nil
}

// Proximity resolves a geoproximity item's location and bias in the given
// format version.
func Proximity(version string, it *Item) (policy.Proximity, error) {
	var p policy.Proximity
	var err error
	if version == Version2023 {
		if it.Region != "" || it.Latitude != "" || it.Longitude != "" {
			return p, fmt.Errorf("in format %s a geoproximity item gives its place in Location", Version2023)
		}
		p, err = location2023(it.Location)
	} else {
		if it.Location != nil {
			return p, fmt.Errorf("Location needs format version %s; format %s gives Region or Latitude and Longitude", Version2023, Version2015)
		}
		p, err = location2015(it)
	}
	if err != nil {
		return p, err
	}
	if it.Bias != "" {
		b, err := it.Bias.Int()
		if err != nil || b < -99 || b > 99 {
			return p, fmt.Errorf("Bias %q must be a whole number from -99 to 99", string(it.Bias))
		}
		p.Bias = b
	}
	return p, nil
}

func location2015(it *Item) (policy.Proximity, error) {
	switch {
	case it.Region != "" && (it.Latitude != "" || it.Longitude != ""):
		return policy.Proximity{}, fmt.Errorf("a geoproximity item has a Region or coordinates, not both")
	case it.Region != "":
		return region(strings.TrimPrefix(it.Region, regionPrefix), false)
	}
	return coordinates(it.Latitude, it.Longitude)
}

func location2023(l *Location) (policy.Proximity, error) {
	if l == nil {
		return policy.Proximity{}, fmt.Errorf("a geoproximity item needs a Location")
	}
	switch l.Type {
	case "Region":
		return region(strings.TrimPrefix(l.LocationName, regionPrefix), false)
	case "LocalZone":
		return region(strings.TrimPrefix(l.LocationName, regionPrefix), true)
	case "Coordinate":
		return coordinates(l.Latitude, l.Longitude)
	}
	return policy.Proximity{}, fmt.Errorf("Location.Type %q must be Region, LocalZone or Coordinate", l.Type)
}

func region(name string, localZone bool) (policy.Proximity, error) {
	p := policy.Proximity{Source: name}
	var ok bool
	if localZone {
		if p.Latitude, p.Longitude, ok = geo.LocalZoneGroupCoordinates(name); !ok {
			return p, fmt.Errorf("%q is not an AWS Local Zone group r53d knows", name)
		}
		return p, nil
	}
	if p.Latitude, p.Longitude, ok = geo.RegionCoordinates(name); !ok {
		return p, fmt.Errorf("%q is not an AWS Region r53d knows (write it %sus-east-1)", name, regionPrefix)
	}
	return p, nil
}

func coordinates(lat, lon Number) (policy.Proximity, error) {
	p := policy.Proximity{Source: string(lat) + "," + string(lon)}
	la, err1 := strconv.ParseFloat(string(lat), 64)
	if lat == "" || !coordinateText.MatchString(string(lat)) || err1 != nil || la < -90 || la > 90 {
		return p, fmt.Errorf("Latitude %q must be -90 to 90 with at most two decimals", string(lat))
	}
	lo, err2 := strconv.ParseFloat(string(lon), 64)
	if lon == "" || !coordinateText.MatchString(string(lon)) || err2 != nil || lo < -180 || lo > 180 {
		return p, fmt.Errorf("Longitude %q must be -180 to 180 with at most two decimals", string(lon))
	}
	p.Latitude, p.Longitude = la, lo
	return p, nil
}
