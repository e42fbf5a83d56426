package api

import "github.com/r53d/r53d/zones"

// rrsetXML is a ResourceRecordSet on the wire, both ways: the model's
// member names, and only the members a set has.
type rrsetXML struct {
	Name                    string                `xml:"Name"`
	Type                    string                `xml:"Type"`
	SetIdentifier           string                `xml:"SetIdentifier,omitempty"`
	Weight                  *int64                `xml:"Weight"`
	Region                  string                `xml:"Region,omitempty"`
	GeoLocation             *geoLocationXML       `xml:"GeoLocation"`
	Failover                string                `xml:"Failover,omitempty"`
	MultiValueAnswer        *bool                 `xml:"MultiValueAnswer"`
	TTL                     *int64                `xml:"TTL"`
	ResourceRecords         *resourceRecordsXML   `xml:"ResourceRecords"`
	AliasTarget             *aliasTargetXML       `xml:"AliasTarget"`
	HealthCheckID           string                `xml:"HealthCheckId,omitempty"`
	TrafficPolicyInstanceID string                `xml:"TrafficPolicyInstanceId,omitempty"`
	CidrRoutingConfig       *cidrRoutingConfigXML `xml:"CidrRoutingConfig"`
	GeoProximityLocation    *geoProximityLocXML   `xml:"GeoProximityLocation"`
}

type resourceRecordsXML struct {
	ResourceRecord []valueXML `xml:"ResourceRecord"`
}

type valueXML struct {
	Value string `xml:"Value"`
}

type geoLocationXML struct {
	ContinentCode   string `xml:"ContinentCode,omitempty"`
	CountryCode     string `xml:"CountryCode,omitempty"`
	SubdivisionCode string `xml:"SubdivisionCode,omitempty"`
}

type coordinatesXML struct {
	Latitude  string `xml:"Latitude"`
	Longitude string `xml:"Longitude"`
}

type aliasTargetXML struct {
	HostedZoneID         string `xml:"HostedZoneId"`
	DNSName              string `xml:"DNSName"`
	EvaluateTargetHealth bool   `xml:"EvaluateTargetHealth"`
}

type cidrRoutingConfigXML struct {
	CollectionID string `xml:"CollectionId"`
	LocationName string `xml:"LocationName"`
}

type geoProximityLocXML struct {
	AWSRegion      string          `xml:"AWSRegion,omitempty"`
	LocalZoneGroup string          `xml:"LocalZoneGroup,omitempty"`
	Coordinates    *coordinatesXML `xml:"Coordinates"`
	Bias           *int64          `xml:"Bias"`
}

func (x rrsetXML) set() zones.ResourceRecordSet {
	rs := zones.ResourceRecordSet{Name: x.Name, Type: x.Type, SetIdentifier: x.SetIdentifier, Weight: x.Weight,
		Region: x.Region, Failover: x.Failover, MultiValueAnswer: x.MultiValueAnswer,
		TTL: x.TTL, HealthCheckID: x.HealthCheckID, TrafficPolicyInstanceID: x.TrafficPolicyInstanceID}
	if g := x.GeoLocation; g != nil {
		rs.GeoLocation = &zones.GeoLocation{ContinentCode: g.ContinentCode, CountryCode: g.CountryCode, SubdivisionCode: g.SubdivisionCode}
	}
	if x.ResourceRecords != nil {
		// Present but empty stays non-nil: the rules tell it from absent.
		rs.ResourceRecords = make([]zones.ResourceRecord, 0, len(x.ResourceRecords.ResourceRecord))
		for _, rr := range x.ResourceRecords.ResourceRecord {
			rs.ResourceRecords = append(rs.ResourceRecords, zones.ResourceRecord{Value: rr.Value})
		}
	}
	if a := x.AliasTarget; a != nil {
		eval := a.EvaluateTargetHealth
		rs.AliasTarget = &zones.AliasTarget{HostedZoneID: a.HostedZoneID, DNSName: a.DNSName, EvaluateTargetHealth: &eval}
	}
	if c := x.CidrRoutingConfig; c != nil {
		rs.CidrRoutingConfig = &zones.CidrRoutingConfig{CollectionID: c.CollectionID, LocationName: c.LocationName}
	}
	if g := x.GeoProximityLocation; g != nil {
		rs.GeoProximityLocation = &zones.GeoProximityLocation{AWSRegion: g.AWSRegion, LocalZoneGroup: g.LocalZoneGroup, Bias: g.Bias}
		if g.Coordinates != nil {
			rs.GeoProximityLocation.Coordinates = &zones.Coordinates{Latitude: g.Coordinates.Latitude, Longitude: g.Coordinates.Longitude}
		}
	}
	return rs
}

func setXML(rs zones.ResourceRecordSet) rrsetXML {
	x := rrsetXML{Name: rs.Name, Type: rs.Type, SetIdentifier: rs.SetIdentifier, Weight: rs.Weight, Region: rs.Region,
		Failover: rs.Failover, MultiValueAnswer: rs.MultiValueAnswer, TTL: rs.TTL,
		HealthCheckID: rs.HealthCheckID, TrafficPolicyInstanceID: rs.TrafficPolicyInstanceID}
	if g := rs.GeoLocation; g != nil {
		x.GeoLocation = &geoLocationXML{ContinentCode: g.ContinentCode, CountryCode: g.CountryCode, SubdivisionCode: g.SubdivisionCode}
	}
	if rs.ResourceRecords != nil {
		x.ResourceRecords = &resourceRecordsXML{}
		for _, rr := range rs.ResourceRecords {
			x.ResourceRecords.ResourceRecord = append(x.ResourceRecords.ResourceRecord, valueXML{rr.Value})
		}
	}
	if a := rs.AliasTarget; a != nil {
		x.AliasTarget = &aliasTargetXML{HostedZoneID: a.HostedZoneID, DNSName: a.DNSName,
			EvaluateTargetHealth: a.EvaluateTargetHealth != nil && *a.EvaluateTargetHealth}
	}
	if c := rs.CidrRoutingConfig; c != nil {
		x.CidrRoutingConfig = &cidrRoutingConfigXML{CollectionID: c.CollectionID, LocationName: c.LocationName}
	}
	if g := rs.GeoProximityLocation; g != nil {
		x.GeoProximityLocation = &geoProximityLocXML{AWSRegion: g.AWSRegion, LocalZoneGroup: g.LocalZoneGroup, Bias: g.Bias}
		if g.Coordinates != nil {
			x.GeoProximityLocation.Coordinates = &coordinatesXML{Latitude: g.Coordinates.Latitude, Longitude: g.Coordinates.Longitude}
		}
	}
	return x
}

type changeResourceRecordSetsRequest struct {
	ChangeBatch *struct {
		Comment string `xml:"Comment"`
		Changes *struct {
			Change []struct {
				Action            string    `xml:"Action"`
				ResourceRecordSet *rrsetXML `xml:"ResourceRecordSet"`
			} `xml:"Change"`
		} `xml:"Changes"`
	} `xml:"ChangeBatch"`
}

type changeResourceRecordSetsResponse struct {
	XMLName    struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ChangeResourceRecordSetsResponse"`
	ChangeInfo changeInfoXML
}

type listResourceRecordSetsResponse struct {
	XMLName            struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListResourceRecordSetsResponse"`
	ResourceRecordSets struct {
		ResourceRecordSet []rrsetXML
	}
	IsTruncated          bool   `xml:"IsTruncated"`
	NextRecordName       string `xml:"NextRecordName,omitempty"`
	NextRecordType       string `xml:"NextRecordType,omitempty"`
	NextRecordIdentifier string `xml:"NextRecordIdentifier,omitempty"`
	MaxItems             string `xml:"MaxItems"`
}
