package zones

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ResourceRecordSet is Route 53's record set, field for field, as
// `aws route53 list-resource-record-sets` prints it and as hand-written
// YAML spells it.
type ResourceRecordSet struct {
	Name                    string                `yaml:"Name" json:"Name,omitempty"`
	Type                    string                `yaml:"Type" json:"Type,omitempty"`
	SetIdentifier           string                `yaml:"SetIdentifier" json:"SetIdentifier,omitempty"`
	Weight                  *int64                `yaml:"Weight" json:"Weight,omitempty"`
	Region                  string                `yaml:"Region" json:"Region,omitempty"`
	GeoLocation             *GeoLocation          `yaml:"GeoLocation" json:"GeoLocation,omitempty"`
	Failover                string                `yaml:"Failover" json:"Failover,omitempty"`
	MultiValueAnswer        *bool                 `yaml:"MultiValueAnswer" json:"MultiValueAnswer,omitempty"`
	TTL                     *int64                `yaml:"TTL" json:"TTL,omitempty"`
	ResourceRecords         []ResourceRecord      `yaml:"ResourceRecords" json:"ResourceRecords,omitempty"`
	AliasTarget             *AliasTarget          `yaml:"AliasTarget" json:"AliasTarget,omitempty"`
	HealthCheckID           string                `yaml:"HealthCheckId" json:"HealthCheckId,omitempty"`
	TrafficPolicyInstanceID string                `yaml:"TrafficPolicyInstanceId" json:"TrafficPolicyInstanceId,omitempty"`
	CidrRoutingConfig       *CidrRoutingConfig    `yaml:"CidrRoutingConfig" json:"CidrRoutingConfig,omitempty"`
	GeoProximityLocation    *GeoProximityLocation `yaml:"GeoProximityLocation" json:"GeoProximityLocation,omitempty"`
}

// ResourceRecord is one value of a record set.
type ResourceRecord struct {
	Value string `yaml:"Value" json:"Value"`
}

// GeoLocation is a geolocation record's location.
type GeoLocation struct {
	ContinentCode   string `yaml:"ContinentCode" json:"ContinentCode,omitempty"`
	CountryCode     string `yaml:"CountryCode" json:"CountryCode,omitempty"`
	SubdivisionCode string `yaml:"SubdivisionCode" json:"SubdivisionCode,omitempty"`
}

// AliasTarget points an alias record at another record set.
type AliasTarget struct {
	HostedZoneID         string `yaml:"HostedZoneId" json:"HostedZoneId,omitempty"`
	DNSName              string `yaml:"DNSName" json:"DNSName,omitempty"`
	EvaluateTargetHealth *bool  `yaml:"EvaluateTargetHealth" json:"EvaluateTargetHealth,omitempty"`
}

// CidrRoutingConfig names an IP-based record's CIDR location.
type CidrRoutingConfig struct {
	CollectionID string `yaml:"CollectionId" json:"CollectionId,omitempty"`
	LocationName string `yaml:"LocationName" json:"LocationName,omitempty"`
}

// GeoProximityLocation is a geoproximity record's location and bias.
type GeoProximityLocation struct {
	AWSRegion      string       `yaml:"AWSRegion" json:"AWSRegion,omitempty"`
	LocalZoneGroup string       `yaml:"LocalZoneGroup" json:"LocalZoneGroup,omitempty"`
	Coordinates    *Coordinates `yaml:"Coordinates" json:"Coordinates,omitempty"`
	Bias           *int64       `yaml:"Bias" json:"Bias,omitempty"`
}

// Coordinates are strings in Route 53's model ("47.61"), at most two decimals.
type Coordinates struct {
	Latitude  string `yaml:"Latitude" json:"Latitude,omitempty"`
	Longitude string `yaml:"Longitude" json:"Longitude,omitempty"`
}

// positioned is a record set with where it was written.
type positioned struct {
	ResourceRecordSet
	file string
	line int
	col  int
	// fields maps a field path ("TTL", "GeoLocation.CountryCode") to its line.
	fields map[string]int
}

// ident names a record set in messages the way Route 53's errors do.
func (p *positioned) ident() string {
	s := fmt.Sprintf("RRSet with DNS name %s, type %s", p.Name, p.Type)
	if p.SetIdentifier != "" {
		s += fmt.Sprintf(", SetIdentifier %q", p.SetIdentifier)
	}
	return s
}

// lineOf is the line of a field of the record, else of the record.
func (p *positioned) lineOf(field string) int {
	if l, ok := p.fields[field]; ok {
		return l
	}
	return p.line
}

// knownFields lists, per object path, the member names of Route 53's model.
var knownFields = map[string][]string{
	"": {"Name", "Type", "SetIdentifier", "Weight", "Region", "GeoLocation", "Failover", "MultiValueAnswer", "TTL",
		"ResourceRecords", "AliasTarget", "HealthCheckId", "TrafficPolicyInstanceId", "CidrRoutingConfig", "GeoProximityLocation"},
	"ResourceRecords[]":                {"Value"},
	"GeoLocation":                      {"ContinentCode", "CountryCode", "SubdivisionCode"},
	"AliasTarget":                      {"HostedZoneId", "DNSName", "EvaluateTargetHealth"},
	"CidrRoutingConfig":                {"CollectionId", "LocationName"},
	"GeoProximityLocation":             {"AWSRegion", "LocalZoneGroup", "Coordinates", "Bias"},
	"GeoProximityLocation.Coordinates": {"Latitude", "Longitude"},
}

// parseRecordSets reads a list-resource-record-sets document (JSON, or
// YAML with the same field names) and the hosted-zone metadata beside its
// record sets. Other top-level members (such as the IsTruncated of a
// listing pasted whole) are ignored.
func parseRecordSets(file string, data []byte) (fileMeta, []*positioned, Diagnostics) {
	root, syntax := parseDocument(file, data)
	if syntax != nil {
		return fileMeta{file: file}, nil, Diagnostics{*syntax}
	}
	list := MappingValue(root, "ResourceRecordSets")
	if list == nil || list.Kind != yaml.SequenceNode {
		return fileMeta{file: file}, nil, Diagnostics{{File: file, Line: root.Line, Col: root.Column, Rule: "format",
			Message: `expected an object with a "ResourceRecordSets" list, as aws route53 list-resource-record-sets prints`}}
	}
	meta, diags := parseMeta(file, root)
	var out []*positioned
	for i, n := range list.Content {
		p := &positioned{file: file, line: n.Line, col: n.Column, fields: map[string]int{}}
		if n.Kind != yaml.MappingNode {
			diags = append(diags, Diagnostic{File: file, Line: n.Line, Col: n.Column, Rule: "format",
				Message: fmt.Sprintf("ResourceRecordSets[%d]: expected an object", i)})
			continue
		}
		ds := checkFields(file, n, "", p.fields)
		if err := n.Decode(&p.ResourceRecordSet); err != nil {
			ds = append(ds, yamlError(file, err))
		}
		if len(ds) > 0 {
			diags = append(diags, ds...)
			continue
		}
		out = append(out, p)
	}
	return meta, out, diags
}

// checkFields rejects member names Route 53's model does not have (a typo
// such as "Wieght" would otherwise silently make a simple record) and
// records each field's line.
func checkFields(file string, n *yaml.Node, path string, lines map[string]int) Diagnostics {
	var diags Diagnostics
	allowed := knownFields[path]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		full := k.Value
		if path != "" {
			full = strings.TrimSuffix(path, "[]") + "." + k.Value
		}
		lines[full] = k.Line
		if !slices.Contains(allowed, k.Value) {
			diags = append(diags, Diagnostic{File: file, Line: k.Line, Col: k.Column, Rule: "unknown-field",
				Message: fmt.Sprintf("unknown field %q; Route 53's record set has %s", full, strings.Join(allowed, ", "))})
			continue
		}
		sub := full
		if v.Kind == yaml.SequenceNode {
			sub += "[]"
			for _, item := range v.Content {
				if item.Kind == yaml.MappingNode {
					diags = append(diags, checkFields(file, item, sub, lines)...)
				}
			}
			continue
		}
		if v.Kind == yaml.MappingNode {
			diags = append(diags, checkFields(file, v, sub, lines)...)
		}
	}
	return diags
}

// yamlError positions a YAML or JSON syntax or type error.
func yamlError(file string, err error) Diagnostic {
	d := Diagnostic{File: file, Rule: "syntax", Message: err.Error()}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(num); err == nil {
				d.Line, d.Message = l, text
			}
		}
	}
	return d
}
