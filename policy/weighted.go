package policy

import "strconv"

// weighted draws one record with probability weight/Σweight among a tier
// (docs/routing.md#weighted):
//  1. healthy records of weight > 0, by weight;
//  2. else healthy records of weight 0, uniformly;
//  3. else (fail-open) every record of weight > 0 by weight, or every
//     record uniformly when all weights are 0.
//
// Weight-0 records take part only in steps 2 and 3, and a weighted draw
// never lands on one: each record owns exactly Weight values of the draw.
func (s *selector) weighted(set *Set, tr *Trace) Result {
	h := s.health(set, tr)
	var sumAll, sumHealthy, zeroHealthy int
	for i := range set.Records {
		w := weight(&set.Records[i])
		sumAll += w
		if h.has(i) {
			sumHealthy += w
			if w == 0 {
				zeroHealthy++
			}
		}
	}
	switch {
	case sumHealthy > 0:
		i := s.drawWeighted(set, &h, true, sumHealthy, tr, "among healthy non-zero weights")
		s.markWeighted(set, &h, true, true, tr)
		return s.one(set, i, true, 0, tr)
	case zeroHealthy > 0:
		i := s.drawZero(set, &h, true, zeroHealthy, tr, "no healthy non-zero weight: uniformly among healthy weight-0 records")
		s.markWeighted(set, &h, false, true, tr)
		return s.one(set, i, true, 0, tr)
	case sumAll > 0:
		i := s.drawWeighted(set, &h, false, sumAll, tr, "nothing healthy, fail-open: among all non-zero weights")
		s.markWeighted(set, &h, true, false, tr)
		return s.one(set, i, false, 0, tr)
	case len(set.Records) > 0:
		i := s.drawZero(set, &h, false, len(set.Records), tr, "all weights 0 and nothing healthy, fail-open: uniformly among all records")
		s.markWeighted(set, &h, false, false, tr)
		return s.one(set, i, false, 0, tr)
	}
	tr.rule("weighted: empty group")
	return Result{}
}

// weight is a record's weight; out-of-range weights count as 0.
func weight(rec *Record) int {
	if rec.Weight < 0 {
		return 0
	}
	return rec.Weight
}

// drawWeighted draws r in [0, total) and returns the record owning r when
// each eligible record (weight > 0, and healthy if onlyHealthy) owns the
// next Weight values in stored order.
func (s *selector) drawWeighted(set *Set, h *healthSet, onlyHealthy bool, total int, tr *Trace, among string) int {
	r := s.intn(total, tr, "weighted draw")
	if tr != nil {
		tr.rule("weighted: drew " + strconv.Itoa(r) + " from [0, " + strconv.Itoa(total) + ") " + among)
	}
	last := -1
	for i := range set.Records {
		w := weight(&set.Records[i])
		if w == 0 || (onlyHealthy && !h.has(i)) {
			continue
		}
		if r < w {
			return i
		}
		r -= w
		last = i
	}
	return last // unreachable while total is the eligible sum
}

// drawZero draws uniformly among the n weight-0 records (healthy ones if
// onlyHealthy); with onlyHealthy false it draws among all n records.
func (s *selector) drawZero(set *Set, h *healthSet, onlyHealthy bool, n int, tr *Trace, why string) int {
	r := s.intn(n, tr, "uniform draw")
	if tr != nil {
		tr.rule("weighted: drew " + strconv.Itoa(r) + " from [0, " + strconv.Itoa(n) + ") " + why)
	}
	for i := range set.Records {
		if onlyHealthy && (weight(&set.Records[i]) != 0 || !h.has(i)) {
			continue
		}
		if r == 0 {
			return i
		}
		r--
	}
	return len(set.Records) - 1 // unreachable while n counts the eligible
}

// markWeighted explains every candidate's fate; the drawn one is marked
// chosen afterwards.
func (s *selector) markWeighted(set *Set, h *healthSet, nonZeroTier, onlyHealthy bool, tr *Trace) {
	if tr == nil {
		return
	}
	for i := range tr.Candidates {
		w := weight(&set.Records[i])
		switch {
		case nonZeroTier && w == 0:
			tr.mark(i, dropped, "weight 0: used only when no record of weight > 0 is healthy")
		case onlyHealthy && !h.has(i):
			tr.mark(i, dropped, "unhealthy")
		case !onlyHealthy:
			tr.mark(i, kept, "nothing healthy: in the fail-open draw")
		default:
			tr.mark(i, kept, "in the draw")
		}
	}
}
