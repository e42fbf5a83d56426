package policy

import "github.com/miekg/dns"

// simple answers with every value, in random order (docs/routing.md#simple).
// Values are not health-routed; a simple alias answers with its target
// whatever EvaluateTargetHealth says. A group with more than one record
// (which the loader does not build) answers with all of them.
func (s *selector) simple(set *Set, tr *Trace) Result {
	tr.rule("simple: every value, in random order")
	healthy, scope := true, 0
	if len(set.Records) == 1 {
		// The common case: one record, returned as stored when there is
		// nothing to shuffle.
		healthy = s.healthyAt(set, 0, tr)
		tr.mark(0, chosen, "")
		rrs, sub := s.values(set, 0, tr)
		if len(rrs) > 1 && set.Records[0].Alias == nil {
			rrs = s.shuffled(rrs)
		}
		return Result{RRs: rrs, Scope: sub, Healthy: healthy}
	}
	var all []dns.RR
	for i := range set.Records {
		healthy = s.healthyAt(set, i, tr) && healthy
		tr.mark(i, chosen, "")
		rrs, sub := s.values(set, i, tr)
		all = append(all, rrs...)
		scope = max(scope, sub)
	}
	s.shuffle(all)
	return Result{RRs: all, Scope: scope, Healthy: healthy}
}

// shuffled returns a shuffled copy of rrs, or rrs itself when there is
// nothing to shuffle. Stored RRs are never reordered in place.
func (s *selector) shuffled(rrs []dns.RR) []dns.RR {
	if len(rrs) < 2 || s.env.Rand == nil {
		return rrs
	}
	c := s.env.Scratch.takeRRs(len(rrs))
	copy(c, rrs)
	s.shuffle(c)
	return c
}
