package scenario

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every kind of expectation catches a wrong one: each case of wrong.yaml
// fails, and for the reason its name gives, with the trace of the answer.
func TestWrongExpectationsFail(t *testing.T) {
	r := demoRunner(t)
	f := parseFile(t, "wrong.yaml")
	kinds := map[string]bool{}
	for _, res := range r.Run(f) {
		require.Equal(t, Fail, res.Status, "%s:%d %s", f.Path, res.Case.Line, res.Case.Name)
		require.NotEmpty(t, res.Problems)
		assert.True(t, strings.HasPrefix(res.Problems[0], res.Case.Name), "%s: %v", res.Case.Name, res.Problems)
		assert.NotEmpty(t, res.Explain)
		kinds[res.Case.Name] = true
	}
	assert.Len(t, kinds, 6, "answer, one-of, rcode (NODATA too), ttl, ecs-scope, distribution")
}

// The right expectations of the same questions pass.
func TestRightExpectationsPass(t *testing.T) {
	r := demoRunner(t)
	for _, res := range r.Run(parseFile(t, "right.yaml")) {
		assert.Equal(t, Pass, res.Status, "%s: %v", res.Case.Name, res.Problems)
	}
}

// The demo's own scenario file passes (with the test GeoIP database).
func TestDemoScenarios(t *testing.T) {
	r := demoRunner(t)
	data := readFile(t, demoDir+"/tests/demo.yaml")
	f, err := Parse("demo.yaml", data)
	require.NoError(t, err)
	require.NotEmpty(t, f.Cases)
	for _, res := range r.Run(f) {
		assert.Equal(t, Pass, res.Status, "%s: %v %v", res.Case.Name, res.Problems, res.Err)
	}
}

// A health id that is no health check is bad input, at its position; a
// target id is taken as it is (load-balancer targets are ids alike).
func TestUnknownHealthID(t *testing.T) {
	r := demoRunner(t)
	f, err := Parse("h.yaml", []byte("cases:\n  - question: failover.demo.test\n    health:\n      unhealthy: [demo-up, nosuch]\n    expect: {answer: [192.0.2.122]}\n"+
		"  - question: failover.demo.test\n    health: {targets-down: [web/192.0.2.1:80], unhealthy: [target/web/192.0.2.2:80]}\n    expect: {answer: [192.0.2.121]}\n"))
	require.NoError(t, err)
	res := r.Run(f)
	require.Equal(t, Bad, res[0].Status)
	assert.Equal(t, `h.yaml:4:28: cases[0].health.unhealthy: no health check "nosuch" in the zones directory`, res[0].Err.Error())
	assert.Equal(t, Pass, res[1].Status, "target ids are not health checks: %v %v", res[1].Problems, res[1].Err)
	assert.Equal(t, []ID{{Value: "target/web/192.0.2.1:80", Line: 7, Col: 29, Field: "cases[1].health.targets-down", Target: true}}, f.Cases[1].Health.TargetsDown)
	assert.True(t, f.Cases[1].Health.Unhealthy[0].Target)
	h, bad := r.health(f, f.Cases[1])
	require.Nil(t, bad)
	assert.False(t, h.Healthy("target/web/192.0.2.1:80"), "the answer path reads targets by id, as checks")
	assert.False(t, h.Healthy("target/web/192.0.2.2:80"))
	assert.True(t, h.Healthy("target/web/192.0.2.3:80"))
}

// Places resolve to networks of the database as the server sees them.
func TestPlaces(t *testing.T) {
	r := demoRunner(t)
	for _, tc := range []struct {
		client Client
		want   string
	}{
		{Client{Country: "DE"}, "11.4.0.0/24"},
		{Client{Subdivision: "US-CA"}, "11.2.0.0/24"},
		{Client{Continent: "OC"}, "11.7.0.0/24"},
		{Client{Region: "ap-south-1"}, "11.10.0.0/24"},
		{Client{Coordinates: &[2]float64{-36, 174}}, "11.13.0.0/24"},
		{Client{Country: "TR"}, "11.12.0.0/24"},
	} {
		got, note, err := r.Places.Resolve(&tc.client)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got.String(), note)
	}
	_, _, err := r.Places.Resolve(&Client{Country: "CN"})
	assert.ErrorContains(t, err, "no network of the GeoIP database is in country CN")
}

// Without a GeoIP database, a case with a place is skipped, not failed.
func TestPlaceWithoutDatabaseSkips(t *testing.T) {
	r := demoRunner(t)
	r.Places, r.Locator = nil, nil
	f, err := Parse("p.yaml", []byte("cases:\n  - question: geo.demo.test\n    client: {country: DE}\n    expect: {answer: [192.0.2.132]}\n"))
	require.NoError(t, err)
	assert.Equal(t, Skip, r.Run(f)[0].Status)
}

// Without a GeoIP database, a case whose answer depended on the client's
// location is skipped, not failed: the answer could not be the server's.
func TestLocationWithoutDatabaseSkips(t *testing.T) {
	r := demoRunner(t)
	r.Places, r.Locator = nil, nil
	f, err := Parse("p.yaml", []byte("cases:\n  - question: geo.demo.test\n    client: 11.4.0.0/24\n    expect: {answer: [192.0.2.132]}\n"+
		"  - question: ipb.demo.test\n    client: 11.4.0.0/24\n    expect: {answer: [192.0.2.1]}\n"))
	require.NoError(t, err)
	res := r.Run(f)
	assert.Equal(t, Skip, res[0].Status)
	assert.Equal(t, Fail, res[1].Status, "IP-based routing needs no database: a wrong answer fails")
}

// A place the database has no network for is bad input, at the client.
func TestPlaceInNoNetwork(t *testing.T) {
	f, err := Parse("p.yaml", []byte("cases:\n  - question: geo.demo.test\n    client: {country: CN}\n    expect: {rcode: NOERROR}\n"))
	require.NoError(t, err)
	res := demoRunner(t).Run(f)[0]
	require.Equal(t, Bad, res.Status)
	assert.Equal(t, "p.yaml:3:13: cases[0].client: no network of the GeoIP database is in country CN", res.Err.Error())
}
