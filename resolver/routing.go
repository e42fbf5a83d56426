package resolver

import (
	"math/rand/v2"

	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// Routing is what policy decisions read besides the zones: health, the
// GeoIP database. Any may be nil: every check healthy, no locations.
type Routing struct {
	// Monitor is the live health of the prober: one snapshot per query.
	Monitor HealthMonitor
	// Health is a fixed health view (what-if questions); Monitor wins.
	Health  policy.Health
	Locator geo.Locator
}

// HealthMonitor publishes health snapshots (healthcheck.Monitor does).
type HealthMonitor interface {
	Snapshot() *healthcheck.Snapshot
}

// allHealthy stands in for the prober until it has a status: Route 53
// counts a new health check healthy (ROUTE53.md §3.3).
type allHealthy struct{}

func (allHealthy) Healthy(string) bool { return true }

// random is the worker's random source, seeded on first use.
func (s *Scratch) random() *rand.Rand {
	if s.rng == nil {
		s.rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	return s.rng
}

// routeEnv prepares a worker's policy.Env for one query in zone z. The
// Env is reused from query to query: setting its fields allocates nothing.
func (s *Scratch) routeEnv(r *Routing, gen *zones.Generation, z *zones.Zone) *policy.Env {
	env := &s.env
	env.Rand = s.random()
	switch {
	case r.Monitor != nil:
		env.Health = r.Monitor.Snapshot() // one atomic load per routed answer
	case r.Health != nil:
		env.Health = r.Health
	default:
		env.Health = allHealthy{}
	}
	env.Locator = nil
	if r.Locator != nil {
		if s.geo == nil {
			s.geo = &geoCache{}
		}
		s.geo.use(r.Locator)
		env.Locator = s.geo
	}
	env.Targets = z
	env.CIDR = nil
	if gen.CIDR != nil {
		env.CIDR = gen.CIDR
	}
	s.latency = latencySource{Table: gen.Latency, Locator: env.Locator}
	env.Latency = &s.latency
	env.Trace = nil
	return env
}

// latencySource combines the latency table with GeoIP estimates.
type latencySource = geo.LatencySource
