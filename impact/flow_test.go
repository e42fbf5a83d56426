package impact

import (
	"fmt"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flowFiles is labFiles with one traffic policy (document doc, version
// version) applied at tp.lab.test. by the policy record i-tp.
func flowFiles(doc string, version int) map[string]string {
	f := labFiles("", "")
	delete(f, "lab.test.yaml") // no routed records besides the policy record
	f["tp.traffic-policy.json"] = fmt.Sprintf(`{"TrafficPolicy": {"Id": "tp", "Version": %d, "Name": "tp", "Type": "A", "Document": %s}}`, version, doc)
	f["traffic-policy-instances.json"] = fmt.Sprintf(`{"TrafficPolicyInstances": [{"Id": "i-tp", "Name": "tp.lab.test.", "TTL": 60,
  "State": "Applied", "TrafficPolicyId": "tp", "TrafficPolicyVersion": %d, "TrafficPolicyType": "A"}]}`, version)
	return f
}

// geoSplit is a policy whose geo rule sends country to a weighted rule
// (a and b by weight) and everyone else to the endpoint rest.
func geoSplit(country string, wa, wb int) string {
	return fmt.Sprintf(`{"AWSPolicyFormatVersion": "2015-10-01", "RecordType": "A", "StartRule": "by-geo",
  "Endpoints": {"a": {"Type": "value", "Value": "192.0.2.1"}, "b": {"Type": "value", "Value": "192.0.2.2"},
    "rest": {"Type": "value", "Value": "192.0.2.9"}},
  "Rules": {
    "by-geo": {"RuleType": "geo", "Locations": [{"Country": %q, "RuleReference": "split"}, {"IsDefault": true, "EndpointReference": "rest"}]},
    "split": {"RuleType": "weighted", "Items": [{"EndpointReference": "a", "Weight": "%d"}, {"EndpointReference": "b", "Weight": "%d"}]}}}`,
		country, wa, wb)
}

// A weighted rule two rules deep changes weights: a quarter of the
// queries of the country its geo rule sends there moves, and the shares
// say so; the policy record's new version is a record change.
func TestDiffTrafficPolicyWeights(t *testing.T) {
	rep := diffFiles(t, flowFiles(geoSplit("DE", 50, 50), 1), flowFiles(geoSplit("DE", 75, 25), 2))
	n := onlyName(t, rep, "tp.lab.test.")
	require.Len(t, n.States, 1)
	st := n.States[0]
	assert.InDelta(t, 0.25*slash16, st.Moved.IPv4, 1e-6)
	assert.InDelta(t, 0.25*0x1p96, st.Moved.IPv6, 1e18)
	require.Len(t, st.Continents, 1)
	require.Len(t, st.Continents[0].Countries, 1)
	assert.Equal(t, "DE", st.Continents[0].Countries[0].Code, "only the geo rule's country")
	de := slash16 / totalIPv4
	assert.Equal(t, roundShifts([]ShareShift{
		{"192.0.2.1", 0.5 * de, 0.75 * de},
		{"192.0.2.2", 0.5 * de, 0.25 * de},
		{"192.0.2.9", 1 - de, 1 - de},
	}), roundShifts(st.Shares))
	require.Len(t, rep.Records, 1)
	assert.Equal(t, "Update", rep.Records[0].Action)
	assert.Equal(t, "traffic-policy=tp version=1 instance=i-tp", rep.Records[0].Old.Routing)
	assert.Equal(t, "traffic-policy=tp version=2 instance=i-tp", rep.Records[0].New.Routing)
}

// geoFailover is a policy whose geo rule sends country to a failover rule
// (a while hc-1 is healthy, else b) and everyone else to rest.
func geoFailover(country string) string {
	return fmt.Sprintf(`{"AWSPolicyFormatVersion": "2015-10-01", "RecordType": "A", "StartRule": "by-geo",
  "Endpoints": {"a": {"Type": "value", "Value": "192.0.2.1"}, "b": {"Type": "value", "Value": "192.0.2.2"},
    "rest": {"Type": "value", "Value": "192.0.2.9"}},
  "Rules": {
    "by-geo": {"RuleType": "geo", "Locations": [{"Country": %q, "RuleReference": "fo"}, {"IsDefault": true, "EndpointReference": "rest"}]},
    "fo": {"RuleType": "failover", "Primary": {"EndpointReference": "a", "HealthCheck": "hc-1"}, "Secondary": {"EndpointReference": "b"}}}}`,
		country)
}

// A geo rule's country changes: exactly the two countries' networks move,
// with every check healthy and with the check a rule below reads down.
func TestDiffTrafficPolicyGeoRule(t *testing.T) {
	rep := diffFiles(t, flowFiles(geoFailover("DE"), 1), flowFiles(geoFailover("FR"), 1))
	n := onlyName(t, rep, "tp.lab.test.")
	require.Len(t, n.States, 2)
	assert.Equal(t, "hc-1", n.States[1].Down, "the failover rule's check")
	assert.Equal(t, n.States[0].Moved, n.States[1].Moved)
	st := n.States[0]
	assert.Equal(t, 2*slash16, st.Moved.IPv4)
	assert.Equal(t, 2*0x1p96, st.Moved.IPv6)
	assert.Equal(t, 4.0, st.Moved.Networks)
	require.Len(t, st.Continents, 1)
	assert.Equal(t, "EU", st.Continents[0].Code)
	var countries []string
	for _, c := range st.Continents[0].Countries {
		countries = append(countries, c.Code)
		assert.Equal(t, slash16, c.Moved.IPv4, c.Code)
	}
	assert.ElementsMatch(t, []string{"DE", "FR"}, countries)
	assert.ElementsMatch(t, []Transition{
		{From: "192.0.2.1", To: "192.0.2.9", Moved: st.Continents[0].Countries[0].Moved},
		{From: "192.0.2.9", To: "192.0.2.1", Moved: st.Continents[0].Countries[1].Moved},
	}, st.Transitions)
	assert.Empty(t, rep.Records, "the same version, edited in place: no record set changed")
}

// Simulate follows a policy record's rules: a weighted start rule sends
// 30% to c and 70% to a geo rule (Europe to a, everyone else to b).
func TestSimulateTrafficPolicy(t *testing.T) {
	doc := `{"AWSPolicyFormatVersion": "2015-10-01", "RecordType": "A", "StartRule": "split",
  "Endpoints": {"a": {"Type": "value", "Value": "192.0.2.1"}, "b": {"Type": "value", "Value": "192.0.2.2"},
    "c": {"Type": "value", "Value": "192.0.2.3"}},
  "Rules": {
    "split": {"RuleType": "weighted", "Items": [{"RuleReference": "by-geo", "Weight": "70"}, {"EndpointReference": "c", "Weight": "30"}]},
    "by-geo": {"RuleType": "geo", "Locations": [{"Continent": "EU", "EndpointReference": "a"}, {"IsDefault": true, "EndpointReference": "b"}]}}}`
	s := loadSide(t, "lab", flowFiles(doc, 1), true)
	sim, err := Simulate(s, cityPopulation(t, s), Key{"tp.lab.test.", dns.TypeA}, nil, IPv4)
	require.NoError(t, err)
	assert.Equal(t, "weighted", sim.Policy)
	assert.InDelta(t, 0.3, shareOf(sim.Answers, "192.0.2.3"), 1e-9)
	countries := map[string]Area{}
	for _, c := range sim.Continents {
		for _, n := range c.Countries {
			countries[n.Code] = n
		}
	}
	for code, want := range map[string]string{"DE": "192.0.2.1", "GB": "192.0.2.1", "FR": "192.0.2.1", "US": "192.0.2.2", "JP": "192.0.2.2"} {
		assert.InDelta(t, 0.7, shareOf(countries[code].Answers, want), 1e-9, code)
		assert.InDelta(t, 0.3, shareOf(countries[code].Answers, "192.0.2.3"), 1e-9, code)
	}
	eu := 0.0
	for _, c := range sim.Continents {
		if c.Code == "EU" {
			eu = c.Weight / sim.Total
		}
	}
	assert.InDelta(t, 0.7*eu, shareOf(sim.Answers, "192.0.2.1"), 1e-9)
	assert.InDelta(t, 0.7*(1-eu), shareOf(sim.Answers, "192.0.2.2"), 1e-9)
}
