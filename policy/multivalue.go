package policy

import "strconv"

// maxMultivalue is how many records a multivalue answer holds at most.
const maxMultivalue = 8

// multivalue answers with up to 8 healthy records
// (docs/routing.md#multivalue): all of them when there are at most 8, else 8 chosen
// uniformly at random on every query; when none is healthy, up to 8 of the
// unhealthy ones the same way. Records count, not values: every value of a
// chosen record is answered, and the answer comes in random order.
func (s *selector) multivalue(set *Set, tr *Trace) Result {
	h := s.health(set, tr)
	healthy := h.n > 0
	pool := h.n
	if !healthy {
		pool = len(set.Records)
		tr.note("no record healthy: fail-open to unhealthy records")
	}
	// idx lists the pool's record indexes; its first k become the answer.
	var buf [128]int
	idx := buf[:0]
	if pool > len(buf) {
		idx = make([]int, 0, pool)
	}
	for i := range set.Records {
		if !healthy || h.has(i) {
			idx = append(idx, i)
		} else {
			tr.mark(i, dropped, "unhealthy")
		}
	}
	k := min(len(idx), maxMultivalue)
	if len(idx) > k {
		// Partial Fisher–Yates: every k-subset equally likely.
		for j := 0; j < k; j++ {
			r := j + s.intn(len(idx)-j, tr, "multivalue pick")
			idx[j], idx[r] = idx[r], idx[j]
		}
	}
	if tr != nil {
		tr.rule("multivalue: " + strconv.Itoa(k) + " of " + strconv.Itoa(len(idx)) + " candidate records, in random order")
		for _, i := range idx[k:] {
			tr.mark(i, kept, "not among the 8 drawn")
		}
	}
	return s.many(set, idx[:k], healthy, tr)
}

// many answers with every value of the records at idx, in random order.
func (s *selector) many(set *Set, idx []int, healthy bool, tr *Trace) Result {
	if len(idx) == 1 {
		r := s.one(set, idx[0], healthy, 0, tr)
		if set.Records[idx[0]].Alias == nil {
			r.RRs = s.shuffled(r.RRs)
		}
		return r
	}
	n := 0
	for _, i := range idx {
		n += len(set.Records[i].RRs)
	}
	rrs := s.env.Scratch.takeRRs(n)[:0]
	scope := 0
	for _, i := range idx {
		tr.mark(i, chosen, "")
		v, sub := s.values(set, i, tr)
		rrs = append(rrs, v...)
		scope = max(scope, sub)
	}
	s.shuffle(rrs)
	return Result{RRs: rrs, Scope: scope, Healthy: healthy}
}
