package zones

import (
	"slices"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

// zone publishes the checked records as an immutable Zone. Nodes are
// allocated in slabs: a zone has millions, and they live and die together.
func (b *builder) zone() *Zone {
	z := &Zone{Origin: b.origin, Class: b.class, File: b.file, Files: b.files, nodes: b.nodes}
	z.SOA = b.sets(b.origin).get(dns.TypeSOA).rrs[0].(*dns.SOA)
	neg := dns.Copy(z.SOA).(*dns.SOA)
	neg.Hdr.Ttl = min(neg.Hdr.Ttl, neg.Minttl)
	z.NegativeSOA = neg
	total := 0
	targets := map[groupKey]bool{}
	for _, o := range b.order {
		for _, at := range o.sets {
			total += len(at.rrs)
			if at.policy == nil {
				continue
			}
			for _, r := range at.policy.Records {
				if r.Alias != nil {
					targets[groupKey{r.Alias.Target, at.rrtype}] = true
				}
			}
		}
	}
	z.records = make([]dns.RR, 1, total+1)
	z.records[0] = z.SOA
	for _, o := range b.order {
		name, sets, n := o.name, o.sets, o.node
		n.owner = 0
		slices.SortFunc(sets, func(x, y *rrsetAt) int { return int(x.rrtype) - int(y.rrtype) })
		n.RRsets = make([]RRset, 0, len(sets))
		for _, at := range sets {
			t := at.rrtype
			if at.policy != nil {
				n.RRsets = append(n.RRsets, RRset{Type: t, Policy: at.policy})
				z.routed++
				continue
			}
			set := RRset{Type: t, RRs: at.rrs}
			if targets[groupKey{name, t}] {
				// Aliases resolve through it on every query: built once.
				set.asSet = staticSet(name, t, at.rrs)
			}
			n.RRsets = append(n.RRsets, set)
			z.count += len(at.rrs)
			if t != dns.TypeSOA {
				z.records = append(z.records, at.rrs...)
			}
		}
		n.Cut = name != b.origin && n.RRset(dns.TypeNS) != nil
	}
	return z
}

// staticSet presents a static RRset to alias resolution as a simple group.
func staticSet(name string, t uint16, rrs []dns.RR) *policy.Set {
	return &policy.Set{Name: name, Type: t, Kind: policy.Simple, Records: []policy.Record{{RRs: rrs}}}
}

// nodeSlab hands out Nodes from blocks of many.
type nodeSlab struct{ free []Node }

func (s *nodeSlab) new(name string) *Node {
	if len(s.free) == 0 {
		s.free = make([]Node, 4096)
	}
	n := &s.free[0]
	s.free = s.free[1:]
	n.Name = name
	return n
}
