package impact

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// RecordChange is one record set created, updated or deleted, listed the
// way octoDNS plans list them: the action, the record, old and new values.
type RecordChange struct {
	Action        string  `json:"action"` // Create, Update, Delete
	Zone          string  `json:"zone"`
	Name          string  `json:"name"`
	Type          string  `json:"type"`
	SetIdentifier string  `json:"set_identifier,omitempty"`
	Old           *Values `json:"old,omitempty"`
	New           *Values `json:"new,omitempty"`
}

// Values is one record set's content: TTL, routing and values.
type Values struct {
	TTL     uint32   `json:"ttl"`
	Routing string   `json:"routing,omitempty"`
	Values  []string `json:"values"`
}

func (v *Values) String() string {
	s := fmt.Sprintf("ttl=%d, values=[%s]", v.TTL, strings.Join(v.Values, ", "))
	if v.Routing != "" {
		s = v.Routing + ", " + s
	}
	return s
}

// recordChanges lists every record set that differs between old and new,
// zone by zone in listing order.
func recordChanges(old, new *Side) ([]RecordChange, error) {
	olds, order, err := sideValues(old)
	if err != nil {
		return nil, err
	}
	news, orderNew, err := sideValues(new)
	if err != nil {
		return nil, err
	}
	for _, k := range orderNew {
		if _, ok := olds[k]; !ok {
			order = append(order, k)
		}
	}
	var out []RecordChange
	for _, k := range order {
		o, n := olds[k], news[k]
		rc := RecordChange{Zone: k.zone, Name: k.Name, Type: dns.TypeToString[k.Type], SetIdentifier: k.SetIdentifier, Old: o, New: n}
		switch {
		case o == nil:
			rc.Action = "Create"
		case n == nil:
			rc.Action = "Delete"
		case o.String() != n.String():
			rc.Action = "Update"
		default:
			continue
		}
		out = append(out, rc)
	}
	return out, nil
}

type valueKey struct {
	zone string
	zones.RecordSetKey
}

// sideValues lists a side's record sets with their values.
func sideValues(s *Side) (map[valueKey]*Values, []valueKey, error) {
	m := map[valueKey]*Values{}
	var order []valueKey
	for _, z := range s.view.All() {
		sets, err := s.listZone(z.Origin)
		if err != nil {
			return nil, nil, err
		}
		for _, rs := range sets {
			k := valueKey{zone: z.Origin, RecordSetKey: rs.RecordSetKey}
			m[k] = describe(rs)
			if rs.Record == nil && rs.RRs == nil {
				describeFlow(m[k], z, rs.RecordSetKey)
			}
			order = append(order, k)
		}
	}
	return m, order, nil
}

// describe writes a record set's content.
func describe(rs zones.RecordSet) *Values {
	v := &Values{Values: []string{}}
	rrs := rs.RRs
	if r := rs.Record; r != nil {
		rrs = r.RRs
		v.Routing = routing(r)
	}
	for _, rr := range rrs {
		v.TTL = rr.Header().Ttl
		v.Values = append(v.Values, rdata(rr))
	}
	slices.Sort(v.Values)
	return v
}

// describeFlow describes a policy record (listed as one record set with
// no values): the traffic policy version and instance it applies, so a
// record moved to another version is an Update.
func describeFlow(v *Values, z *zones.Zone, k zones.RecordSetKey) {
	n, ok := z.Node(k.Name)
	if !ok {
		return
	}
	set := n.Get(k.Type)
	if set == nil || set.Policy == nil || set.Policy.Flow == nil {
		return
	}
	f := set.Policy.Flow
	v.Routing = fmt.Sprintf("traffic-policy=%s version=%d instance=%s", f.PolicyID, f.PolicyVersion, f.InstanceID)
}

// routing describes a routed record's routing fields.
func routing(r *policy.Record) string {
	var parts []string
	add := func(ok bool, f string, a ...any) {
		if ok {
			parts = append(parts, fmt.Sprintf(f, a...))
		}
	}
	add(r.Weight != 0, "weight=%d", r.Weight)
	add(r.Region != "", "region=%s", r.Region)
	add(r.Geo != (policy.GeoLocation{}), "geo=%s", strings.Trim(strings.Join([]string{r.Geo.Continent, r.Geo.Country, r.Geo.Subdivision}, "/"), "/"))
	add(r.Failover == policy.Primary, "failover=PRIMARY")
	add(r.Failover == policy.Secondary, "failover=SECONDARY")
	add(r.CIDRLocation != "", "cidr-location=%s", r.CIDRLocation)
	add(r.Proximity.Source != "", "proximity=%s bias=%d", r.Proximity.Source, r.Proximity.Bias)
	add(r.HealthCheckID != "", "health-check=%s", r.HealthCheckID)
	if r.Alias != nil {
		add(true, "alias=%s evaluate-target-health=%t", r.Alias.Target, r.Alias.EvaluateTargetHealth)
	}
	return strings.Join(parts, " ")
}
