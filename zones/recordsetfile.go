package zones

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// ParseRecordSetsFile reads a zone's record-set file (JSON, or YAML with
// the same names): its hosted-zone metadata and its record sets as
// written, not normalized, with every problem of the file's own (syntax,
// unknown fields, a malformed HostedZone or Tags, a HostedZone.Name that
// is not the zone's) positioned. Rules of the zone as a whole are the
// loader's.
func ParseRecordSetsFile(name string, data []byte) (ZoneMeta, []ResourceRecordSet, Diagnostics) {
	meta, sets, diags := parseRecordSets(name, data)
	diags = append(diags, meta.checkOrigin(recordSetOrigin(name, sets))...)
	out := make([]ResourceRecordSet, len(sets))
	for i, p := range sets {
		out[i] = p.ResourceRecordSet
	}
	return meta.ZoneMeta, out, diags
}

// recordSetFileDoc is a record-set file as MarshalRecordSetsFile writes it.
type recordSetFileDoc struct {
	HostedZone         hostedZoneDoc       `json:"HostedZone"`
	Tags               []Tag               `json:"Tags,omitempty"`
	ResourceRecordSets []ResourceRecordSet `json:"ResourceRecordSets"`
}

// MarshalRecordSetsFile writes a zone's record-set file as JSON, indented
// by four spaces as the AWS CLI prints: the hosted zone (as
// get-hosted-zone prints it), its tags (none: no member), then the record
// sets in Route 53's listing order, each with its members in the model's
// order and its names as Route 53 prints them. The same input always
// gives the same bytes, so a git diff of an API change shows just that
// change. sets is not modified.
func MarshalRecordSetsFile(origin string, meta ZoneMeta, sets []ResourceRecordSet) ([]byte, error) {
	doc := recordSetFileDoc{
		HostedZone: hostedZoneDoc{Name: PrintedName(origin), CallerReference: meta.CallerReference,
			Config: &hostedZoneConfig{Comment: meta.Comment, PrivateZone: meta.PrivateZone}},
		Tags:               meta.Tags,
		ResourceRecordSets: make([]ResourceRecordSet, len(sets)),
	}
	switch {
	case meta.ID != "" && !ValidZoneID(meta.ID):
		return nil, fmt.Errorf("record-set file of %s: %q is not a hosted-zone id", origin, meta.ID)
	case len(meta.Tags) > maxZoneTags:
		return nil, fmt.Errorf("record-set file of %s: %d tags, at most %d", origin, len(meta.Tags), maxZoneTags)
	case meta.ID != "":
		doc.HostedZone.ID = "/hostedzone/" + meta.ID
	}
	for i, rs := range sets {
		doc.ResourceRecordSets[i] = printedSet(rs)
	}
	SortRecordSets(doc.ResourceRecordSets)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "<" stays "<" in a TXT value, as the CLI prints it
	enc.SetIndent("", "    ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("record-set file of %s: %w", origin, err)
	}
	return buf.Bytes(), nil
}

// printedSet is rs with its names as Route 53 prints them and its type
// in upper case.
func printedSet(rs ResourceRecordSet) ResourceRecordSet {
	rs.Name = PrintedName(rs.Name)
	rs.Type = strings.ToUpper(rs.Type)
	if a := rs.AliasTarget; a != nil {
		printed := *a
		printed.DNSName = PrintedName(a.DNSName)
		rs.AliasTarget = &printed
	}
	return rs
}

// SortRecordSets orders record sets as ListResourceRecordSets lists them:
// by name with its labels reversed, then type, then set identifier.
func SortRecordSets(sets []ResourceRecordSet) {
	type keyed struct {
		rev []byte
		rs  ResourceRecordSet
	}
	ks := make([]keyed, len(sets))
	for i, rs := range sets {
		ks[i] = keyed{reversedKey(normalName(rs.Name)), rs}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if c := bytes.Compare(a.rev, b.rev); c != 0 {
			return c
		}
		if c := strings.Compare(strings.ToUpper(a.rs.Type), strings.ToUpper(b.rs.Type)); c != 0 {
			return c
		}
		return strings.Compare(a.rs.SetIdentifier, b.rs.SetIdentifier)
	})
	for i := range ks {
		sets[i] = ks[i].rs
	}
}

// PrintedName is a domain name as Route 53 prints it: lower case, with a
// trailing dot, and every byte but a-z, 0-9, '-' and '_' as a three-digit
// octal escape ("\052" for '*'). A name that is not valid is returned
// lower-cased.
func PrintedName(name string) string {
	n, err := route53Name(name)
	if err != nil {
		return strings.ToLower(name)
	}
	if n == "." {
		return n
	}
	wire := make([]byte, 256)
	end, err := dns.PackDomainName(n, wire, 0, nil, false)
	if err != nil {
		return n
	}
	var b strings.Builder
	for i := 0; i < end && wire[i] != 0; {
		l := int(wire[i])
		for _, c := range wire[i+1 : i+1+l] {
			switch {
			case c >= 'A' && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
				b.WriteByte(c)
			default:
				fmt.Fprintf(&b, "\\%03o", c)
			}
		}
		b.WriteByte('.')
		i += l + 1
	}
	return b.String()
}
