package policy

// failover answers with the primary while it is healthy, else with a
// healthy secondary, else (fail-open) with the primary (docs/routing.md#failover).
// A secondary without a health check is always healthy. A lone record
// answers whatever its health; should a group hold several records of one
// role, the first of each role counts and the rest are ignored.
func (s *selector) failover(set *Set, tr *Trace) Result {
	p, sec := -1, -1
	for i := range set.Records {
		switch set.Records[i].Failover {
		case Primary:
			if p < 0 {
				p = i
			}
		case Secondary:
			if sec < 0 {
				sec = i
			}
		}
	}
	tr.markAll(func(int) bool { return true }, dropped, "not the first PRIMARY or SECONDARY of the group")
	switch {
	case p >= 0 && s.healthyAt(set, p, tr):
		tr.rule("failover: primary healthy")
		s.markSecondary(sec, "primary healthy", tr)
		return s.one(set, p, true, 0, tr)
	case sec >= 0 && s.healthyAt(set, sec, tr):
		tr.rule("failover: primary unhealthy or missing, secondary healthy")
		s.markPrimary(p, tr)
		return s.one(set, sec, true, 0, tr)
	case p >= 0:
		tr.rule("failover: primary and secondary unhealthy, fail-open to primary")
		s.markSecondary(sec, "unhealthy; fail-open answers the primary", tr)
		return s.one(set, p, false, 0, tr)
	case sec >= 0:
		tr.rule("failover: no primary, secondary unhealthy, fail-open to it")
		return s.one(set, sec, false, 0, tr)
	}
	tr.rule("failover: no PRIMARY or SECONDARY record")
	return Result{}
}

func (s *selector) markSecondary(i int, why string, tr *Trace) {
	if i >= 0 {
		tr.mark(i, dropped, why)
	}
}

func (s *selector) markPrimary(i int, tr *Trace) {
	if i >= 0 {
		tr.mark(i, dropped, "unhealthy")
	}
}
