package geo

import "net/netip"

// LatencySource measures the latency from a client to AWS Regions for
// latency routing: from the table's row for the client where the row has a
// figure, and otherwise estimated by EstimateLatencyMs from the
// great-circle distance between the client's GeoIP location and the region.
// Either part may be nil. A LatencySource holds no state of its own: it is
// safe for concurrent use when its Locator is.
type LatencySource struct {
	Table   *LatencyTable
	Locator Locator
}

// Latencies writes into ms[i] the latency in milliseconds from client to
// regions[i] (len(ms) == len(regions)), or -1 where it cannot tell. ok is
// false when nothing is known about the client: no row and no GeoIP
// coordinates.
//
// network is the range around the client the outcome holds for: the
// client's address cut to the ECS scope of an answer that depended on it.
// The scope is the table's (the row, narrowed past longer rows near the
// client; see PrefixIndex.Lookup), and when the GeoIP database was asked
// (a region the row lacks, or no row) at least the database network too, or
// the client's own length when the database reports no network. IPv4 and
// IPv4-mapped clients get an IPv4 network. network is invalid only when
// there is no source at all. Latencies allocates nothing.
func (l *LatencySource) Latencies(client netip.Prefix, regions []string, ms []float64) (network netip.Prefix, ok bool) {
	for i := range ms {
		ms[i] = -1
	}
	if !client.IsValid() || (l.Table == nil && l.Locator == nil) {
		return netip.Prefix{}, false
	}
	client = unmapPrefix(client)
	row, scope, inTable := l.Table.Lookup(client)
	missing := !inTable
	for i, region := range regions {
		if v, found := row.Latency(region); inTable && found {
			ms[i] = v
		} else {
			missing = true
		}
	}
	located := false
	if missing && l.Locator != nil {
		loc, found := l.Locator.Locate(client.Addr())
		geoScope := client.Bits()
		if loc.Network.IsValid() {
			geoScope = loc.Network.Bits()
		}
		scope = max(scope, geoScope)
		if located = found && loc.HasCoordinates; located {
			estimate(&loc, regions, ms)
		}
	}
	network, _ = client.Addr().Prefix(scope)
	return network, inTable || located
}

// estimate fills the regions ms does not know yet from the great-circle
// distance between loc and each region.
func estimate(loc *Location, regions []string, ms []float64) {
	for i, region := range regions {
		if ms[i] >= 0 {
			continue
		}
		if lat, lon, ok := RegionCoordinates(region); ok {
			ms[i] = EstimateLatencyMs(DistanceKm(loc.Latitude, loc.Longitude, lat, lon))
		}
	}
}
