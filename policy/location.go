package policy

import (
	"strconv"

	"github.com/r53d/r53d/geo"
)

// locate returns the client's location, asking the Locator at most once
// per query. scope is the ECS scope an answer that depended on the lookup
// needs: the database network that matched, or failing that the client's
// own prefix (an unknown client's fallback answer must not be cached for
// everyone); 0 without a database, since then the answer cannot depend on
// the client.
func (s *selector) locate(tr *Trace) (loc *geo.Location, ok bool, scope int) {
	if !s.located {
		s.located = true
		if s.env.Locator != nil && s.client.Subnet.IsValid() {
			s.loc, s.locOK = s.env.Locator.Locate(s.client.Subnet.Addr())
		}
	}
	if s.env.Locator != nil && s.client.Subnet.IsValid() {
		scope = s.client.Subnet.Bits()
		if s.loc.Network.IsValid() {
			scope = s.loc.Network.Bits()
		}
	}
	if tr != nil && tr.Location == nil {
		tr.Location = s.place()
	}
	return &s.loc, s.locOK, scope
}

// place describes the looked-up location for a trace.
func (s *selector) place() *Place {
	switch {
	case s.env.Locator == nil:
		return &Place{Note: "no GeoIP database"}
	case !s.client.Subnet.IsValid():
		return &Place{Note: "no client address"}
	case !s.locOK:
		p := &Place{Note: "address not in the GeoIP database"}
		if s.loc.Network.IsValid() {
			p.Network = s.loc.Network.String()
		}
		return p
	}
	l := &s.loc
	p := &Place{Continent: l.Continent, Country: l.Country, Subdivision: l.Subdivision, Note: "GeoIP"}
	if l.HasCoordinates {
		p.Coordinates = strconv.FormatFloat(l.Latitude, 'f', 2, 64) + "," + strconv.FormatFloat(l.Longitude, 'f', 2, 64)
	}
	if l.Network.IsValid() {
		p.Network = l.Network.String()
	}
	return p
}
