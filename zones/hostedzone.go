package zones

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A record-set file may say which hosted zone it is, as
// `aws route53 get-hosted-zone` prints it, and carry the zone's tags, as
// `aws route53 list-tags-for-resource` prints them:
//
//	{"HostedZone": {"Id": "/hostedzone/Z...", "Name": "lab.example.", ...},
//	 "Tags": [{"Key": "team", "Value": "dns"}],
//	 "ResourceRecordSets": [...]}
//
// Keeping the id in the file keeps it stable across restarts.

// Route 53's limits on hosted-zone metadata.
const (
	maxZoneTags        = 10
	maxTagKey          = 128
	maxTagValue        = 256
	maxZoneComment     = 256
	maxCallerReference = 128
)

// zoneIDText is the shape of a hosted-zone id: Z and upper-case letters
// and digits, at most 32 characters in all.
var zoneIDText = regexp.MustCompile(`^Z[0-9A-Z]{1,31}$`)

// hostedZoneDoc is a HostedZone object as get-hosted-zone prints it.
type hostedZoneDoc struct {
	ID              string            `yaml:"Id" json:"Id,omitempty"`
	Name            string            `yaml:"Name" json:"Name"`
	CallerReference string            `yaml:"CallerReference" json:"CallerReference,omitempty"`
	Config          *hostedZoneConfig `yaml:"Config" json:"Config,omitempty"`
}

type hostedZoneConfig struct {
	Comment     string `yaml:"Comment" json:"Comment,omitempty"`
	PrivateZone bool   `yaml:"PrivateZone" json:"PrivateZone"`
}

// hostedZoneFields are the members a HostedZone may have: get-hosted-zone
// also prints the record count and, for some zones, a linked service and
// features, which are accepted and not kept.
var hostedZoneFields = map[string][]string{
	"HostedZone":        {"Id", "Name", "CallerReference", "Config", "ResourceRecordSetCount", "LinkedService", "Features"},
	"HostedZone.Config": {"Comment", "PrivateZone"},
	"Tags[]":            {"Key", "Value"},
}

// fileMeta is a record-set file's hosted-zone metadata, with where its
// parts were written.
type fileMeta struct {
	ZoneMeta
	present            bool   // the file has a HostedZone object
	name               string // HostedZone.Name as written
	file               string
	line, nameLine, id int // lines of HostedZone, its Name and its Id
}

// BareZoneID strips "/hostedzone/" from a hosted-zone id as Route 53 prints
// it; a bare id is returned as it is.
func BareZoneID(id string) string { return strings.TrimPrefix(id, "/hostedzone/") }

// ValidZoneID tells whether id (bare) has the shape of a hosted-zone id.
func ValidZoneID(id string) bool { return zoneIDText.MatchString(id) }

// parseMeta reads the HostedZone and Tags members of a record-set file.
func parseMeta(file string, root *yaml.Node) (fileMeta, Diagnostics) {
	m := fileMeta{file: file}
	var diags Diagnostics
	if hz := MappingValue(root, "HostedZone"); hz != nil {
		m.present, m.line = true, hz.Line
		diags = append(diags, m.readHostedZone(hz)...)
	}
	if tags := MappingValue(root, "Tags"); tags != nil {
		diags = append(diags, m.readTags(tags)...)
	}
	return m, diags
}

func (m *fileMeta) readHostedZone(n *yaml.Node) Diagnostics {
	if n.Kind != yaml.MappingNode {
		return Diagnostics{{File: m.file, Line: n.Line, Col: n.Column, Rule: "format",
			Message: "HostedZone: expected an object, as aws route53 get-hosted-zone prints"}}
	}
	lines := map[string]int{}
	diags := checkMembers(m.file, n, "HostedZone", lines)
	var doc hostedZoneDoc
	if err := n.Decode(&doc); err != nil {
		diags = append(diags, yamlError(m.file, err))
	}
	if len(diags) > 0 {
		return diags
	}
	at := func(field string) int {
		if l, ok := lines[field]; ok {
			return l
		}
		return n.Line
	}
	m.name, m.nameLine, m.id = doc.Name, at("HostedZone.Name"), at("HostedZone.Id")
	m.ID, m.CallerReference = BareZoneID(doc.ID), doc.CallerReference
	if doc.Config != nil {
		m.Comment, m.PrivateZone = doc.Config.Comment, doc.Config.PrivateZone
	}
	bad := func(field, format string, args ...any) {
		diags = append(diags, Diagnostic{File: m.file, Line: at(field), Col: 1, Rule: "hosted-zone", Message: fmt.Sprintf(format, args...)})
	}
	if doc.ID != "" && !ValidZoneID(m.ID) {
		bad("HostedZone.Id", "HostedZone.Id %q is not a hosted-zone id: Z and up to 31 upper-case letters and digits, optionally after /hostedzone/", doc.ID)
	}
	if _, err := route53Name(doc.Name); err != nil && doc.Name != "" {
		bad("HostedZone.Name", "HostedZone.Name: %v", err)
	}
	if len(doc.CallerReference) > maxCallerReference {
		bad("HostedZone.CallerReference", "HostedZone.CallerReference is longer than %d characters", maxCallerReference)
	}
	if len(m.Comment) > maxZoneComment {
		bad("HostedZone.Config.Comment", "HostedZone.Config.Comment is longer than %d characters", maxZoneComment)
	}
	return diags
}

func (m *fileMeta) readTags(n *yaml.Node) Diagnostics {
	if n.Kind != yaml.SequenceNode {
		return Diagnostics{{File: m.file, Line: n.Line, Col: n.Column, Rule: "format",
			Message: "Tags: expected a list of {Key, Value}, as aws route53 list-tags-for-resource prints"}}
	}
	var diags Diagnostics
	seen := map[string]bool{}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			diags = append(diags, Diagnostic{File: m.file, Line: item.Line, Col: item.Column, Rule: "format", Message: "Tags: expected an object with Key and Value"})
			continue
		}
		ds := checkMembers(m.file, item, "Tags[]", map[string]int{})
		var tag Tag
		if err := item.Decode(&tag); err != nil {
			ds = append(ds, yamlError(m.file, err))
		}
		bad := func(format string, args ...any) {
			ds = append(ds, Diagnostic{File: m.file, Line: item.Line, Col: item.Column, Rule: "tags", Message: fmt.Sprintf(format, args...)})
		}
		switch {
		case len(ds) > 0:
		case tag.Key == "" || len(tag.Key) > maxTagKey:
			bad("tag key %q must be 1 to %d characters", tag.Key, maxTagKey)
		case len(tag.Value) > maxTagValue:
			bad("the value of tag %q is longer than %d characters", tag.Key, maxTagValue)
		case seen[tag.Key]:
			bad("tag %q is given twice", tag.Key)
		}
		seen[tag.Key] = true
		if diags = append(diags, ds...); len(ds) == 0 {
			m.Tags = append(m.Tags, tag)
		}
	}
	if len(n.Content) > maxZoneTags {
		diags = append(diags, Diagnostic{File: m.file, Line: n.Content[maxZoneTags].Line, Col: 1, Rule: "tags",
			Message: fmt.Sprintf("%d tags: Route 53 allows %d per hosted zone", len(n.Content), maxZoneTags)})
	}
	return diags
}

// checkOrigin requires HostedZone.Name, when given, to name the zone the
// file's record sets make.
func (m *fileMeta) checkOrigin(origin string) Diagnostics {
	if !m.present {
		return nil
	}
	if name, err := route53Name(m.name); err == nil && name != origin {
		return Diagnostics{{File: m.file, Line: m.nameLine, Col: 1, Rule: "hosted-zone",
			Message: fmt.Sprintf("HostedZone.Name %s is not the zone the file holds, %s (named by its SOA record, else by the file name)", m.name, origin)}}
	}
	return nil
}

// checkMembers rejects member names a metadata object does not have and
// records each member's line.
func checkMembers(file string, n *yaml.Node, path string, lines map[string]int) Diagnostics {
	var diags Diagnostics
	allowed := hostedZoneFields[path]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		full := strings.TrimSuffix(path, "[]") + "." + k.Value
		lines[full] = k.Line
		if !slices.Contains(allowed, k.Value) {
			diags = append(diags, Diagnostic{File: file, Line: k.Line, Col: k.Column, Rule: "unknown-field",
				Message: fmt.Sprintf("unknown field %q; %s has %s", full, strings.TrimSuffix(path, "[]"), strings.Join(allowed, ", "))})
			continue
		}
		if _, nested := hostedZoneFields[full]; nested && v.Kind == yaml.MappingNode {
			diags = append(diags, checkMembers(file, v, full, lines)...)
		}
	}
	return diags
}

// claimID gives z its metadata; two zones of one load may not share a
// hosted-zone id (the second is refused).
func (l *loader) claimID(z *Zone, meta *fileMeta, ids map[string]*fileMeta) bool {
	if meta == nil {
		return true
	}
	if other, dup := ids[meta.ID]; dup && meta.ID != "" {
		l.diags = append(l.diags, Diagnostic{File: meta.file, Line: meta.id, Col: 1, Rule: "hosted-zone",
			Message: fmt.Sprintf("hosted-zone id %s is already the id of the zone in %s; each zone has its own", meta.ID, other.file)})
		return false
	}
	ids[meta.ID] = meta
	z.Meta = meta.ZoneMeta
	return true
}

// recordSetOrigin is the zone a record-set file holds: the name of its
// SOA record set, else its file name.
func recordSetOrigin(file string, sets []*positioned) string {
	for _, p := range sets {
		if strings.EqualFold(p.Type, "SOA") {
			if n, err := route53Name(p.Name); err == nil {
				return n
			}
			break
		}
	}
	return originFromFile(file)
}
