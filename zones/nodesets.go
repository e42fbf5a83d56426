package zones

import (
	"iter"
	"slices"
)

// nodeSets is the RRsets of one owner name, ordered by type: a short
// slice, as most names have one or two types (a map per name was a third
// of the memory a large zone takes to build).
type nodeSets []typedSet

type typedSet struct {
	rrtype uint16
	set    *rrsetAt
}

func (n nodeSets) get(t uint16) *rrsetAt {
	for _, ts := range n {
		if ts.rrtype == t {
			return ts.set
		}
	}
	return nil
}

// put returns n with set filed under t, keeping the types in order.
func (n nodeSets) put(t uint16, set *rrsetAt) nodeSets {
	i := len(n)
	for i > 0 && n[i-1].rrtype > t {
		i--
	}
	return slices.Insert(n, i, typedSet{t, set})
}

// all yields the RRsets by type, in type order.
func (n nodeSets) all() iter.Seq2[uint16, *rrsetAt] {
	return func(yield func(uint16, *rrsetAt) bool) {
		for _, ts := range n {
			if !yield(ts.rrtype, ts.set) {
				return
			}
		}
	}
}
