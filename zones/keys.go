package zones

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"
)

// normalName is a record-set name in the one form the zone keeps names in
// (lower case, FQDN, escapes as miekg/dns writes a name it unpacks), so
// "*.x.", "\052.x." and "\042.X" compare as the stored names do; a name
// that is not valid is only lower-cased.
func normalName(name string) string {
	n, err := route53Name(name)
	if err != nil {
		return strings.ToLower(name)
	}
	return storedForm(n)
}

// storedForm rewrites a name in presentation format with escapes the way
// the zone builder names records (presentationForm).
func storedForm(name string) string {
	if plainName(name) {
		return name
	}
	wire := make([]byte, 256)
	end, err := dns.PackDomainName(name, wire, 0, nil, false)
	if err != nil {
		return name
	}
	out, _, err := dns.UnpackDomainName(wire[:end], 0)
	if err != nil {
		return name
	}
	return canonicalName(out)
}

// plainName reports whether name has only bytes that need no escape.
func plainName(name string) bool {
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '*':
		default:
			return false
		}
	}
	return true
}

// ListingKey turns a ListResourceRecordSets start position as a client
// sends it (a name in any case, with or without its trailing dot, "*" or
// "\052"; a type mnemonic, "" with a name only; a set identifier) into
// the key ListRecordSets starts at. The zero key is the first set.
func ListingKey(name, rrtype, setID string) (RecordSetKey, error) {
	if name == "" {
		if rrtype != "" {
			return RecordSetKey{}, fmt.Errorf("a start type needs a start name")
		}
		return RecordSetKey{}, nil
	}
	n, err := route53Name(name)
	if err != nil {
		return RecordSetKey{}, fmt.Errorf("start name %q: %w", name, err)
	}
	k := RecordSetKey{Name: storedForm(n), SetIdentifier: setID}
	if rrtype != "" {
		t, ok := dns.StringToType[strings.ToUpper(rrtype)]
		if !ok {
			return RecordSetKey{}, fmt.Errorf("start type %q is not a record type", rrtype)
		}
		k.Type = t
	}
	return k, nil
}

// Identity is a record set's identity as a change batch and a listing
// know it: its name in the zone's form, its type and set identifier. ok
// is false for a name or type that is not valid.
func Identity(rs ResourceRecordSet) (k RecordSetKey, ok bool) {
	n, err := route53Name(rs.Name)
	t, known := dns.StringToType[strings.ToUpper(rs.Type)]
	if err != nil || !known {
		return RecordSetKey{}, false
	}
	return RecordSetKey{Name: storedForm(n), Type: t, SetIdentifier: rs.SetIdentifier}, true
}

// RecordSetCount is the number of record sets of the zone, each member
// of a routed group counted, as Route 53's ResourceRecordSetCount does.
func (hz *HostedZone) RecordSetCount() int { return len(hz.recordSets()) }

// Name is the zone's name as Route 53 prints it.
func (hz *HostedZone) Name() string { return PrintedName(hz.Zone.Origin) }
