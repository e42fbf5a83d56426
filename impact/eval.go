package impact

import (
	"math"
	"math/rand/v2"
	"net/netip"
	"slices"

	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// Dist is the answers one client gets and the probability of each, sorted
// by answer. A static RRset or a deterministic policy has one answer with
// probability 1.
type Dist []Share

// Share is one answer and its probability (or share of queries).
type Share struct {
	Answer string  `json:"answer"`
	P      float64 `json:"share"`
}

// moved is the share of queries whose answer differs between a and b: the
// total variation distance, 0 for the same answers, 1 for disjoint ones.
func moved(a, b Dist) float64 {
	d, i, j := 0.0, 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i].Answer < b[j].Answer):
			d += a[i].P
			i++
		case i == len(a) || b[j].Answer < a[i].Answer:
			d += b[j].P
			j++
		default:
			d += math.Abs(a[i].P - b[j].P)
			i, j = i+1, j+1
		}
	}
	return d / 2
}

// Health is a what-if health view: the ids in down are unhealthy, every
// other check and target healthy. It records every id a decision asked
// about, which is how a diff learns the checks that matter for a name
// (health checks of records, and whatever else the policies consult, such
// as load-balancer targets).
type Health struct {
	Down  map[string]bool
	asked map[string]bool
}

// Healthy implements policy.Health.
func (h *Health) Healthy(id string) bool {
	if h.asked != nil {
		h.asked[id] = true
	}
	return !h.Down[id]
}

// maxLeaves bounds the exact enumeration of a decision's random draws;
// past it the distribution is sampled with a fixed seed.
const (
	maxLeaves = 4096
	samples   = 4096
)

// placed is a Locator that puts every address at one place: the unit's.
type placed struct {
	loc geo.Location
	ok  bool
}

func (p placed) Locate(netip.Addr) (geo.Location, bool) { return p.loc, p.ok }

// absent is the answer of a name and type a side has no records for.
const absent = "(no records)"

// answer is the distribution of answers of rr (in zone z) for u under
// health h: static records answer themselves, a routed group is decided.
func (s *Side) answer(z *zones.Zone, rr *zones.RRset, u *Unit, h policy.Health) Dist {
	switch {
	case rr == nil:
		return Dist{{Answer: absent, P: 1}}
	case rr.Policy == nil:
		return Dist{{Answer: canonical(rr.RRs), P: 1}}
	}
	return s.decide(z, rr.Policy, u, h)
}

// decide is the distribution of answers of set (in zone z of side s) for
// unit u under health h: every sequence of random draws the policies make
// is enumerated with its probability, so shares are exact; a decision with
// more than maxLeaves outcomes is sampled instead.
func (s *Side) decide(z *zones.Zone, set *policy.Set, u *Unit, h policy.Health) Dist {
	gen := s.view.Generation()
	// The Env the server's answer path builds (answer.Finder's routeEnv):
	// the zone's alias targets, the generation's AWS resources (whose
	// target health is read from h), CIDR collections and latency table.
	// TestDecisionsMatchAnswerPath keeps the two alike.
	env := policy.Env{Health: h, Targets: z, Resources: gen.Resources}
	var locator geo.Locator
	if s.located {
		loc := u.Place
		loc.Network = u.Network
		locator = placed{loc: loc, ok: u.Located}
		env.Locator = locator
	}
	env.Latency = &geo.LatencySource{Table: gen.Latency, Locator: locator}
	if gen.CIDR != nil {
		env.CIDR = gen.CIDR
	}
	client := policy.Client{Subnet: u.Client, FromECS: u.Client.Bits() < u.Client.Addr().BitLen()}
	acc := map[string]float64{}
	e := &enumRand{}
	env.Rand = e
	for leaves := 0; ; leaves++ {
		if leaves == maxLeaves {
			return sample(set, client, env)
		}
		e.pos = 0
		acc[answerOf(policy.Select(set, client, &env))] += e.prob()
		if !e.next() {
			break
		}
	}
	return toDist(acc)
}

// sample estimates a distribution with too many outcomes to enumerate.
func sample(set *policy.Set, client policy.Client, env policy.Env) Dist {
	env.Rand = rand.New(rand.NewPCG(1, 2))
	acc := map[string]float64{}
	for range samples {
		acc[answerOf(policy.Select(set, client, &env))] += 1.0 / samples
	}
	return toDist(acc)
}

func answerOf(r policy.Result) string {
	if r.NoData {
		return "NODATA"
	}
	return canonical(r.RRs)
}

func toDist(acc map[string]float64) Dist {
	d := make(Dist, 0, len(acc))
	for a, p := range acc {
		d = append(d, Share{Answer: a, P: p})
	}
	slices.SortFunc(d, func(x, y Share) int {
		switch {
		case x.Answer < y.Answer:
			return -1
		case x.Answer > y.Answer:
			return 1
		}
		return 0
	})
	return d
}

// enumRand walks every sequence of draws of a decision, depth first, like an
// odometer: path holds the current draws, ranges their bounds. Shuffles do
// nothing: an answer's order does not make it another answer.
type enumRand struct {
	path, ranges []int
	pos          int
}

func (e *enumRand) IntN(n int) int {
	if e.pos < len(e.path) {
		v := e.path[e.pos]
		e.pos++
		return v
	}
	e.path, e.ranges = append(e.path, 0), append(e.ranges, n)
	e.pos++
	return 0
}

func (e *enumRand) Shuffle(int, func(i, j int)) {}

// prob is the probability of the current path.
func (e *enumRand) prob() float64 {
	p := 1.0
	for _, n := range e.ranges[:e.pos] {
		p /= float64(n)
	}
	return p
}

// next moves to the following path; false when every path was walked.
func (e *enumRand) next() bool {
	e.path, e.ranges = e.path[:e.pos], e.ranges[:e.pos]
	for i := len(e.path) - 1; i >= 0; i-- {
		if e.path[i]+1 < e.ranges[i] {
			e.path[i]++
			e.path, e.ranges = e.path[:i+1], e.ranges[:i+1]
			return true
		}
	}
	return false
}
