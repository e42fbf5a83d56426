package policy

import (
	"net/netip"

	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/resources"
)

// Env is everything a selection reads besides the group and the client.
// Every field may be nil; see each field for what nil means. An Env is
// read-only during Select and may be shared by concurrent queries as long
// as Trace and Scratch are nil.
type Env struct {
	// Health reports health-check status. Nil: every check is healthy.
	Health Health
	// Rand draws the random numbers of simple, weighted and multivalue
	// routing. Nil: every draw is 0 (the first candidate), which is
	// deterministic but no longer spreads load.
	Rand Rand
	// Locator places the client for geolocation, geoproximity and the
	// cn-north-1 rule of latency routing. Nil means no GeoIP database:
	// those policies answer from their documented fallbacks with scope 0.
	Locator geo.Locator
	// Latency measures client → region latency. Nil: latency groups
	// answer from their fallback order (lowest SetIdentifier first).
	Latency LatencyMeter
	// CIDR matches clients against CIDR collections for IP-based routing.
	// Nil: no client matches a block, so IP-based groups answer from "*".
	CIDR CIDR
	// Targets finds alias targets inside the zone. Nil: every alias is
	// broken (unhealthy, empty answer).
	Targets Targets
	// Resources are the AWS resources that aliases outside the zone
	// point at; their target health is read from Health. Nil: every such
	// alias is broken (unhealthy, empty answer).
	Resources *resources.Set
	// Scratch, when non-nil, lends selections memory so they allocate
	// nothing once warm; Result.RRs may then live in it until the next
	// Select with the same Scratch. An Env with a Scratch must not be
	// shared between concurrent queries. Nil: selections allocate what
	// they need.
	Scratch *Scratch
	// Trace, when non-nil, receives the decision (it is reset first). Leave
	// it nil on the hot path: tracing then costs nothing. A traced Env must
	// not be shared between concurrent queries.
	Trace *Trace
}

// Health reports the last known status of a health check.
type Health interface {
	Healthy(id string) bool
}

// Rand is a source of uniform integers in [0, n), n > 0, and of random
// permutations. *math/rand/v2.Rand satisfies it. Select calls it only when
// there is a choice to make.
type Rand interface {
	IntN(n int) int
	Shuffle(n int, swap func(i, j int))
}

// LatencyMeter measures, for one client, the latency to AWS regions. An
// implementation answers from a latency table when the table has a row for
// the client and otherwise estimates from the great-circle distance between
// the client's GeoIP location and each region; geo.LatencySource does.
type LatencyMeter interface {
	// Latencies writes into ms[i] the latency in milliseconds from client
	// to regions[i] (len(ms) == len(regions)); -1 means unknown. network is
	// the range around the client the outcome holds for: its length is the
	// ECS scope of the answer (the table row narrowed past longer rows near
	// the client, and the GeoIP network when an estimate was asked for). ok
	// is false when nothing is known about the client; network then still
	// tells for how wide a range that ignorance holds, and is invalid only
	// when no source exists at all (no table and no database).
	Latencies(client netip.Prefix, regions []string, ms []float64) (network netip.Prefix, ok bool)
}

// CIDR matches a client against the CIDR collections of IP-based routing
// (docs/routing.md#ip-based). CIDRCollections implements it.
type CIDR interface {
	Match(collectionID string, client netip.Prefix) CIDRMatch
}

// CIDRMatch is the outcome of matching a client against a collection.
type CIDRMatch struct {
	// Location is the matched block's location; "" when no block matched.
	Location string
	// Block is the matched block; invalid when none matched.
	Block netip.Prefix
	// Scope is the prefix length around the client inside which every
	// client gets this same outcome: the ECS scope of an answer that
	// depended on it. It is at least Block.Bits() and longer when a longer
	// block of the collection lies near the client (geo.PrefixIndex), but
	// never longer than the client prefix.
	Scope int
}

// Targets finds the group an alias points at: name and type inside the
// zone. A static RRset is returned as a Set of Kind Simple with one Record.
type Targets interface {
	Lookup(name string, qtype uint16) (*Set, bool)
}
