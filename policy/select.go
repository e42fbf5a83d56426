package policy

import (
	"math/rand/v2"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
)

// maxAliasDepth bounds an alias chain: the queried group plus this many
// names minus one. Deeper chains, and chains that revisit a name, are
// broken aliases.
const maxAliasDepth = 8

// maxAliasWork bounds how many alias targets one query may enter, however
// the zone's aliases fan out; past it every further alias is broken.
const maxAliasWork = 256

// Result is what Select chose for one client.
type Result struct {
	// RRs are the chosen values. Their owner is the name of the group that
	// holds them (an alias target's name for alias answers) and their TTL
	// is that group's TTL, which is the alias TTL Route 53 gives
	// (docs/routing.md#aliases). RRs may be the stored slice itself or
	// live in Env.Scratch: callers never modify them and use them before
	// the next Select with the same Scratch.
	RRs []dns.RR
	// Scope is the ECS scope prefix length: the length of the GeoIP
	// network, CIDR block or latency-table network that decided, the
	// longest one when nested aliases decided too; 0 when the answer did
	// not depend on the client.
	Scope int
	// Healthy is true when the record(s) answered were healthy by the
	// record-health rule of docs/routing.md#record-health, false when fail-open answered
	// or nothing did.
	Healthy bool
	// NoData is true when there is nothing to answer: a geolocation or
	// IP-based group with no record for the client and no default, or an
	// alias that leads nowhere. RRs is then empty.
	NoData bool
}

// Select chooses the records of set for client (docs/routing.md), the query
// type being set.Type. It never modifies set and is safe for concurrent use
// when env.Trace and env.Scratch are nil. A nil env behaves as an empty Env.
func Select(set *Set, client Client, env *Env) Result {
	s := selector{client: client}
	if env != nil {
		s.env = *env // a copy keeps the selector, and so the query, off the heap
	}
	s.env.Scratch.reset()
	if set.Flow != nil {
		s.env.Targets = set.Flow // a traffic-policy record's rules
	}
	s.push(set.Name)
	r := s.group(set, s.env.Trace)
	if set.Flow != nil {
		set.Flow.note(s.env.Trace)
	}
	return r
}

// selector carries one query through a group and its alias targets.
type selector struct {
	env    Env
	client Client

	// path holds the names of the groups entered, to stop alias loops.
	path  [maxAliasDepth]string
	depth int
	work  int // targets entered so far

	memo resourceMemo // the resource of the last alias outside the zone

	// The client's location, looked up once per query when first needed.
	located bool
	loc     geo.Location
	locOK   bool
}

// group dispatches on the routing policy and finishes the Result.
func (s *selector) group(set *Set, tr *Trace) Result {
	if tr != nil {
		tr.begin(set, s.client)
	}
	var r Result
	switch set.Kind {
	case Simple:
		r = s.simple(set, tr)
	case Weighted:
		r = s.weighted(set, tr)
	case Latency:
		r = s.latency(set, tr)
	case Failover:
		r = s.failover(set, tr)
	case Geolocation:
		r = s.geolocation(set, tr)
	case Geoproximity:
		r = s.geoproximity(set, tr)
	case Multivalue:
		r = s.multivalue(set, tr)
	case IPBased:
		r = s.ipBased(set, tr)
	default:
		tr.rule("unknown routing policy: no answer")
	}
	r.NoData = len(r.RRs) == 0
	if r.NoData {
		r.Healthy = false
	}
	if tr != nil {
		tr.end(r)
	}
	return r
}

// one answers with record i of set, healthy or not, adding the scope an
// alias target's decision needs to scope.
func (s *selector) one(set *Set, i int, healthy bool, scope int, tr *Trace) Result {
	tr.mark(i, chosen, "")
	rrs, sub := s.values(set, i, tr)
	return Result{RRs: rrs, Scope: max(scope, sub), Healthy: healthy}
}

// values returns the values of record i: its RRs, or for an alias the
// answer of the target group and the scope that answer needs.
func (s *selector) values(set *Set, i int, tr *Trace) ([]dns.RR, int) {
	rec := &set.Records[i]
	if rec.Alias == nil {
		return rec.RRs, 0
	}
	if rec.Alias.Resource {
		return s.resourceValues(rec, set.Type, tr), 0
	}
	target, why := s.enter(rec.Alias.Target, set.Type)
	if target == nil {
		if tr != nil {
			tr.note(aliasLabel(rec), "→ ", rec.Alias.Target, ": ", why, ", nothing to answer")
		}
		return nil, 0
	}
	defer s.pop()
	var sub *Trace
	if tr != nil {
		sub = new(Trace)
		tr.Candidates[i].Target = sub
	}
	r := s.group(target, sub)
	return r.RRs, r.Scope
}

// enter looks up an alias target and pushes it on the path; it returns nil
// and the reason when the target is missing or entering it would loop or
// go too deep. Callers pop after a non-nil return.
func (s *selector) enter(name string, qtype uint16) (*Set, string) {
	for _, seen := range s.path[:s.depth] {
		if seen == name {
			return nil, "alias loop"
		}
	}
	if s.depth == maxAliasDepth {
		return nil, "alias chain too deep"
	}
	if s.work == maxAliasWork {
		return nil, "too many aliases to follow for one query"
	}
	s.work++
	if s.env.Targets == nil {
		return nil, "no alias targets available"
	}
	target, ok := s.env.Targets.Lookup(name, qtype)
	if !ok || target == nil {
		return nil, "target not found"
	}
	s.push(name)
	return target, ""
}

func (s *selector) push(name string) {
	s.path[s.depth] = name
	s.depth++
}

func (s *selector) pop() { s.depth-- }

// intn draws uniformly from [0, n), recording the draw when tracing.
func (s *selector) intn(n int, tr *Trace, what string) int {
	v := 0
	if n > 1 && s.env.Rand != nil {
		v = s.env.Rand.IntN(n)
	}
	if tr != nil {
		tr.Draws = append(tr.Draws, Draw{Purpose: what, Value: v, Range: n})
	}
	return v
}

// shuffle puts rrs in random order in place. Callers pass a copy, never
// stored RRs.
func (s *selector) shuffle(rrs []dns.RR) {
	switch r := s.env.Rand.(type) {
	case nil:
	case *rand.Rand:
		// A direct call keeps the closure on the stack; through the
		// interface it would escape and cost an allocation per answer.
		r.Shuffle(len(rrs), func(i, j int) { rrs[i], rrs[j] = rrs[j], rrs[i] })
	default:
		r.Shuffle(len(rrs), func(i, j int) { rrs[i], rrs[j] = rrs[j], rrs[i] })
	}
}
