package answer

import (
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// Routing is what policy decisions read besides the zones: health, the
// GeoIP database. Any may be nil: every check healthy, no locations.
type Routing struct {
	// Monitor is the live health of the prober: one snapshot per answer.
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
// counts a new health check healthy.
type allHealthy struct{}

func (allHealthy) Healthy(string) bool { return true }

// routeEnv is the policy.Env of the current lookup in zone z, prepared
// on its first routed RRset and reused by the others, so one answer never
// mixes two health snapshots. The Env lives in the Finder: setting its
// fields allocates nothing.
func (f *Finder) routeEnv(z *zones.Zone) *policy.Env {
	env := &f.env
	if f.envReady {
		return env
	}
	f.envReady = true
	r := f.routing
	if r == nil {
		r = &Routing{}
	}
	env.Rand = f.random()
	switch {
	case r.Monitor != nil:
		env.Health = r.Monitor.Snapshot() // one atomic load per answer
	case r.Health != nil:
		env.Health = r.Health
	default:
		env.Health = allHealthy{}
	}
	env.Locator = nil
	if r.Locator != nil {
		if f.geo == nil {
			f.geo = &geoCache{}
		}
		f.geo.use(r.Locator)
		env.Locator = f.geo
	}
	env.Targets = z
	env.CIDR = nil
	gen := f.view.Generation()
	if gen.CIDR != nil {
		env.CIDR = gen.CIDR
	}
	// Read per answer, so a reloaded resources file takes effect at once.
	env.Resources = gen.Resources
	f.latency = latencySource{Table: gen.Latency, Locator: env.Locator}
	env.Latency = &f.latency
	env.Trace = nil
	env.Scratch = &f.scratch
	return env
}

// latencySource combines the latency table with GeoIP estimates.
type latencySource = geo.LatencySource
