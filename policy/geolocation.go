package policy

import (
	"strings"

	"github.com/r53d/r53d/geo"
)

// geolocation answers with the most specific record for the client's
// location (docs/routing.md#geolocation): the chain subdivision → country → continent
// → default ("*") holds the records that exist for it; the first healthy
// one answers, and when none is healthy the most specific one does. An
// empty chain is NODATA. A US address without a state meets no state
// record and so starts at the US record. Without a GeoIP database, or for
// an address it does not know, only the default applies.
func (s *selector) geolocation(set *Set, tr *Trace) Result {
	loc, ok, scope := s.locate(tr)
	if !ok {
		loc = &geo.Location{}
	}
	chain := [4]int{-1, -1, -1, -1} // subdivision, country, continent, default
	for i := range set.Records {
		if at := geoRank(&set.Records[i].Geo, loc); at >= 0 && chain[at] < 0 {
			chain[at] = i
		}
	}
	i, healthy := s.walkChain(set, chain, tr)
	switch {
	case i < 0:
		tr.rule("geolocation: no record for the client's location and no default: NODATA")
		return Result{Scope: scope}
	case healthy:
		tr.rule("geolocation: most specific healthy record for the client's location")
	default:
		tr.rule("geolocation: every applicable record unhealthy, fail-open: most specific one")
	}
	return s.one(set, i, healthy, scope, tr)
}

// walkChain answers from a chain of records, most specific first (-1 for
// a level without one): the first healthy record, else — fail-open — the
// most specific one. i is -1 when the chain is empty.
func (s *selector) walkChain(set *Set, chain [4]int, tr *Trace) (i int, healthy bool) {
	first := -1
	for _, i := range chain {
		if i < 0 {
			continue
		}
		if first < 0 {
			first = i
		}
		if s.healthyAt(set, i, tr) {
			s.markChain(chain, i, false, tr)
			return i, true
		}
	}
	if first >= 0 {
		s.markChain(chain, first, true, tr)
	}
	return first, false
}

// geoRank places a record in the chain for loc: 0 subdivision, 1 country,
// 2 continent, 3 default; -1 when the record is for another place.
func geoRank(g *GeoLocation, loc *geo.Location) int {
	switch {
	case g.Country == "*":
		return 3
	case g.Subdivision != "":
		if loc.Subdivision != "" && strings.EqualFold(g.Country, loc.Country) && strings.EqualFold(g.Subdivision, loc.Subdivision) {
			return 0
		}
	case g.Country != "":
		if strings.EqualFold(g.Country, loc.Country) {
			return 1
		}
	case g.Continent != "":
		if strings.EqualFold(g.Continent, loc.Continent) {
			return 2
		}
	}
	return -1
}

// markChain explains the chain: records before the answer were unhealthy,
// records after it were not needed, or unhealthy too when failing open.
func (s *selector) markChain(chain [4]int, answer int, failOpen bool, tr *Trace) {
	if tr == nil {
		return
	}
	before := true
	for _, i := range chain {
		switch {
		case i < 0:
		case i == answer:
			before = false
		case before || failOpen:
			tr.mark(i, dropped, "unhealthy: falling back to a less specific record")
		default:
			tr.mark(i, kept, "less specific record, not needed")
		}
	}
}
