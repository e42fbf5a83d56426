// Package zones loads a zones directory (RFC 1035 master files, and later
// Route 53 record sets), checks it the way reference servers do, and keeps
// the loaded zones in a go-memdb store that queries read without locks.
package zones

import (
	"github.com/miekg/dns"
)

// Zone is one loaded zone. It is immutable once published: readers share it
// and must not modify it or any record it holds.
type Zone struct {
	Origin string // lower-case FQDN
	Class  uint16
	File   string // where the zone came from, for messages
	SOA    *dns.SOA
	// NegativeSOA is the SOA to put in the authority section of negative
	// answers: its TTL is min(SOA TTL, MINIMUM) (RFC 2308 §3).
	NegativeSOA *dns.SOA
	nodes       map[string]*Node
	records     []dns.RR // every record in load order, for AXFR
	count       int
}

// Node is one name of a zone: its RRsets, or none for an empty non-terminal.
type Node struct {
	Name   string // lower-case FQDN
	RRsets []RRset
	// Cut is true for a delegation point: NS records below the apex.
	Cut bool
}

// RRset is the records of one type at one name, in the order loaded.
// Callers must not modify the records.
type RRset struct {
	Type uint16
	RRs  []dns.RR
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

// RRset returns the records of type t at the node, or nil.
func (n *Node) RRset(t uint16) []dns.RR {
	for i := range n.RRsets {
		if n.RRsets[i].Type == t {
			return n.RRsets[i].RRs
		}
	}
	return nil
}

// Empty is true for an empty non-terminal.
func (n *Node) Empty() bool { return len(n.RRsets) == 0 }
