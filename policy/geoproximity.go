package policy

import (
	"strconv"

	"github.com/r53d/r53d/geo"
)

// geoproximity answers with the record at the smallest biased distance
// from the client (docs/routing.md#geoproximity); an unhealthy one yields to the next
// closest, and when none is healthy the closest answers. Ties go to the
// lower SetIdentifier. Without client coordinates (no GeoIP database, an
// unknown address, or a database without coordinates) records rank by
// SetIdentifier alone.
func (s *selector) geoproximity(set *Set, tr *Trace) Result {
	loc, ok, scope := s.locate(tr)
	hasCoords := ok && loc.HasCoordinates
	h := s.health(set, tr)
	dist := func(i int) float64 {
		if !hasCoords {
			return 0
		}
		p := &set.Records[i].Proximity
		return biasedKm(geo.DistanceKm(loc.Latitude, loc.Longitude, p.Latitude, p.Longitude), p.Bias)
	}
	best, bestAll := -1, -1
	var bestD, bestAllD float64
	for i := range set.Records {
		d := dist(i)
		if tr != nil && hasCoords {
			tr.Candidates[i].Detail += ", biased distance " + strconv.FormatFloat(d, 'f', 1, 64) + " km"
		}
		if bestAll < 0 || closer(set, d, i, bestAllD, bestAll) {
			bestAll, bestAllD = i, d
		}
		if h.has(i) && (best < 0 || closer(set, d, i, bestD, best)) {
			best, bestD = i, d
		}
	}
	by := "smallest biased distance"
	if !hasCoords {
		by = "lowest SetIdentifier (client coordinates unknown)"
	}
	tr.markAll(func(i int) bool { return !h.has(i) && best >= 0 }, dropped, "unhealthy")
	tr.markAll(func(int) bool { return true }, dropped, "farther")
	switch {
	case best >= 0:
		tr.rule("geoproximity: ", by, " among healthy records")
		return s.one(set, best, true, scope, tr)
	case bestAll >= 0:
		tr.rule("geoproximity: nothing healthy, fail-open: ", by)
		return s.one(set, bestAll, false, scope, tr)
	}
	tr.rule("geoproximity: empty group")
	return Result{}
}

// closer reports whether record i at biased distance d beats record j at
// dj.
func closer(set *Set, d float64, i int, dj float64, j int) bool {
	if d != dj {
		return d < dj
	}
	return set.Records[i].SetIdentifier < set.Records[j].SetIdentifier
}

// biasedKm applies a geoproximity bias b ∈ [-99, 99] to a distance:
// b > 0 shrinks it by b %, b < 0 divides it by 1 + b/100, so opposite
// biases are exact inverses.
func biasedKm(d float64, b int) float64 {
	b = min(max(b, -99), 99)
	switch {
	case b > 0:
		return d * (1 - float64(b)/100)
	case b < 0:
		return d / (1 + float64(b)/100)
	}
	return d
}
