package benchdata

import (
	"fmt"
	"strings"
)

// RoutedNames is how many names of each routed kind RoutedRecordSets writes.
const RoutedNames = 100

// routedKinds are the name prefixes of the routed kinds, in the order
// RoutedMix cycles through them.
var routedKinds = [...]string{"w", "g", "m", "l", "a"}

// RoutedRecordSets is a record-set file (YAML, Route 53 field names) for
// the zone origin with RoutedNames weighted names (w-NNN: weights 70, 30
// and 0), geolocation names (g-NNN: default, Europe, Germany, Texas),
// multivalue names (m-NNN: ten values), latency names (l-NNN: three
// regions) and aliases (a-NNN, to the weighted w-NNN), so that routed
// answers can be measured beside the static ones of Zone.
func RoutedRecordSets(origin string) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	rec := func(name, id, routing, value string) {
		p("  - {Name: %s.%s, Type: A, SetIdentifier: %s, %s, TTL: 60, ResourceRecords: [{Value: %s}]}\n",
			name, origin, id, routing, value)
	}
	b.WriteString("ResourceRecordSets:\n")
	for i := range RoutedNames {
		w, g, m, l := fmt.Sprintf("w-%03d", i), fmt.Sprintf("g-%03d", i), fmt.Sprintf("m-%03d", i), fmt.Sprintf("l-%03d", i)
		rec(w, "a", "Weight: 70", fmt.Sprintf("198.18.1.%d", i))
		rec(w, "b", "Weight: 30", fmt.Sprintf("198.18.2.%d", i))
		rec(w, "c", "Weight: 0", fmt.Sprintf("198.18.3.%d", i))
		rec(g, "default", `GeoLocation: {CountryCode: "*"}`, fmt.Sprintf("198.18.4.%d", i))
		rec(g, "eu", "GeoLocation: {ContinentCode: EU}", fmt.Sprintf("198.18.5.%d", i))
		rec(g, "de", "GeoLocation: {CountryCode: DE}", fmt.Sprintf("198.18.6.%d", i))
		rec(g, "tx", "GeoLocation: {CountryCode: US, SubdivisionCode: TX}", fmt.Sprintf("198.18.7.%d", i))
		for j := 1; j <= 10; j++ {
			rec(m, fmt.Sprintf("n%d", j), "MultiValueAnswer: true", fmt.Sprintf("198.19.%d.%d", j, i))
		}
		for j, region := range []string{"us-east-1", "eu-central-1", "ap-northeast-1"} {
			rec(l, region, "Region: "+region, fmt.Sprintf("198.18.%d.%d", 8+j, i))
		}
		p("  - {Name: a-%03d.%s, Type: A, AliasTarget: {HostedZoneId: Z1, DNSName: %s.%s, EvaluateTargetHealth: true}}\n",
			i, origin, w, origin)
	}
	return b.String()
}

// RoutedMix draws count questions over the routed names, each routed kind
// in turn, and StaticMix as many A questions for hosts: the two query
// files whose CPU per query is compared.
func RoutedMix(origin string, count int) []Query {
	x := uint32(7)
	out := make([]Query, count)
	for q := range out {
		x = x*69069 + 1
		kind := routedKinds[q%len(routedKinds)]
		out[q] = Query{Kind: "routed", Name: fmt.Sprintf("%s-%03d.%s", kind, int(x/65536)%RoutedNames, origin), Qtype: 1}
	}
	return out
}

// StaticMix draws count A questions for the hosts of Zone(origin, hosts).
func StaticMix(origin string, hosts, count int) []Query {
	x := uint32(7)
	out := make([]Query, count)
	for q := range out {
		x = x*69069 + 1
		out[q] = Query{Kind: "A", Name: fmt.Sprintf("host-%05d.%s", int(x/65536)%hosts, origin), Qtype: 1}
	}
	return out
}
