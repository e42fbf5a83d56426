package policy

import "strconv"

// healthSet remembers which records of a group are healthy without
// allocating for groups of up to 128 records (the quota is 100).
type healthSet struct {
	small [2]uint64
	big   []bool // records from index 128 on
	n     int    // healthy records
}

func (h *healthSet) set(i int) {
	h.n++
	if i < 128 {
		h.small[i/64] |= 1 << (i % 64)
		return
	}
	for len(h.big) <= i-128 {
		h.big = append(h.big, false)
	}
	h.big[i-128] = true
}

func (h *healthSet) has(i int) bool {
	if i < 128 {
		return h.small[i/64]&(1<<(i%64)) != 0
	}
	return i-128 < len(h.big) && h.big[i-128]
}

// health evaluates every record of set.
func (s *selector) health(set *Set, tr *Trace) healthSet {
	var h healthSet
	for i := range set.Records {
		if s.healthyAt(set, i, tr) {
			h.set(i)
		}
	}
	return h
}

// healthyAt is the record health of record i (docs/routing.md#record-health),
// noted in the trace's candidate i.
func (s *selector) healthyAt(set *Set, i int, tr *Trace) bool {
	rec := &set.Records[i]
	ok, why := s.recordHealthy(rec, set.Type, tr != nil)
	if tr != nil {
		c := &tr.Candidates[i]
		c.Healthy, c.Health = ok, why
	}
	return ok
}

// recordHealthy applies the record-health rule; why is filled only when
// explain is set, so the hot path builds no strings.
//   - no health check, not an alias: healthy;
//   - a health check: its status, and for an alias also the next rules;
//   - alias with EvaluateTargetHealth: healthy iff at least one record of
//     the target group is healthy;
//   - alias without it: healthy, its target's own fail-open applies;
//   - an alias whose target is missing, loops, nests too deep or leads to
//     no records at all: unhealthy whatever EvaluateTargetHealth says,
//     since it has nothing to answer.
func (s *selector) recordHealthy(rec *Record, qtype uint16, explain bool) (ok bool, why string) {
	if rec.HealthCheckID != "" && s.env.Health != nil && !s.env.Health.Healthy(rec.HealthCheckID) {
		if explain {
			why = "health check " + rec.HealthCheckID + " unhealthy"
		}
		return false, why
	}
	if rec.Alias == nil {
		if explain {
			why = "no health check"
			if rec.HealthCheckID != "" {
				why = "health check " + rec.HealthCheckID + " healthy"
			}
		}
		return true, why
	}
	if rec.Alias.Resource {
		return s.resourceHealthy(rec.Alias, rec.Alias.EvaluateTargetHealth, qtype, explain)
	}
	target, broken := s.enter(rec.Alias.Target, qtype)
	if target == nil {
		if explain {
			why = "alias to " + rec.Alias.Target + ": " + broken
		}
		return false, why
	}
	defer s.pop()
	if !rec.Alias.EvaluateTargetHealth {
		ok = s.resolvable(target, qtype)
		if explain {
			why = "alias to " + rec.Alias.Target + " without EvaluateTargetHealth"
			if !ok {
				why = "alias to " + rec.Alias.Target + ": leads to no records"
			}
		}
		return ok, why
	}
	healthy := 0
	for i := range target.Records {
		if ok, _ := s.recordHealthy(&target.Records[i], qtype, false); ok {
			healthy++
			if !explain {
				break
			}
		}
	}
	if explain {
		why = "alias to " + rec.Alias.Target + " evaluating target health: " +
			strconv.Itoa(healthy) + " of " + strconv.Itoa(len(target.Records)) + " target records healthy"
	}
	return healthy > 0, why
}

// resolvable reports whether set can answer with records at all, health
// aside: it holds a non-alias record with values, or an alias to a
// resolvable group.
func (s *selector) resolvable(set *Set, qtype uint16) bool {
	for i := range set.Records {
		rec := &set.Records[i]
		if rec.Alias == nil {
			if len(rec.RRs) > 0 {
				return true
			}
			continue
		}
		if rec.Alias.Resource {
			if ok, _ := s.resourceHealthy(rec.Alias, false, qtype, false); ok {
				return true
			}
			continue
		}
		target, _ := s.enter(rec.Alias.Target, qtype)
		if target == nil {
			continue
		}
		ok := s.resolvable(target, qtype)
		s.pop()
		if ok {
			return true
		}
	}
	return false
}
