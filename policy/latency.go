package policy

import (
	"slices"
	"strconv"
	"strings"
)

// chinaRegion answers every query from China whatever the latency
// (docs/routing.md#latency).
const chinaRegion = "cn-north-1"

// latency answers with the record of the lowest-latency region; an
// unhealthy region yields to the next best, and when every record is
// unhealthy the best one answers (docs/routing.md#latency). Regions of unknown
// latency rank after known ones. When nothing is known about the client
// (no Latency source, or it knows nothing) records rank by SetIdentifier:
// a deterministic order the zone's author controls.
func (s *selector) latency(set *Set, tr *Trace) Result {
	n := len(set.Records)
	ms := s.env.Scratch.takeMs(n)
	for i := range ms {
		ms[i] = -1
	}
	scope, known := s.measure(set, ms, tr)
	h := s.health(set, tr)
	if r, ok := s.china(set, &h, scope, tr); ok {
		return r
	}
	best, bestAll := -1, -1
	for i := range set.Records {
		if bestAll < 0 || s.faster(set, ms, i, bestAll) {
			bestAll = i
		}
		if h.has(i) && (best < 0 || s.faster(set, ms, i, best)) {
			best = i
		}
	}
	by := "lowest latency"
	if !known {
		by = "lowest SetIdentifier (latency to the client unknown)"
	}
	if tr != nil {
		s.explainLatency(set, ms, &h, best, tr)
	}
	if best >= 0 {
		tr.rule("latency: ", by, " among healthy records")
		return s.one(set, best, true, scope, tr)
	}
	if bestAll < 0 {
		tr.rule("latency: empty group")
		return Result{}
	}
	tr.rule("latency: nothing healthy, fail-open: ", by)
	return s.one(set, bestAll, false, scope, tr)
}

// measure fills ms from the Latency source and returns the ECS scope and
// whether anything was known.
func (s *selector) measure(set *Set, ms []float64, tr *Trace) (scope int, known bool) {
	if s.env.Latency == nil {
		tr.note("no latency source configured")
		return 0, false
	}
	regions := s.env.Scratch.takeRegions(len(set.Records))
	for i := range set.Records {
		regions[i] = set.Records[i].Region
	}
	network, ok := s.env.Latency.Latencies(s.client.Subnet, regions, ms)
	if network.IsValid() {
		scope = network.Bits()
	}
	if tr != nil {
		if ok {
			tr.note("latencies measured for network " + network.String())
		} else {
			tr.note("latency unknown for this client")
		}
	}
	if !ok {
		for i := range ms {
			ms[i] = -1
		}
	}
	return scope, ok
}

// faster orders records: known latency before unknown, lower latency
// first, then SetIdentifier.
func (s *selector) faster(set *Set, ms []float64, i, j int) bool {
	ki, kj := ms[i] >= 0, ms[j] >= 0 // NaN is unknown too
	if ki != kj {
		return ki
	}
	if ki && ms[i] != ms[j] {
		return ms[i] < ms[j]
	}
	return set.Records[i].SetIdentifier < set.Records[j].SetIdentifier
}

// china answers with a healthy cn-north-1 record for clients located in
// China. Only groups holding such a record look the client up.
func (s *selector) china(set *Set, h *healthSet, scope int, tr *Trace) (Result, bool) {
	for i := range set.Records {
		if set.Records[i].Region != chinaRegion || !h.has(i) {
			continue
		}
		loc, ok, locScope := s.locate(tr)
		if !ok || !strings.EqualFold(loc.Country, "CN") {
			return Result{}, false
		}
		tr.rule("latency: " + chinaRegion + " answers every query from China")
		tr.markAll(func(int) bool { return true }, dropped, "client in China")
		return s.one(set, i, true, max(scope, locScope), tr), true
	}
	return Result{}, false
}

func (s *selector) explainLatency(set *Set, ms []float64, h *healthSet, best int, tr *Trace) {
	order := make([]int, len(set.Records))
	for i := range order {
		order[i] = i
		if ms[i] >= 0 {
			tr.Candidates[i].Detail += ", " + strconv.FormatFloat(ms[i], 'f', 1, 64) + " ms"
		} else {
			tr.Candidates[i].Detail += ", latency unknown"
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case s.faster(set, ms, a, b):
			return -1
		case s.faster(set, ms, b, a):
			return 1
		}
		return 0
	})
	for rank, i := range order {
		why := "rank " + strconv.Itoa(rank+1)
		switch {
		case best >= 0 && !h.has(i):
			tr.mark(i, dropped, why+", unhealthy")
		default:
			tr.mark(i, dropped, why+", a better region answered")
		}
	}
}
