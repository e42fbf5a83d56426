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
	if len(b.srcs) > 0 {
		z.sources = make(map[*policy.Set][]ResourceRecordSet, len(b.srcs))
	}
	for set, ps := range b.srcs {
		srcs := make([]ResourceRecordSet, len(ps))
		for i, p := range ps {
			srcs[i] = p.ResourceRecordSet
		}
		z.sources[set] = srcs
	}
	z.SOA = b.set(b.origin, dns.TypeSOA).RRs[0].(*dns.SOA)
	neg := dns.Copy(z.SOA).(*dns.SOA)
	neg.Hdr.Ttl = min(neg.Hdr.Ttl, neg.Minttl)
	z.NegativeSOA = neg
	total := 0
	targets := map[groupKey]bool{}
	for _, n := range b.order {
		for _, at := range n.RRsets {
			total += len(at.RRs)
			if at.Policy == nil {
				continue
			}
			for _, r := range at.Policy.Records {
				if r.Alias != nil {
					targets[groupKey{r.Alias.Target, at.Type}] = true
				}
			}
		}
	}
	z.records = make([]dns.RR, 1, total+1)
	z.records[0] = z.SOA
	for _, n := range b.order {
		name := n.Name
		n.filed = false
		slices.SortFunc(n.RRsets, func(x, y RRset) int { return int(x.Type) - int(y.Type) })
		for i := range n.RRsets {
			set := &n.RRsets[i]
			t := set.Type
			set.first = 0
			if set.Policy != nil {
				z.routed++
				continue
			}
			if targets[groupKey{name, t}] {
				// Aliases resolve through it on every query: built once.
				set.asSet = staticSet(name, t, set.RRs)
			}
			z.count += len(set.RRs)
			if t != dns.TypeSOA {
				z.records = append(z.records, set.RRs...)
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
