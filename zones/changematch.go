package zones

import (
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// sameSet tells whether a DELETE's record set matches the stored one
// exactly, as Route 53 requires: TTL, values in any order, routing
// fields, health check and alias target. Names compare normalized and
// values as record data, so a set echoed back from a listing (where
// Route 53 prints them its own way) matches what was written.
func sameSet(have, del ResourceRecordSet) bool {
	return equalPtr(have.TTL, del.TTL) &&
		equalPtr(have.Weight, del.Weight) &&
		have.Region == del.Region &&
		equalPtr(have.GeoLocation, del.GeoLocation) &&
		have.Failover == del.Failover &&
		isTrue(have.MultiValueAnswer) == isTrue(del.MultiValueAnswer) &&
		have.HealthCheckID == del.HealthCheckID &&
		have.TrafficPolicyInstanceID == del.TrafficPolicyInstanceID &&
		equalPtr(have.CidrRoutingConfig, del.CidrRoutingConfig) &&
		sameProximity(have.GeoProximityLocation, del.GeoProximityLocation) &&
		sameAlias(have.AliasTarget, del.AliasTarget) &&
		sameValues(strings.ToUpper(have.Type), have.ResourceRecords, del.ResourceRecords)
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func isTrue(b *bool) bool { return b != nil && *b }

func sameAlias(a, b *AliasTarget) bool {
	if a == nil || b == nil {
		return a == b
	}
	return BareZoneID(a.HostedZoneID) == BareZoneID(b.HostedZoneID) &&
		normalName(a.DNSName) == normalName(b.DNSName) &&
		isTrue(a.EvaluateTargetHealth) == isTrue(b.EvaluateTargetHealth)
}

func sameProximity(a, b *GeoProximityLocation) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.AWSRegion == b.AWSRegion && a.LocalZoneGroup == b.LocalZoneGroup &&
		equalPtr(a.Coordinates, b.Coordinates) && equalPtr(a.Bias, b.Bias)
}

// sameValues compares two lists of values of type t as multisets of
// record data.
func sameValues(t string, a, b []ResourceRecord) bool {
	if len(a) != len(b) {
		return false
	}
	norm := func(rrs []ResourceRecord) []string {
		out := make([]string, len(rrs))
		for i, v := range rrs {
			out[i] = ValueData(t, v.Value)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(norm(a), norm(b))
}

// ValueData is a record set's value of type t as record data in
// presentation form, as Route 53 prints it (`10 mail.example.com.`,
// `"v=spf1 -all"`); a value that does not parse is returned as it is.
func ValueData(t string, value string) string {
	rr, err := dns.NewRR(". 0 IN " + t + " " + value)
	if err != nil || rr == nil {
		return value
	}
	return rdata(rr)
}

// rdata is a record's data after its header, in presentation form.
func rdata(rr dns.RR) string {
	return strings.TrimPrefix(rr.String(), rr.Header().String())
}
