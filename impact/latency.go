package impact

import (
	"cmp"
	"slices"
	"strings"

	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// A latency group answers with the record of the fastest healthy region,
// so two clients that rank the group's regions alike (known before
// unknown, then by milliseconds, ties kept) get the same answer under every
// health state. Grouping classes by that ranking, rather than by place and
// row, decides a latency group a handful of times instead of once per place
// of the database: what keeps a diff that remeasures the latency table fast.

// latencyRegions returns the regions of the groups when every one of them
// is a latency group without aliases (or static, or absent), so that only
// the ranking of those regions matters; ok is false otherwise.
func latencyRegions(sets ...*zones.RRset) (regions []string, ok bool) {
	for _, rr := range sets {
		if rr == nil || rr.Policy == nil {
			continue
		}
		if rr.Policy.Kind != policy.Latency {
			return nil, false
		}
		for i := range rr.Policy.Records {
			r := &rr.Policy.Records[i]
			if r.Alias != nil {
				return nil, false
			}
			regions = append(regions, r.Region)
		}
	}
	slices.Sort(regions)
	return slices.Compact(regions), len(regions) > 0
}

// latencies returns, per side and class, the milliseconds to every region
// r53d knows (geo.Regions order), -1 where unknown; computed once.
func (p *partition) latencies() [][][]float64 {
	if p.ms != nil {
		return p.ms
	}
	regions := geo.Regions()
	p.regionIndex = make(map[string]int, len(regions))
	for i, r := range regions {
		p.regionIndex[r] = i
	}
	p.ms = make([][][]float64, len(p.sides))
	for si, s := range p.sides {
		p.ms[si] = make([][]float64, len(p.classes))
		for ci := range p.classes {
			u := &p.pop.Units[p.classes[ci].rep]
			var loc geo.Locator
			if s.located {
				l := u.Place
				l.Network = u.Network
				loc = placed{loc: l, ok: u.Located}
			}
			src := geo.LatencySource{Table: s.Generation().Latency, Locator: loc}
			ms := make([]float64, len(regions))
			src.Latencies(u.Client, regions, ms)
			p.ms[si][ci] = ms
		}
	}
	return p.ms
}

// projectLatency groups the classes by how they rank regions on every
// side (and, when cn-north-1 is among them, by whether they are in China).
func (p *partition) projectLatency(regions []string) *projection {
	nk := "latency:" + strings.Join(regions, ",")
	if pr, ok := p.proj[nk]; ok {
		return pr
	}
	all := p.latencies()
	china := slices.Contains(regions, "cn-north-1")
	idx := make([]int, len(regions))
	for i, r := range regions {
		idx[i] = -1
		if j, ok := p.regionIndex[r]; ok {
			idx[i] = j
		}
	}
	g := newGrouper(len(p.classes))
	var b strings.Builder
	order := make([]int, len(regions))
	for ci := range p.classes {
		b.Reset()
		for si := range p.sides {
			writeRanking(&b, all[si][ci], idx, order)
		}
		if china && p.place(ci).Country == "CN" {
			b.WriteString("CN")
		}
		g.add(ci, b.String())
	}
	p.proj[nk] = g.pr
	return g.pr
}

// writeRanking writes the regions (indexes into ms; -1: unknown to r53d)
// in the order latency routing ranks them, "<" or "=" between neighbours.
func writeRanking(b *strings.Builder, ms []float64, idx, order []int) {
	at := func(i int) float64 {
		if idx[i] < 0 || !(ms[idx[i]] >= 0) {
			return -1
		}
		return ms[idx[i]]
	}
	for i := range order {
		order[i] = i
	}
	rank := func(i, j int) int {
		ki, kj := at(i) >= 0, at(j) >= 0
		switch {
		case ki != kj && ki:
			return -1
		case ki != kj:
			return 1
		case !ki:
			return 0
		}
		return cmp.Compare(at(i), at(j))
	}
	slices.SortStableFunc(order, rank)
	for k, i := range order {
		if k > 0 {
			if rank(order[k-1], i) == 0 {
				b.WriteByte('=')
			} else {
				b.WriteByte('<')
			}
		}
		b.WriteByte(byte('a' + i))
	}
	b.WriteByte('|')
}

// projectFor picks the projection for deciding sets: by latency ranking
// when they are plain latency groups, else by what they read.
func (p *partition) projectFor(n *needs, sets ...*zones.RRset) *projection {
	if regions, ok := latencyRegions(sets...); ok && len(regions) < 26 {
		return p.projectLatency(regions)
	}
	return p.project(n)
}
