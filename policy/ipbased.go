package policy

// ipBased answers with the record of the location whose block holds the
// client (docs/routing.md#ip-based): the longest matching block
// decides; a location without a record in this group, or no match at all,
// leads to the default "*" record. An unhealthy location record yields to
// the default, and when both are unhealthy the location record answers
// (fail-open, as geolocation does). No match and no default is NODATA.
//
// The ECS scope is the matcher's Scope: the matched block's length, or for
// a client in no block the width of the gap around it, so that a resolver
// caching the default answer never applies it to a client inside a block.
func (s *selector) ipBased(set *Set, tr *Trace) Result {
	var m CIDRMatch
	if s.env.CIDR != nil && s.client.Subnet.IsValid() {
		m = s.env.CIDR.Match(set.Collection, s.client.Subnet)
	} else {
		tr.note("no CIDR collections configured")
	}
	if tr != nil {
		p := &Place{Note: "no block of collection " + set.Collection + " matches"}
		if m.Location != "" {
			p = &Place{Network: m.Block.String(), Note: "CIDR location " + m.Location}
		}
		tr.Location = p
	}
	loc, def := -1, -1
	for i := range set.Records {
		switch l := set.Records[i].CIDRLocation; {
		case l == "*" && def < 0:
			def = i
		case l != "*" && m.Location != "" && l == m.Location && loc < 0:
			loc = i
		}
	}
	if m.Location != "" && loc < 0 {
		tr.note("location ", m.Location, " has no record in this group: default applies")
	}
	i, healthy := s.walkChain(set, [4]int{loc, def, -1, -1}, tr)
	switch {
	case i < 0:
		tr.rule("IP-based: no record for the client's location and no default: NODATA")
		return Result{Scope: m.Scope}
	case healthy:
		tr.rule("IP-based: ", ruleFor(i == loc))
	default:
		tr.rule("IP-based: every applicable record unhealthy, fail-open: ", ruleFor(i == loc))
	}
	return s.one(set, i, healthy, m.Scope, tr)
}

func ruleFor(location bool) string {
	if location {
		return "the matched location's record"
	}
	return "the default (*) record"
}
