// Package zones loads zones (RFC 1035 master files and Route 53 record
// sets), checks them the way reference servers do, and keeps them in a
// go-memdb store of record from which queries read an immutable index
// without locks.
package zones

import (
	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

// Zone is one loaded zone. It is immutable once published: readers share it
// and must not modify it or any record it holds.
type Zone struct {
	Origin string // lower-case FQDN
	Class  uint16
	// Meta is the hosted-zone metadata of its record-set file (Id,
	// CallerReference, Comment, PrivateZone, Tags); a zone without an id
	// there gets one derived from its origin when stored.
	Meta  ZoneMeta
	File  string   // the first of Files, where messages about the whole zone point
	Files []string // the files it is made of, as messages name them
	SOA   *dns.SOA
	// NegativeSOA is the SOA to put in the authority section of negative
	// answers: its TTL is min(SOA TTL, MINIMUM) (RFC 2308 §3).
	NegativeSOA *dns.SOA
	nodes       map[string]*Node
	records     []dns.RR // every static record in load order, for AXFR
	// sources are the record sets each routed group was built from, in
	// the order of its Records: what listings show of them.
	sources map[*policy.Set][]ResourceRecordSet
	count   int
	routed  int // policy groups
}

// Node is one name of a zone: its RRsets, or none for an empty non-terminal.
type Node struct {
	Name   string // lower-case FQDN
	RRsets []RRset
	// Cut is true for a delegation point: NS records below the apex.
	Cut   bool
	filed bool // in the builder's list of names with records (load time only)
}

// RRset is the records of one type at one name: static records in the
// order loaded, or a routed group whose answer policy.Select chooses per
// query. Callers must not modify either.
type RRset struct {
	Type   uint16
	first  int32       // where the first record was written, in the builder's list (load time only)
	RRs    []dns.RR    // static records; nil for a routed group
	Policy *policy.Set // the routed group; nil for static records
	asSet  *policy.Set // static records as a simple group, when an alias targets them
}

// Node returns the node at name (lower case), including empty non-terminals.
func (z *Zone) Node(name string) (*Node, bool) {
	n, ok := z.nodes[name]
	return n, ok
}

// Records returns every record of the zone in load order, for zone
// transfers. Callers must not modify them.
func (z *Zone) Records() []dns.RR { return z.records }

// Len is the number of records in the zone.
func (z *Zone) Len() int { return z.count }

// Names is the number of names in the zone, empty non-terminals included.
func (z *Zone) Names() int { return len(z.nodes) }

// RRset returns the static records of type t at the node, or nil.
func (n *Node) RRset(t uint16) []dns.RR {
	if s := n.Get(t); s != nil {
		return s.RRs
	}
	return nil
}

// Get returns the RRset of type t at the node, static or routed, or nil.
func (n *Node) Get(t uint16) *RRset {
	for i := range n.RRsets {
		if n.RRsets[i].Type == t {
			return &n.RRsets[i]
		}
	}
	return nil
}

// Lookup finds the group an alias points at (policy.Targets): a routed
// group, or a static RRset presented as a simple group.
func (z *Zone) Lookup(name string, qtype uint16) (*policy.Set, bool) {
	n, ok := z.nodes[name]
	if !ok {
		return nil, false
	}
	s := n.Get(qtype)
	switch {
	case s == nil:
		return nil, false
	case s.Policy != nil:
		return s.Policy, true
	case s.asSet != nil: // built at load for every alias target of the zone
		return s.asSet, true
	default:
		return staticSet(name, qtype, s.RRs), true
	}
}

// Routed is the number of routed groups (policy sets) in the zone.
func (z *Zone) Routed() int { return z.routed }

// Empty is true for an empty non-terminal.
func (n *Node) Empty() bool { return len(n.RRsets) == 0 }
