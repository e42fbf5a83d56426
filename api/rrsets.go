package api

import (
	"slices"
	"strconv"
	"strings"

	"github.com/r53d/r53d/zones"
)

// Condition keys of ChangeResourceRecordSets: one value per change.
const (
	keyRecordNames = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
	keyRecordTypes = "route53:ChangeResourceRecordSetsRecordTypes"
	keyActions     = "route53:ChangeResourceRecordSetsActions"
)

func (s *Server) changeResourceRecordSets(c *call) (any, error) {
	zoneID := c.params["Id"]
	var req changeResourceRecordSetsRequest
	if err := decodeRequest(c.body, "ChangeResourceRecordSetsRequest", &req); err != nil {
		return nil, err
	}
	if req.ChangeBatch == nil {
		return nil, missing("changeBatch")
	}
	if req.ChangeBatch.Changes == nil || len(req.ChangeBatch.Changes.Change) == 0 {
		return nil, missing("changeBatch.changes")
	}
	changes := make([]zones.RecordChange, 0, len(req.ChangeBatch.Changes.Change))
	for _, ch := range req.ChangeBatch.Changes.Change {
		if ch.ResourceRecordSet == nil {
			return nil, missing("changeBatch.changes.change.resourceRecordSet")
		}
		switch ch.Action {
		case "CREATE", "DELETE", "UPSERT":
		default:
			return nil, invalidInput("Value '%s' at 'changeBatch.changes.change.action' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]", ch.Action)
		}
		changes = append(changes, zones.RecordChange{Action: ch.Action, Set: ch.ResourceRecordSet.set()})
	}
	if err := c.authorize(arn("hostedzone", zoneID), recordConditions(changes)); err != nil {
		return nil, err
	}
	ci, err := s.opts.Backend.ChangeResourceRecordSets(zoneID, req.ChangeBatch.Comment, changes)
	if err != nil {
		return nil, err
	}
	return changeResourceRecordSetsResponse{ChangeInfo: changeXML(ci)}, nil
}

// recordConditions are the batch's multivalued condition keys: the
// distinct normalized names, types and actions of its changes.
func recordConditions(changes []zones.RecordChange) map[string][]string {
	var names, types, actions []string
	for _, ch := range changes {
		names = appendNew(names, normalizeRecordName(ch.Set.Name))
		types = appendNew(types, strings.ToUpper(ch.Set.Type))
		actions = appendNew(actions, ch.Action)
	}
	return map[string][]string{keyRecordNames: names, keyRecordTypes: types, keyActions: actions}
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// normalizeRecordName is a record name as IAM policies match it: lower
// case, no trailing dot, every byte but a-z 0-9 - _ . written \ooo
// (octal). The name may already hold RFC 1035 escapes (\052, \.), as
// names a listing returned do; they are read first.
func normalizeRecordName(name string) string {
	raw := unescapeName(strings.TrimSuffix(strings.ToLower(name), "."))
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		ch := raw[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= '0' && ch <= '9', ch == '-', ch == '_', ch == '.':
			b.WriteByte(ch)
		default:
			b.WriteString("\\" + strconv.FormatInt(int64(ch)+01000, 8)[1:])
		}
	}
	return b.String()
}

// unescapeName reads RFC 1035 §5.1 escapes: \DDD (decimal) and \X.
func unescapeName(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		if i+3 < len(s) && isDigits(s[i+1:i+4]) {
			if n, err := strconv.Atoi(s[i+1 : i+4]); err == nil && n < 256 {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i+1])
		i++
	}
	return b.String()
}

func isDigits(s string) bool {
	return len(s) == 3 && strings.Trim(s, "0123456789") == ""
}

func (s *Server) listResourceRecordSets(c *call) (any, error) {
	n, err := c.maxItems("maxitems", 100, 300)
	if err != nil {
		return nil, err
	}
	from := RecordSetStart{Name: c.query("name"), Type: c.query("type"), Identifier: c.query("identifier")}
	if from.Type != "" && from.Name == "" {
		return nil, invalidInput("The input is not valid: the type parameter requires the name parameter.")
	}
	if from.Identifier != "" && from.Type == "" {
		return nil, invalidInput("The input is not valid: the identifier parameter requires the name and type parameters.")
	}
	page, next, err := s.opts.Backend.ResourceRecordSets(c.params["Id"], from, n)
	if err != nil {
		return nil, err
	}
	resp := listResourceRecordSetsResponse{MaxItems: strconv.Itoa(n)}
	for _, rs := range page {
		resp.ResourceRecordSets.ResourceRecordSet = append(resp.ResourceRecordSets.ResourceRecordSet, setXML(rs))
	}
	if next != nil {
		resp.IsTruncated = true
		resp.NextRecordName, resp.NextRecordType, resp.NextRecordIdentifier = next.Name, next.Type, next.Identifier
	}
	return resp, nil
}
