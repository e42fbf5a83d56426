package zones

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// Route 53's limits on one ChangeResourceRecordSets request: ResourceRecord
// elements and characters of Value, an UPSERT's counting twice.
const (
	maxBatchRecords = 1000
	maxBatchChars   = 32000
)

// Actions of a change.
const (
	ActionCreate = "CREATE"
	ActionDelete = "DELETE"
	ActionUpsert = "UPSERT"
)

// Fault codes ApplyChanges returns.
const (
	CodeInvalidChangeBatch = "InvalidChangeBatch"
	CodeInvalidInput       = "InvalidInput"
)

// route53Types are the RRType values of Route 53's model, in its order.
var route53Types = []string{"SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF", "AAAA", "CAA", "DS", "TLSA", "SSHFP", "SVCB", "HTTPS"}

// setKey is a record set's identity in a batch: its name (normalized), its
// type (upper case) and its set identifier.
type setKey struct{ name, rrtype, id string }

func keyOf(rs ResourceRecordSet) setKey {
	return setKey{normalName(rs.Name), strings.ToUpper(rs.Type), rs.SetIdentifier}
}

// ApplyChanges applies a ChangeResourceRecordSets batch, in order, to a
// working copy of sets (the record sets of the zone origin that an API
// may change) and returns the new list: sets in their order, a replaced
// set in its place, a created one at the end. It checks what Route 53
// checks of a batch on its own — each change against the sets as the
// earlier changes left them (CREATE of an existing set, DELETE of a
// missing one or with other values, the name inside the zone, the apex
// SOA and NS kept, the request's size limits) — and reports every failure
// in one InvalidChangeBatch, or a malformed change as InvalidInput. On a
// fault nothing is returned: the batch applies whole or not at all. The
// rules of the zone as a whole (CNAME conflicts, mixed policies, values)
// are the loader's, applied when the result is loaded. sets is not
// modified.
func ApplyChanges(origin string, sets []ResourceRecordSet, changes []RecordChange) ([]ResourceRecordSet, *Fault) {
	if f := checkChangeForms(changes); f != nil {
		return nil, f
	}
	b := newBatch(normalName(origin), sets)
	msgs := batchLimits(changes)
	for _, c := range changes {
		if m := b.apply(c); m != "" {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) > 0 {
		return nil, &Fault{Code: CodeInvalidChangeBatch, Messages: msgs, Message: "[" + strings.Join(msgs, ", ") + "]"}
	}
	return b.result(), nil
}

// batch is the working copy a batch changes.
type batch struct {
	zone  string
	sets  []ResourceRecordSet
	live  []bool         // false once deleted
	index map[setKey]int // live sets by identity
}

func newBatch(zone string, sets []ResourceRecordSet) *batch {
	b := &batch{zone: zone, sets: slices.Clone(sets), live: make([]bool, len(sets)), index: make(map[setKey]int, len(sets))}
	for i, rs := range sets {
		b.live[i] = true
		if k := keyOf(rs); !hasKey(b.index, k) {
			b.index[k] = i
		}
	}
	return b
}

func hasKey(m map[setKey]int, k setKey) bool { _, ok := m[k]; return ok }

func (b *batch) add(rs ResourceRecordSet, k setKey) {
	b.sets = append(b.sets, rs)
	b.live = append(b.live, true)
	b.index[k] = len(b.sets) - 1
}

func (b *batch) result() []ResourceRecordSet {
	out := make([]ResourceRecordSet, 0, len(b.sets))
	for i, rs := range b.sets {
		if b.live[i] {
			out = append(out, rs)
		}
	}
	return out
}

// apply makes one change, or returns Route 53's message for why it cannot.
func (b *batch) apply(c RecordChange) string {
	rs := c.Set
	name, err := route53Name(rs.Name)
	if err != nil {
		return nameProblem(rs.Name)
	}
	if !dns.IsSubDomain(b.zone, name) {
		return fmt.Sprintf("RRSet with DNS name %s is not permitted in zone %s", PrintedName(name), PrintedName(b.zone))
	}
	k := setKey{name, strings.ToUpper(rs.Type), rs.SetIdentifier}
	at, exists := b.index[k]
	switch c.Action {
	case ActionCreate:
		switch {
		case exists:
			return tried("create", k, "it already exists")
		case k.rrtype == "SOA":
			return "A HostedZone must contain exactly one SOA record."
		}
		if m := b.conflict(k, rs); m != "" {
			return m
		}
		b.add(rs, k)
	case ActionDelete:
		switch {
		case !exists:
			return tried("delete", k, "it was not found")
		case !sameSet(b.sets[at], rs):
			return tried("delete", k, "the values provided do not match the current values")
		case k.rrtype == "SOA":
			return "A HostedZone must contain exactly one SOA record."
		case k.rrtype == "NS" && name == b.zone:
			return "A HostedZone must contain at least one NS record for the zone itself."
		}
		b.live[at] = false
		delete(b.index, k)
	case ActionUpsert:
		if m := b.conflict(k, rs); m != "" {
			return m
		}
		if exists {
			b.sets[at] = rs
			return ""
		}
		b.add(rs, k)
	}
	return ""
}

// tried words a failed CREATE or DELETE as Route 53 does, and as the
// loader does for a set written twice.
func tried(action string, k setKey, outcome string) string {
	id := ""
	if k.id != "" {
		id = fmt.Sprintf(", set-identifier='%s'", k.id)
	}
	return fmt.Sprintf("Tried to %s resource record set [name='%s', type='%s'%s] but %s", action, PrintedName(k.name), k.rrtype, id, outcome)
}

// nameProblem is Route 53's message for a name it cannot parse.
func nameProblem(name string) string {
	problem := "InvalidDomainName (Domain name is invalid)"
	switch {
	case name == "":
		problem = "DomainNameEmpty (Domain name is empty)"
	case len(strings.TrimSuffix(name, ".")) > 254:
		problem = "DomainNameTooLong (Domain name is too long)"
	case slices.ContainsFunc(strings.Split(name, "."), func(l string) bool { return len(l) > 63 }):
		problem = "DomainLabelTooLong (Domain label is too long)"
	case strings.Contains(strings.TrimSuffix(name, "."), ".."), strings.HasPrefix(name, ".") && name != ".":
		problem = "DomainLabelEmpty (Domain label is empty)"
	}
	return fmt.Sprintf("FATAL problem: %s encountered with '%s'", problem, name)
}

// batchLimits checks the request's size: ResourceRecord elements and
// characters of Value, each counted twice in an UPSERT.
func batchLimits(changes []RecordChange) []string {
	records, chars := 0, 0
	for _, c := range changes {
		n := 1
		if c.Action == ActionUpsert {
			n = 2
		}
		records += n * len(c.Set.ResourceRecords)
		for _, v := range c.Set.ResourceRecords {
			chars += n * len(v.Value)
		}
	}
	var msgs []string
	if records > maxBatchRecords {
		msgs = append(msgs, fmt.Sprintf("Number of records limit of %d exceeded.", maxBatchRecords))
	}
	if chars > maxBatchChars {
		msgs = append(msgs, fmt.Sprintf("RDATA character limit of %d exceeded.", maxBatchChars))
	}
	return msgs
}

// checkChangeForms rejects what Route 53 rejects before it looks at the
// zone, as InvalidInput: no change, an unknown action or type, or a record
// set with not exactly one of an alias, TTL and values, or a traffic policy
// instance (which r53d does not support).
func checkChangeForms(changes []RecordChange) *Fault {
	if len(changes) == 0 {
		return &Fault{Code: CodeInvalidInput, Message: "Invalid request: the ChangeBatch has no Change; it needs at least one"}
	}
	for _, c := range changes {
		rs := c.Set
		switch c.Action {
		case ActionCreate, ActionDelete, ActionUpsert:
		default:
			return &Fault{Code: CodeInvalidInput, Message: fmt.Sprintf("Invalid request: Action %q is not one of [CREATE, DELETE, UPSERT] in Change with %s", c.Action, changeIdent(c))}
		}
		if _, ok := routedTypes[strings.ToUpper(rs.Type)]; !ok {
			return &Fault{Code: CodeInvalidInput, Message: fmt.Sprintf("Invalid XML ; cvc-enumeration-valid: Value '%s' is not facet-valid with respect to enumeration '[%s]'. It must be a value from the enumeration.", rs.Type, strings.Join(route53Types, ", "))}
		}
		values := rs.TTL != nil || len(rs.ResourceRecords) > 0
		found := 0
		for _, present := range []bool{rs.AliasTarget != nil, values, rs.TrafficPolicyInstanceID != ""} {
			if present {
				found++
			}
		}
		switch {
		case found > 1:
			return expectedOne("more than one", c)
		case found == 0, values && (rs.TTL == nil || len(rs.ResourceRecords) == 0):
			return expectedOne("none", c)
		case rs.TrafficPolicyInstanceID != "":
			return &Fault{Code: CodeInvalidInput, Message: "Invalid request: r53d makes and removes policy records (TrafficPolicyInstanceId) through CreateTrafficPolicyInstance and DeleteTrafficPolicyInstance only, in Change with " + changeIdent(c)}
		}
	}
	return nil
}

func expectedOne(found string, c RecordChange) *Fault {
	return &Fault{Code: CodeInvalidInput, Message: fmt.Sprintf("Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found %s in Change with %s", found, changeIdent(c))}
}

// changeIdent names a change in InvalidInput messages as Route 53 does.
func changeIdent(c RecordChange) string {
	id := "null"
	if c.Set.SetIdentifier != "" {
		id = c.Set.SetIdentifier
	}
	return fmt.Sprintf("[Action=%s, Name=%s, Type=%s, SetIdentifier=%s]", c.Action, c.Set.Name, c.Set.Type, id)
}
