package zones

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/resources"
)

// routedTypes are the record types Route 53 accepts in record sets.
var routedTypes = map[string]uint16{
	"SOA": dns.TypeSOA, "A": dns.TypeA, "TXT": dns.TypeTXT, "NS": dns.TypeNS, "CNAME": dns.TypeCNAME,
	"MX": dns.TypeMX, "NAPTR": dns.TypeNAPTR, "PTR": dns.TypePTR, "SRV": dns.TypeSRV, "SPF": dns.TypeSPF,
	"AAAA": dns.TypeAAAA, "CAA": dns.TypeCAA, "DS": dns.TypeDS, "TLSA": dns.TypeTLSA, "SSHFP": dns.TypeSSHFP,
	"SVCB": dns.TypeSVCB, "HTTPS": dns.TypeHTTPS,
}

// Quotas of Route 53 (docs/zones.md#quotas).
const (
	maxValuesPerRecord  = 400
	maxValueLength      = 4000
	maxGroupRecords     = 100
	maxProximityRecords = 30
	maxZoneRecordSets   = 10000
)

var (
	latitudeText  = regexp.MustCompile(`^[-+]?[0-9]{1,2}(\.[0-9]{0,2})?$`)
	longitudeText = regexp.MustCompile(`^[-+]?[0-9]{1,3}(\.[0-9]{0,2})?$`)
	locationText  = regexp.MustCompile(`^[0-9A-Za-z_-]{1,16}$`)
)

// checked is one record set that passed its own rules, converted.
type checked struct {
	src    *positioned
	name   string
	rrtype uint16
	kind   policy.Kind
	ttl    uint32
	record policy.Record
}

// Refs is what record sets may refer to outside their zone: the health
// checks, CIDR collections and AWS resources defined beside them.
type Refs struct {
	HealthChecks map[string]bool            // ids defined, valid or not
	Collections  map[string]map[string]bool // collection id → location names
	Resources    *resources.Set             // nil: none declared
	// Flows are the policy records (traffic policy instances) to file,
	// each in the closest zone enclosing its name.
	Flows []FlowRecord
	// BrokenFlows are the names of policy records that did not compile
	// (their error is reported already): the zone holding one fails, so a
	// reload keeps its last good version rather than drop the record.
	BrokenFlows []string
}

// recordErr reports a broken rule of one record set, naming the record.
func (b *builder) recordErr(p *positioned, field, rule, format string, args ...any) {
	b.diags = append(b.diags, Diagnostic{File: p.file, Line: p.lineOf(field), Col: 1, Rule: rule,
		Message: p.ident() + ": " + fmt.Sprintf(format, args...)})
}

// recordSays reports a rule in Route 53's own words, which begin with the
// record's identity ("RRSet with DNS name x., type A cannot be created ...").
func (b *builder) recordSays(p *positioned, field, rule, format string, args ...any) {
	b.diags = append(b.diags, Diagnostic{File: p.file, Line: p.lineOf(field), Col: 1, Rule: rule,
		Message: p.ident() + " " + fmt.Sprintf(format, args...)})
}

// checkRecordSet applies the rules of one record set
// (docs/zones.md#record-set-rules) and converts it. ok is false when it broke any.
func (b *builder) checkRecordSet(p *positioned, side *Refs) (checked, bool) {
	before := len(b.diags)
	c := checked{src: p}
	name, err := route53Name(p.Name)
	if err != nil {
		b.recordErr(p, "Name", "name", "%v", err)
		return c, false
	}
	c.name = name
	if !dns.IsSubDomain(b.origin, name) {
		b.recordErr(p, "Name", "out-of-zone", "the name is outside zone %s", b.origin)
		return c, false
	}
	t, ok := routedTypes[strings.ToUpper(p.Type)]
	if !ok {
		b.recordErr(p, "Type", "type", "type %q is not one Route 53 supports (SOA A TXT NS CNAME MX NAPTR PTR SRV SPF AAAA CAA DS TLSA SSHFP SVCB HTTPS)", p.Type)
		return c, false
	}
	c.rrtype = t
	c.kind = b.checkPolicy(p, t)
	c.record = policy.Record{SetIdentifier: p.SetIdentifier, HealthCheckID: p.HealthCheckID}
	if p.HealthCheckID != "" && !side.HealthChecks[p.HealthCheckID] {
		b.recordErr(p, "HealthCheckId", "health-check", "health check %q is not defined; add it to health-checks.json or health-checks.yaml", p.HealthCheckID)
	}
	if p.AliasTarget != nil {
		b.checkAlias(p, &c)
	} else {
		b.checkValues(p, &c)
	}
	b.checkDiscriminator(p, &c, side)
	return c, len(b.diags) == before
}

// checkPolicy finds the one policy a record set belongs to (§1.2 rules 1-2).
func (b *builder) checkPolicy(p *positioned, t uint16) policy.Kind {
	var kinds []policy.Kind
	var fields []string
	add := func(present bool, k policy.Kind, field string) {
		if present {
			kinds, fields = append(kinds, k), append(fields, field)
		}
	}
	add(p.Weight != nil, policy.Weighted, "Weight")
	add(p.Region != "", policy.Latency, "Region")
	add(p.Failover != "", policy.Failover, "Failover")
	add(p.GeoLocation != nil, policy.Geolocation, "GeoLocation")
	add(p.GeoProximityLocation != nil, policy.Geoproximity, "GeoProximityLocation")
	add(p.MultiValueAnswer != nil && *p.MultiValueAnswer, policy.Multivalue, "MultiValueAnswer")
	add(p.CidrRoutingConfig != nil, policy.IPBased, "CidrRoutingConfig")
	switch {
	case len(kinds) > 1:
		b.recordErr(p, fields[1], "policy", "a record set has one routing policy, but this one has %s", strings.Join(fields, " and "))
	case len(kinds) == 0 && p.SetIdentifier != "":
		b.recordErr(p, "SetIdentifier", "policy", "SetIdentifier is only for routed records: add Weight, Region, Failover, GeoLocation, GeoProximityLocation, MultiValueAnswer or CidrRoutingConfig, or remove it")
	case len(kinds) == 1 && p.SetIdentifier == "":
		b.recordErr(p, fields[0], "policy", "%s records need a SetIdentifier", kinds[0].Route53Name())
	case len(p.SetIdentifier) > 128:
		b.recordErr(p, "SetIdentifier", "policy", "SetIdentifier is longer than 128 characters")
	}
	if len(kinds) == 0 {
		return policy.Simple
	}
	k := kinds[0]
	switch {
	case t == dns.TypeNS || t == dns.TypeSOA || t == dns.TypeDS:
		b.recordErr(p, "Type", "policy", "%s records can only use simple routing", dns.TypeToString[t])
	case k == policy.Multivalue && t == dns.TypeCNAME:
		b.recordErr(p, "Type", "policy", "multivalue answer records cannot be of type CNAME")
	}
	return k
}

// checkAlias applies the alias rules (§1.2 rules 5, 14, 17).
func (b *builder) checkAlias(p *positioned, c *checked) {
	a := p.AliasTarget
	switch {
	case p.TTL != nil:
		b.recordErr(p, "TTL", "alias", "alias records take the TTL of their target; remove TTL")
	case len(p.ResourceRecords) > 0:
		b.recordErr(p, "ResourceRecords", "alias", "alias records have no ResourceRecords")
	case a.DNSName == "" || a.HostedZoneID == "" || a.EvaluateTargetHealth == nil:
		b.recordErr(p, "AliasTarget", "alias", "AliasTarget needs HostedZoneId, DNSName and EvaluateTargetHealth")
	case c.kind == policy.Multivalue:
		b.recordErr(p, "AliasTarget", "alias", "multivalue answer records cannot be aliases")
	}
	target, err := route53Name(a.DNSName)
	if err != nil {
		b.recordErr(p, "AliasTarget.DNSName", "alias", "%v", err)
		return
	}
	eth := a.EvaluateTargetHealth != nil && *a.EvaluateTargetHealth
	c.record.Alias = &policy.Alias{Target: target, EvaluateTargetHealth: eth}
}

// checkDiscriminator validates the policy field of a routed record set.
func (b *builder) checkDiscriminator(p *positioned, c *checked, side *Refs) {
	r := &c.record
	switch c.kind {
	case policy.Weighted:
		if w := *p.Weight; w < 0 || w > 255 {
			b.recordErr(p, "Weight", "weight", "Weight must be 0 to 255, not %d", w)
		} else {
			r.Weight = int(w)
		}
	case policy.Latency:
		if _, _, ok := geo.RegionCoordinates(p.Region); !ok {
			b.recordErr(p, "Region", "region", "%q is not an AWS region", p.Region)
		}
		r.Region = p.Region
	case policy.Failover:
		switch p.Failover {
		case "PRIMARY":
			r.Failover = policy.Primary
			if p.AliasTarget == nil && p.HealthCheckID == "" {
				b.recordSays(p, "Failover", "failover", "has no health check. A non-alias primary ResourceRecordSet must have an associated health check.")
			}
		case "SECONDARY":
			r.Failover = policy.Secondary
		default:
			b.recordErr(p, "Failover", "failover", "Failover must be PRIMARY or SECONDARY, not %q", p.Failover)
		}
	case policy.Geolocation:
		r.Geo = b.checkGeoLocation(p)
	case policy.Geoproximity:
		r.Proximity = b.checkProximity(p)
	case policy.IPBased:
		r.CIDRLocation = b.checkCIDR(p, side)
	}
}

func (b *builder) checkGeoLocation(p *positioned) policy.GeoLocation {
	g := p.GeoLocation
	out := policy.GeoLocation{Continent: g.ContinentCode, Country: g.CountryCode, Subdivision: g.SubdivisionCode}
	switch {
	case g.ContinentCode != "" && (g.CountryCode != "" || g.SubdivisionCode != ""):
		b.recordErr(p, "GeoLocation.ContinentCode", "geolocation", "ContinentCode cannot be combined with CountryCode or SubdivisionCode")
	case g.ContinentCode != "" && !geo.ValidContinent(g.ContinentCode):
		b.recordErr(p, "GeoLocation.ContinentCode", "geolocation", "%q is not a continent code (AF AN AS EU NA OC SA)", g.ContinentCode)
	case g.ContinentCode == "" && g.CountryCode == "":
		b.recordErr(p, "GeoLocation", "geolocation", "GeoLocation needs a ContinentCode or a CountryCode (\"*\" for the default record)")
	case g.CountryCode == "*" && g.SubdivisionCode != "":
		b.recordErr(p, "GeoLocation.SubdivisionCode", "geolocation", "the default location \"*\" has no SubdivisionCode")
	case g.CountryCode != "" && g.CountryCode != "*" && !geo.ValidCountry(g.CountryCode):
		b.recordErr(p, "GeoLocation.CountryCode", "geolocation", "%q is not a country code Route 53 supports", g.CountryCode)
	case g.SubdivisionCode != "" && g.CountryCode != "US":
		b.recordErr(p, "GeoLocation.SubdivisionCode", "geolocation", "SubdivisionCode is only supported with CountryCode US")
	case g.SubdivisionCode != "" && !geo.ValidUSSubdivision(g.SubdivisionCode):
		b.recordErr(p, "GeoLocation.SubdivisionCode", "geolocation", "%q is not a US state code", g.SubdivisionCode)
	}
	return out
}

func (b *builder) checkProximity(p *positioned) policy.Proximity {
	g := p.GeoProximityLocation
	var out policy.Proximity
	n := 0
	for _, set := range []bool{g.AWSRegion != "", g.LocalZoneGroup != "", g.Coordinates != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		b.recordErr(p, "GeoProximityLocation", "geoproximity", "GeoProximityLocation needs exactly one of AWSRegion, LocalZoneGroup and Coordinates, not %d", n)
		return out
	}
	if g.Bias != nil {
		if *g.Bias < -99 || *g.Bias > 99 {
			b.recordErr(p, "GeoProximityLocation.Bias", "geoproximity", "Bias must be -99 to 99, not %d", *g.Bias)
		}
		out.Bias = int(*g.Bias)
	}
	var ok bool
	switch {
	case g.AWSRegion != "":
		out.Source = g.AWSRegion
		if out.Latitude, out.Longitude, ok = geo.RegionCoordinates(g.AWSRegion); !ok {
			b.recordErr(p, "GeoProximityLocation.AWSRegion", "geoproximity", "%q is not an AWS region", g.AWSRegion)
		}
	case g.LocalZoneGroup != "":
		out.Source = g.LocalZoneGroup
		if out.Latitude, out.Longitude, ok = geo.LocalZoneGroupCoordinates(g.LocalZoneGroup); !ok {
			b.recordErr(p, "GeoProximityLocation.LocalZoneGroup", "geoproximity", "%q is not a Local Zone group r53d knows", g.LocalZoneGroup)
		}
	default:
		out.Latitude, out.Longitude = b.checkCoordinates(p, g.Coordinates)
		out.Source = g.Coordinates.Latitude + "," + g.Coordinates.Longitude
	}
	return out
}

func (b *builder) checkCoordinates(p *positioned, c *Coordinates) (lat, lon float64) {
	lat, err1 := strconv.ParseFloat(c.Latitude, 64)
	if !latitudeText.MatchString(c.Latitude) || err1 != nil || lat < -90 || lat > 90 {
		b.recordErr(p, "GeoProximityLocation.Coordinates.Latitude", "geoproximity", "Latitude %q must be -90 to 90 with at most two decimals, as a string", c.Latitude)
	}
	lon, err2 := strconv.ParseFloat(c.Longitude, 64)
	if !longitudeText.MatchString(c.Longitude) || err2 != nil || lon < -180 || lon > 180 {
		b.recordErr(p, "GeoProximityLocation.Coordinates.Longitude", "geoproximity", "Longitude %q must be -180 to 180 with at most two decimals, as a string", c.Longitude)
	}
	return lat, lon
}

func (b *builder) checkCIDR(p *positioned, side *Refs) string {
	c := p.CidrRoutingConfig
	switch {
	case c.CollectionID == "" || c.LocationName == "":
		b.recordErr(p, "CidrRoutingConfig", "cidr", "CidrRoutingConfig needs CollectionId and LocationName")
	case c.LocationName != "*" && !locationText.MatchString(c.LocationName):
		b.recordErr(p, "CidrRoutingConfig.LocationName", "cidr", "LocationName %q must be 1 to 16 of [0-9A-Za-z_-], or \"*\"", c.LocationName)
	case side.Collections[c.CollectionID] == nil:
		b.recordErr(p, "CidrRoutingConfig.CollectionId", "cidr", "CIDR collection %q is not defined; add it to cidr-collections.json or cidr-collections.yaml", c.CollectionID)
	case c.LocationName != "*" && !side.Collections[c.CollectionID][c.LocationName]:
		b.recordErr(p, "CidrRoutingConfig.LocationName", "cidr", "CIDR collection %q has no location %q", c.CollectionID, c.LocationName)
	}
	return c.LocationName
}
