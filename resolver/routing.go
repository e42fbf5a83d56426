package resolver

import (
	"math/rand/v2"
	"net/netip"

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
// counts a new health check healthy (docs/health-checks.md#start-state).
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
	s.latency = latencySource{table: gen.Latency, locator: env.Locator}
	env.Latency = &s.latency
	env.Trace = nil
	return env
}

// latencySource measures client → region latency: from latency.yaml when
// it has a row for the client, else estimated from the great-circle
// distance between the client's GeoIP location and each region
// (docs/routing.md#latency).
type latencySource struct {
	table   *geo.LatencyTable
	locator geo.Locator
}

func (l *latencySource) Latencies(client netip.Prefix, regions []string, ms []float64) (netip.Prefix, bool) {
	var row geo.LatencyEntry
	inTable := false
	if l.table != nil {
		row, inTable = l.table.Lookup(client)
	}
	var loc geo.Location
	located := false
	if l.locator != nil {
		loc, located = l.locator.Locate(client.Addr())
		located = located && loc.HasCoordinates
	}
	for i, region := range regions {
		ms[i] = -1
		if inTable {
			if v, ok := row.Latency(region); ok {
				ms[i] = v
				continue
			}
		}
		if lat, lon, ok := geo.RegionCoordinates(region); ok && located {
			ms[i] = geo.EstimateLatencyMs(geo.DistanceKm(loc.Latitude, loc.Longitude, lat, lon))
		}
	}
	switch {
	case inTable:
		return row.Network, true
	case located:
		return loc.Network, true
	case l.locator != nil:
		return loc.Network, false
	}
	return netip.Prefix{}, false
}
