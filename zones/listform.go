package zones

import (
	"slices"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

// ResourceRecordSet returns a stored record set in Route 53's form, as
// ListResourceRecordSets shows it: its name as Route 53 prints it, a
// static set as TTL and values in presentation form (the record data:
// `10 mail.example.com.`, a TXT value with its quotes), a routed member
// as its record-set file wrote it, with its routing fields, alias target
// and health check. The result shares nothing with the store.
func (rs RecordSet) ResourceRecordSet() ResourceRecordSet {
	var out ResourceRecordSet
	rrs := rs.RRs
	switch {
	case rs.Record == nil && rs.src != nil: // a policy record: name, type and instance id
		out = cloneSet(*rs.src)
		out.Name, out.Type = PrintedName(rs.Name), typeName(rs.Type)
		return out
	case rs.Record == nil:
	case rs.src != nil:
		out = cloneSet(*rs.src)
		rrs = rs.Record.RRs
	default:
		out = fromRecord(rs.Record)
		rrs = rs.Record.RRs
	}
	out.Name = PrintedName(rs.Name)
	out.Type = typeName(rs.Type)
	if out.AliasTarget != nil {
		out.AliasTarget.DNSName = PrintedName(out.AliasTarget.DNSName)
		return out
	}
	if len(rrs) > 0 {
		ttl := int64(rrs[0].Header().Ttl)
		out.TTL = &ttl
	}
	out.ResourceRecords = make([]ResourceRecord, len(rrs))
	for i, rr := range rrs {
		out.ResourceRecords[i] = ResourceRecord{Value: rdata(rr)}
	}
	return out
}

func typeName(t uint16) string {
	if s, ok := dns.TypeToString[t]; ok {
		return s
	}
	return dns.Type(t).String()
}

// fromRecord is a routed member's routing fields, for a member built
// without a record set to show (none is, today: routed records come only
// from record-set files).
func fromRecord(r *policy.Record) ResourceRecordSet {
	out := ResourceRecordSet{SetIdentifier: r.SetIdentifier, HealthCheckID: r.HealthCheckID, Region: r.Region}
	if r.Weight != 0 {
		w := int64(r.Weight)
		out.Weight = &w
	}
	switch r.Failover {
	case policy.Primary:
		out.Failover = "PRIMARY"
	case policy.Secondary:
		out.Failover = "SECONDARY"
	}
	if g := r.Geo; g != (policy.GeoLocation{}) {
		out.GeoLocation = &GeoLocation{ContinentCode: g.Continent, CountryCode: g.Country, SubdivisionCode: g.Subdivision}
	}
	if a := r.Alias; a != nil {
		eth := a.EvaluateTargetHealth
		out.AliasTarget = &AliasTarget{DNSName: a.Target, EvaluateTargetHealth: &eth}
	}
	return out
}

// cloneSet copies a record set with everything it points to.
func cloneSet(rs ResourceRecordSet) ResourceRecordSet {
	rs.Weight = clonePtr(rs.Weight)
	rs.GeoLocation = clonePtr(rs.GeoLocation)
	rs.MultiValueAnswer = clonePtr(rs.MultiValueAnswer)
	rs.TTL = clonePtr(rs.TTL)
	rs.ResourceRecords = slices.Clone(rs.ResourceRecords)
	if rs.AliasTarget != nil {
		a := *rs.AliasTarget
		a.EvaluateTargetHealth = clonePtr(a.EvaluateTargetHealth)
		rs.AliasTarget = &a
	}
	rs.CidrRoutingConfig = clonePtr(rs.CidrRoutingConfig)
	if g := rs.GeoProximityLocation; g != nil {
		c := *g
		c.Coordinates = clonePtr(g.Coordinates)
		c.Bias = clonePtr(g.Bias)
		rs.GeoProximityLocation = &c
	}
	return rs
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
