package zones

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

// RecordSetKey names one record set the way Route 53 pages through them:
// name, type and set identifier.
type RecordSetKey struct {
	Name          string // lower-case FQDN
	Type          uint16
	SetIdentifier string // "" for a record set without a routing policy
}

// RecordSet is one record set of a stored zone: static records, or one
// member of a routed group.
type RecordSet struct {
	RecordSetKey
	RRs    []dns.RR       // static records; nil for a routed member
	Record *policy.Record // the routed member; nil for static records
	rev    []byte         // reversedKey(Name), computed once for sorting
	src    *ResourceRecordSet
}

// compareKeys orders record sets as Route 53 lists them: by name with its
// labels reversed (rev), then by type mnemonic, then by set identifier.
func compareKeys(aRev []byte, a RecordSetKey, bRev []byte, b RecordSetKey) int {
	if c := bytes.Compare(aRev, bRev); c != 0 {
		return c
	}
	if c := strings.Compare(typeKey(a.Type), typeKey(b.Type)); c != 0 {
		return c
	}
	return cmp.Compare(a.SetIdentifier, b.SetIdentifier)
}

// typeKey is a type's place in listings: its mnemonic; type 0 (a start
// position with a name only) comes before every type.
func typeKey(t uint16) string {
	if t == 0 {
		return ""
	}
	return typeName(t)
}

// ListRecordSets lists up to limit record sets (0: all) of the zone named
// origin in Route 53's order, starting at from (the zero key for the
// first). next is the key of the following page's first record set, nil at
// the end.
func (t *Txn) ListRecordSets(origin string, from RecordSetKey, limit int) (page []RecordSet, next *RecordSetKey, err error) {
	hz, ok := t.zoneRow(origin)
	if !ok {
		return nil, nil, fmt.Errorf("zone store: no zone %s", origin)
	}
	sets := hz.recordSets()
	i := 0
	if from != (RecordSetKey{}) {
		rev := reversedKey(from.Name)
		i, _ = slices.BinarySearchFunc(sets, from, func(s RecordSet, k RecordSetKey) int { return compareKeys(s.rev, s.RecordSetKey, rev, k) })
	}
	end := len(sets)
	if limit > 0 && i+limit < end {
		end = i + limit
		next = &sets[end].RecordSetKey
	}
	return sets[i:end], next, nil
}

// recordSets returns the zone's record sets in listing order, sorting them
// once per row: a load that nobody lists pays nothing for it.
func (hz *HostedZone) recordSets() []RecordSet {
	hz.listing.Do(func() {
		var out []RecordSet
		for _, n := range hz.Zone.nodes {
			rev := reversedKey(n.Name)
			for i := range n.RRsets {
				s := &n.RRsets[i]
				if s.Policy == nil {
					out = append(out, RecordSet{RecordSetKey: RecordSetKey{Name: n.Name, Type: s.Type}, RRs: s.RRs, rev: rev})
					continue
				}
				srcs := hz.Zone.sources[s.Policy]
				if s.Policy.Flow != nil && len(srcs) > 0 {
					// A policy record shows its root only, as Route 53 lists it.
					out = append(out, RecordSet{RecordSetKey: RecordSetKey{Name: n.Name, Type: s.Type}, rev: rev, src: &srcs[0]})
					continue
				}
				for j := range s.Policy.Records {
					r := &s.Policy.Records[j]
					rs := RecordSet{RecordSetKey: RecordSetKey{Name: n.Name, Type: s.Type, SetIdentifier: r.SetIdentifier}, Record: r, rev: rev}
					if j < len(srcs) {
						rs.src = &srcs[j]
					}
					out = append(out, rs)
				}
			}
		}
		slices.SortFunc(out, func(a, b RecordSet) int { return compareKeys(a.rev, a.RecordSetKey, b.rev, b.RecordSetKey) })
		hz.sets = out
	})
	return hz.sets
}
