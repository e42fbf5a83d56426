// Package trafficflow reads Route 53 traffic-flow policy documents (format
// versions 2015-10-01 and 2023-05-09), checks them the way Route 53 does
// before it accepts one, and compiles a checked document into the tree of
// routing groups policy.Select answers from: one group per rule, each
// reference to a rule an alias with the item's EvaluateTargetHealth.
package trafficflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// The document format versions Route 53 accepts.
const (
	Version2015 = "2015-10-01"
	Version2023 = "2023-05-09" // adds Local Zones and the Location object
)

// maxDocument is Route 53's limit on a document's length in characters.
const maxDocument = 102400

// Document is a traffic policy document, field for field.
type Document struct {
	AWSPolicyFormatVersion string              `json:"AWSPolicyFormatVersion"`
	RecordType             string              `json:"RecordType"`
	StartRule              string              `json:"StartRule,omitempty"`
	StartEndpoint          string              `json:"StartEndpoint,omitempty"`
	Endpoints              map[string]Endpoint `json:"Endpoints,omitempty"`
	Rules                  map[string]Rule     `json:"Rules,omitempty"`
}

// Endpoint is where a branch of the tree ends: a literal value or an AWS
// resource.
type Endpoint struct {
	Type   string `json:"Type"`
	Value  string `json:"Value"`
	Region string `json:"Region,omitempty"` // s3-website: the bucket's region
}

// Rule is one routing decision; which member holds its items depends on
// RuleType.
type Rule struct {
	RuleType              string `json:"RuleType"`
	Primary               *Item  `json:"Primary,omitempty"`
	Secondary             *Item  `json:"Secondary,omitempty"`
	Locations             []Item `json:"Locations,omitempty"`             // geo
	GeoproximityLocations []Item `json:"GeoproximityLocations,omitempty"` // geoproximity
	Regions               []Item `json:"Regions,omitempty"`               // latency
	Items                 []Item `json:"Items,omitempty"`                 // weighted, multivalue
}

// Item is one choice of a rule: a reference to an endpoint or a rule with
// the fields its rule type reads.
type Item struct {
	EndpointReference    string `json:"EndpointReference,omitempty"`
	RuleReference        string `json:"RuleReference,omitempty"`
	EvaluateTargetHealth *bool  `json:"EvaluateTargetHealth,omitempty"`
	HealthCheck          string `json:"HealthCheck,omitempty"`

	// geo
	IsDefault   bool   `json:"IsDefault,omitempty"`
	Continent   string `json:"Continent,omitempty"`
	Country     string `json:"Country,omitempty"`
	Subdivision string `json:"Subdivision,omitempty"`
	// latency; geoproximity in 2015-10-01 ("aws:route53:us-east-1")
	Region string `json:"Region,omitempty"`
	// geoproximity
	Latitude  Number    `json:"Latitude,omitempty"`
	Longitude Number    `json:"Longitude,omitempty"`
	Bias      Number    `json:"Bias,omitempty"`
	Location  *Location `json:"Location,omitempty"` // 2023-05-09
	// weighted
	Weight Number `json:"Weight,omitempty"`
}

// Location is a geoproximity location in the 2023-05-09 format: a Region
// or Local Zone by name, or coordinates.
type Location struct {
	Type         string `json:"Type"` // Region, LocalZone or Coordinate
	LocationName string `json:"LocationName,omitempty"`
	Latitude     Number `json:"Latitude,omitempty"`
	Longitude    Number `json:"Longitude,omitempty"`
}

// Number is a numeric field as documents write it: a string ("95") as the
// console saves it, or a JSON number. Its text is kept as written, so the
// decimals of coordinates can be checked.
type Number string

// UnmarshalJSON accepts a string or a number.
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = Number(s)
		return nil
	}
	var f json.Number
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("expected a number or a string holding one, got %s", b)
	}
	*n = Number(f.String())
	return nil
}

// Int returns the number as an integer.
func (n Number) Int() (int, error) { return strconv.Atoi(string(n)) }

// Parse reads a document. Unknown members are errors, as they are to
// Route 53, so a misspelt field does not silently change routing.
func Parse(data []byte) (*Document, error) {
	if len(data) > maxDocument {
		return nil, fmt.Errorf("the document is %d characters long; Route 53 allows %d", len(data), maxDocument)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d Document
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("invalid traffic policy document: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("invalid traffic policy document: text after the document")
	}
	return &d, nil
}
