package trafficflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Policy is one traffic policy version as `aws route53 get-traffic-policy`
// prints it, with its document parsed.
type Policy struct {
	ID      string `json:"Id"`
	Version int    `json:"Version"`
	Name    string `json:"Name"`
	Type    string `json:"Type"`
	// Document is the document's text as stored and returned (JSON).
	Document string    `json:"Document"`
	Comment  string    `json:"Comment,omitempty"`
	Doc      *Document `json:"-"`
}

// Route 53's limits on policy metadata.
const (
	maxPolicyName    = 512
	maxPolicyComment = 1024
	MaxVersions      = 1000
)

// policyIDText is the shape of a traffic policy id: Route 53 gives UUIDs;
// readable ids are fine as long as they fit in a path segment.
var policyIDText = regexp.MustCompile(`^[0-9A-Za-z_.-]{1,36}$`)

// ValidID tells whether id can be a traffic policy or instance id.
func ValidID(id string) bool { return policyIDText.MatchString(id) }

// Describe names a policy version in messages.
func Describe(id string, version int) string {
	return fmt.Sprintf("traffic policy %s version %d", id, version)
}

// ParsePolicyFile reads a {"TrafficPolicy": {...}} file (or the bare
// object) and checks the metadata and the document; known is what its
// health-check references are checked against.
func ParsePolicyFile(data []byte, known Known) (*Policy, error) {
	var wrap struct {
		TrafficPolicy *json.RawMessage `json:"TrafficPolicy"`
	}
	raw := json.RawMessage(data)
	if err := json.Unmarshal(data, &wrap); err == nil && wrap.TrafficPolicy != nil {
		raw = *wrap.TrafficPolicy
	}
	var m struct {
		ID       string          `json:"Id"`
		Version  int             `json:"Version"`
		Name     string          `json:"Name"`
		Type     string          `json:"Type"`
		Document json.RawMessage `json:"Document"`
		Comment  string          `json:"Comment"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("expected {\"TrafficPolicy\": {Id, Version, Name, Type, Document, Comment}} as aws route53 get-traffic-policy prints: %w", err)
	}
	text, err := documentText(m.Document)
	if err != nil {
		return nil, err
	}
	p := &Policy{ID: m.ID, Version: m.Version, Name: m.Name, Type: m.Type, Document: text, Comment: m.Comment}
	if err := p.Check(known); err != nil {
		return nil, err
	}
	return p, nil
}

// documentText accepts the document as a JSON string (as AWS prints it)
// or as an object, and returns its text.
func documentText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0:
		return "", fmt.Errorf("TrafficPolicy.Document is missing")
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("TrafficPolicy.Document: %w", err)
		}
		return s, nil
	case raw[0] == '{':
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			return "", fmt.Errorf("TrafficPolicy.Document: %w", err)
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("TrafficPolicy.Document: expected a JSON string or object")
}

// Check checks the metadata, parses the document and checks it.
func (p *Policy) Check(known Known) error {
	doc := Describe(p.ID, p.Version)
	bad := func(field, format string, args ...any) error {
		return Errors{{Doc: doc, Field: field, Message: fmt.Sprintf(format, args...)}}
	}
	switch {
	case !ValidID(p.ID):
		return bad("Id", "%q is not a traffic policy id (1 to 36 letters, digits, '.', '_' or '-')", p.ID)
	case p.Version < 1 || p.Version > MaxVersions:
		return bad("Version", "%d: versions run from 1 to %d", p.Version, MaxVersions)
	case p.Name == "" || len(p.Name) > maxPolicyName:
		return bad("Name", "a name is 1 to %d characters", maxPolicyName)
	case len(p.Comment) > maxPolicyComment:
		return bad("Comment", "a comment is at most %d characters", maxPolicyComment)
	}
	d, err := Parse([]byte(p.Document))
	if err != nil {
		return bad("Document", "%v", err)
	}
	if err := Check(d, doc, known); err != nil {
		return err
	}
	if p.Type != "" && p.Type != d.RecordType {
		return bad("Type", "%s differs from the document's RecordType %s", p.Type, d.RecordType)
	}
	p.Type, p.Doc = d.RecordType, d
	return nil
}

// Instance is a policy record as `aws route53 list-traffic-policy-instances`
// prints it.
type Instance struct {
	ID                   string `json:"Id"`
	HostedZoneID         string `json:"HostedZoneId,omitempty"`
	Name                 string `json:"Name"`
	TTL                  int64  `json:"TTL"`
	State                string `json:"State,omitempty"`
	Message              string `json:"Message,omitempty"`
	TrafficPolicyID      string `json:"TrafficPolicyId"`
	TrafficPolicyVersion int    `json:"TrafficPolicyVersion"`
	TrafficPolicyType    string `json:"TrafficPolicyType,omitempty"`
}

// ParseInstances reads {"TrafficPolicyInstances": [...]} (or a bare
// list).
func ParseInstances(data []byte) ([]Instance, error) {
	var wrap struct {
		TrafficPolicyInstances []Instance `json:"TrafficPolicyInstances"`
		IsTruncated            bool       `json:"IsTruncated"`
		MaxItems               string     `json:"MaxItems"`
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		if err := strictDecode(trimmed, &wrap.TrafficPolicyInstances); err != nil {
			return nil, err
		}
	} else if err := strictDecode(trimmed, &wrap); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, in := range wrap.TrafficPolicyInstances {
		at := fmt.Sprintf("TrafficPolicyInstances[%d]", i)
		switch {
		case !ValidID(in.ID):
			return nil, fmt.Errorf("%s.Id %q is not an instance id (1 to 36 letters, digits, '.', '_' or '-')", at, in.ID)
		case seen[in.ID]:
			return nil, fmt.Errorf("%s.Id %q is given twice", at, in.ID)
		case in.Name == "":
			return nil, fmt.Errorf("%s (%s): Name is missing", at, in.ID)
		case in.TTL < 0 || in.TTL > 2147483647:
			return nil, fmt.Errorf("%s (%s): TTL must be 0 to 2147483647, not %d", at, in.ID, in.TTL)
		case in.TrafficPolicyID == "" || in.TrafficPolicyVersion < 1:
			return nil, fmt.Errorf("%s (%s): TrafficPolicyId and TrafficPolicyVersion are required", at, in.ID)
		}
		seen[in.ID] = true
		wrap.TrafficPolicyInstances[i].Name = strings.ToLower(in.Name)
	}
	return wrap.TrafficPolicyInstances, nil
}

func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("expected {\"TrafficPolicyInstances\": [...]} as aws route53 list-traffic-policy-instances prints: %w", err)
	}
	return nil
}

// Summary is a policy as ListTrafficPolicies shows it: its latest
// version's name and type, and how many versions it has.
type Summary struct {
	ID            string
	Name          string
	Type          string
	LatestVersion int
	Versions      int
}

// InstanceInput is what CreateTrafficPolicyInstance and
// UpdateTrafficPolicyInstance give.
type InstanceInput struct {
	HostedZoneID  string
	Name          string
	TTL           int64
	PolicyID      string
	PolicyVersion int
}
