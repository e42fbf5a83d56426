package impact

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const geoBefore = `  - {Name: geo.lab.test., Type: A, SetIdentifier: default, GeoLocation: {CountryCode: "*"}, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}
  - {Name: geo.lab.test., Type: A, SetIdentifier: de, GeoLocation: {CountryCode: DE}, TTL: 60, ResourceRecords: [{Value: 192.0.2.2}]}
`

func diffFiles(t *testing.T, old, new map[string]string) *Report {
	t.Helper()
	o, n := loadSide(t, "old", old, true), loadSide(t, "new", new, true)
	rep, err := Diff(o, n, cityPopulation(t, o, n))
	require.NoError(t, err)
	return rep
}

func onlyName(t *testing.T, rep *Report, name string) *NameImpact {
	t.Helper()
	require.Len(t, rep.Names, 1, "moved names")
	require.Equal(t, name, rep.Names[0].Name)
	return &rep.Names[0]
}

func TestDiffGeolocationChange(t *testing.T) {
	added := geoBefore + `  - {Name: geo.lab.test., Type: A, SetIdentifier: fr, GeoLocation: {CountryCode: FR}, TTL: 60, ResourceRecords: [{Value: 192.0.2.3}]}
`
	rep := diffFiles(t, labFiles(geoBefore, ""), labFiles(added, ""))
	n := onlyName(t, rep, "geo.lab.test.")
	require.Len(t, n.States, 1, "no health check matters")
	st := n.States[0]
	assert.Empty(t, st.Down)
	// France is 11.11.0.0/16 and 2a11:11::/32: exactly those move.
	assert.Equal(t, slash16, st.Moved.IPv4)
	assert.Equal(t, 0x1p96, st.Moved.IPv6)
	assert.Equal(t, 2.0, st.Moved.Networks)
	require.Len(t, st.Continents, 1)
	assert.Equal(t, "EU", st.Continents[0].Code)
	require.Len(t, st.Continents[0].Countries, 1)
	assert.Equal(t, "FR", st.Continents[0].Countries[0].Code)
	require.Len(t, st.Transitions, 1)
	assert.Equal(t, Transition{From: "192.0.2.1", To: "192.0.2.3", Moved: st.Moved}, st.Transitions[0])
	assert.Empty(t, st.Shares, "deterministic answers have no share shifts")
	require.Len(t, rep.Records, 1)
	assert.Equal(t, "Create", rep.Records[0].Action)
	assert.Equal(t, "fr", rep.Records[0].SetIdentifier)
	assert.Equal(t, []string{"192.0.2.3"}, rep.Records[0].New.Values)
}

func TestDiffWeightChange(t *testing.T) {
	w := func(a, b int) string {
		return "  - {Name: w.lab.test., Type: A, SetIdentifier: a, Weight: " + itoa(a) + ", TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}\n" +
			"  - {Name: w.lab.test., Type: A, SetIdentifier: b, Weight: " + itoa(b) + ", TTL: 60, ResourceRecords: [{Value: 192.0.2.2}]}\n"
	}
	rep := diffFiles(t, labFiles(w(50, 50), ""), labFiles(w(75, 25), ""))
	n := onlyName(t, rep, "w.lab.test.")
	require.Len(t, n.States, 1)
	st := n.States[0]
	// A quarter of every client's queries moves from b to a.
	assert.InDelta(t, 0.25*totalIPv4, st.Moved.IPv4, 1e-6)
	assert.Equal(t, []ShareShift{{"192.0.2.1", 0.5, 0.75}, {"192.0.2.2", 0.5, 0.25}}, roundShifts(st.Shares))
	assert.Empty(t, st.Transitions, "random answers move by share, not by client")
	require.Len(t, rep.Records, 2)
	assert.Equal(t, "Update", rep.Records[0].Action)
	assert.Equal(t, "weight=50", rep.Records[0].Old.Routing)
	assert.Equal(t, "weight=75", rep.Records[0].New.Routing)
}

func TestDiffHealthCheckSwap(t *testing.T) {
	fo := func(check string) string {
		return "  - {Name: fo.lab.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: " + check + ", TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}\n" +
			"  - {Name: fo.lab.test., Type: A, SetIdentifier: s, Failover: SECONDARY, TTL: 60, ResourceRecords: [{Value: 192.0.2.2}]}\n"
	}
	rep := diffFiles(t, labFiles(fo("hc-1"), ""), labFiles(fo("hc-2"), ""))
	n := onlyName(t, rep, "fo.lab.test.")
	// All healthy: nobody moves. hc-1 down: old fails over, new does not;
	// hc-2 down: the other way round. Every client, both times.
	require.Len(t, n.States, 2)
	assert.Equal(t, "hc-1", n.States[0].Down)
	assert.Equal(t, "hc-2", n.States[1].Down)
	for i, want := range []Transition{{From: "192.0.2.2", To: "192.0.2.1"}, {From: "192.0.2.1", To: "192.0.2.2"}} {
		st := n.States[i]
		assert.Equal(t, float64(totalIPv4), st.Moved.IPv4)
		require.Len(t, st.Transitions, 1)
		assert.Equal(t, want.From, st.Transitions[0].From)
		assert.Equal(t, want.To, st.Transitions[0].To)
		assert.Len(t, st.Continents, 6) // no network of the database is in Antarctica
	}
}

func TestDiffNewCIDRBlock(t *testing.T) {
	records := `  - {Name: ipb.lab.test., Type: A, SetIdentifier: office, CidrRoutingConfig: {CollectionId: nets, LocationName: office}, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}
  - {Name: ipb.lab.test., Type: A, SetIdentifier: rest, CidrRoutingConfig: {CollectionId: nets, LocationName: "*"}, TTL: 60, ResourceRecords: [{Value: 192.0.2.9}]}
`
	before := "  - Id: nets\n    Name: nets\n    Locations:\n      - {LocationName: office, CidrList: [11.4.0.0/16]}\n"
	after := "  - Id: nets\n    Name: nets\n    Locations:\n      - {LocationName: office, CidrList: [11.4.0.0/16, 11.1.5.0/24]}\n"
	rep := diffFiles(t, labFiles(records, before), labFiles(records, after))
	n := onlyName(t, rep, "ipb.lab.test.")
	require.Len(t, n.States, 1)
	st := n.States[0]
	// Exactly the new /24, carved out of Dallas's 11.1.0.0/16.
	assert.Equal(t, 256.0, st.Moved.IPv4)
	assert.Zero(t, st.Moved.IPv6)
	require.Len(t, st.CIDR, 1)
	assert.Equal(t, "nets: (no block) → office", st.CIDR[0].Name)
	assert.Equal(t, 256.0, st.CIDR[0].Moved.IPv4)
	require.Len(t, st.Continents, 1)
	assert.Equal(t, "US", st.Continents[0].Countries[0].Code)
	assert.Equal(t, []Transition{{From: "192.0.2.9", To: "192.0.2.1", Moved: st.Moved}}, st.Transitions)
	assert.Empty(t, rep.Records, "no record set changed, only the collection")
}

func TestDiffNothingMoved(t *testing.T) {
	ttl := geoBefore + "  - {Name: t.lab.test., Type: TXT, TTL: 60, ResourceRecords: [{Value: '\"x\"'}]}\n"
	ttl2 := geoBefore + "  - {Name: t.lab.test., Type: TXT, TTL: 120, ResourceRecords: [{Value: '\"x\"'}]}\n"
	rep := diffFiles(t, labFiles(ttl, ""), labFiles(ttl2, ""))
	assert.False(t, rep.Moved(), "a TTL change moves nobody")
	require.Len(t, rep.Records, 1)
	assert.Equal(t, "Update", rep.Records[0].Action)
	assert.Equal(t, uint32(120), rep.Records[0].New.TTL)
}

func TestDiffStaticChange(t *testing.T) {
	old := labFiles(geoBefore, "")
	new := labFiles(geoBefore, "")
	new["lab.test.zone"] = labZone + "www A 192.0.2.11\n"
	rep := diffFiles(t, old, new)
	n := onlyName(t, rep, "www.lab.test.")
	assert.Equal(t, "static", n.Old)
	st := n.States[0]
	assert.Equal(t, float64(totalIPv4), st.Moved.IPv4)
	assert.Equal(t, "192.0.2.10, 192.0.2.11", st.Transitions[0].To)
}

func roundShifts(ss []ShareShift) []ShareShift {
	for i := range ss {
		ss[i].Old = round(ss[i].Old)
		ss[i].New = round(ss[i].New)
	}
	return ss
}

func round(f float64) float64 { return float64(int(f*1e6+0.5)) / 1e6 }

func itoa(i int) string { return fmtInt(i) }

func TestMarkdownListsManyNamesBriefly(t *testing.T) {
	var old, new strings.Builder
	for i := range maxNames + 5 {
		fmt.Fprintf(&old, "h%d A 192.0.2.1\n", i)
		fmt.Fprintf(&new, "h%d A 192.0.2.2\n", i)
	}
	o, n := labFiles(geoBefore, ""), labFiles(geoBefore, "")
	o["lab.test.zone"] += old.String()
	n["lab.test.zone"] += new.String()
	rep := diffFiles(t, o, n)
	require.Len(t, rep.Names, maxNames+5)
	var md strings.Builder
	require.NoError(t, rep.WriteMarkdown(&md))
	assert.Equal(t, maxNames, strings.Count(md.String(), "\n### `"), "names in detail")
	assert.Contains(t, md.String(), "### 5 more name(s)")
	assert.Equal(t, maxNames+5, strings.Count(md.String(), "* Update h"), "every record change listed")
}

// A name whose own records did not change moves when its alias target's do.
func TestDiffFollowsAliases(t *testing.T) {
	alias := "  - {Name: www.lab.test., Type: A, AliasTarget: {HostedZoneId: Z1, DNSName: geo.lab.test., EvaluateTargetHealth: false}}\n"
	added := geoBefore + `  - {Name: geo.lab.test., Type: A, SetIdentifier: jp, GeoLocation: {CountryCode: JP}, TTL: 60, ResourceRecords: [{Value: 192.0.2.3}]}
`
	old, new := labFiles(geoBefore+alias, ""), labFiles(added+alias, "")
	for _, f := range []map[string]string{old, new} {
		f["lab.test.zone"] = strings.Replace(labZone, "www A 192.0.2.10\n", "", 1)
	}
	rep := diffFiles(t, old, new)
	require.Len(t, rep.Names, 2)
	for _, n := range rep.Names {
		assert.Equal(t, slash16, n.States[0].Moved.IPv4, n.Name)
		assert.Equal(t, "JP", n.States[0].Continents[0].Countries[0].Code, n.Name)
	}
}

// With a population file, amounts are the file's weights.
func TestDiffPopulationFile(t *testing.T) {
	added := geoBefore + `  - {Name: geo.lab.test., Type: A, SetIdentifier: fr, GeoLocation: {CountryCode: FR}, TTL: 60, ResourceRecords: [{Value: 192.0.2.3}]}
`
	o, n := loadSide(t, "old", labFiles(geoBefore, ""), true), loadSide(t, "new", labFiles(added, ""), true)
	pop, err := ReadPopulation(strings.NewReader("11.11.0.0/24,40\n11.11.9.0/24,2\n11.4.0.0/24,58\n"), "q.csv", openCity(t))
	require.NoError(t, err)
	rep, err := Diff(o, n, pop)
	require.NoError(t, err)
	st := onlyName(t, rep, "geo.lab.test.").States[0]
	assert.Equal(t, Amount{Weight: 42, Networks: 2}, st.Moved)
	assert.Equal(t, 100.0, rep.Population.Total.Weight)
	var md strings.Builder
	require.NoError(t, rep.WriteMarkdown(&md))
	assert.Contains(t, md.String(), "weight 42 (2 networks) moved")
}
