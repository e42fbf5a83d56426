package answer

import (
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// downHealth reports the check "down" unhealthy and every other healthy.
type downHealth struct{}

func (downHealth) Healthy(id string) bool { return id != "down" }

// routedView publishes testdata/lookup/routed and the routing its
// decisions read: the test GeoIP database, the check "down" unhealthy.
func routedView(t *testing.T) (zones.View, *Routing) {
	t.Helper()
	db, err := geo.Open("../testdata/geoip/city.mmdb")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return loadView(t, fixture(t, "routed")), &Routing{Health: downHealth{}, Locator: db}
}

// askFrom looks name A up for a client with ECS subnet ("": none) behind
// a resolver on 127.0.0.1.
func askFrom(f *Finder, view zones.View, routing *Routing, name, subnet string) (*Result, policy.Client) {
	var ecs netip.Prefix
	if subnet != "" {
		ecs = netip.MustParsePrefix(subnet)
	}
	client := ClientOf(ecs, socket)
	return lookup(f, view, routing, Question{Name: name, Type: dns.TypeA}, client), client
}

func answerIPs(r *Result) []string {
	var out []string
	for _, rr := range r.Answer {
		if a, ok := rr.(*dns.A); ok {
			out = append(out, a.A.String())
		}
	}
	return out
}

// TestRouting: each policy's choice for clients placed by the test GeoIP
// database, and the ECS scope the reply carries (-1: the query had no ECS
// option, so the reply has none; the resolver's wire tests check that;
// -2: any scope).
func TestRouting(t *testing.T) {
	view, routing := routedView(t)
	var f Finder
	tests := []struct {
		name, subnet string
		want         []string
		scope        int // -1: no ECS option in the reply
	}{
		{"geo.routed.test.", "11.1.0.0/24", []string{"10.0.0.4"}, 16},   // Texas
		{"geo.routed.test.", "2a11:1:5::/48", []string{"10.0.0.4"}, 32}, // Texas over IPv6
		{"geo.routed.test.", "11.3.0.0/24", []string{"10.0.0.5"}, 16},   // US without a state: the country record
		{"geo.routed.test.", "11.4.2.0/24", []string{"10.0.0.3"}, 16},   // Germany
		{"geo.routed.test.", "2a11:5::/48", []string{"10.0.0.2"}, 32},   // Great Britain: the continent
		{"geo.routed.test.", "11.200.0.0/24", []string{"10.0.0.1"}, 9},  // nowhere: the default, scope of the database's empty network
		{"geo.routed.test.", "", []string{"10.0.0.1"}, -1},              // no ECS: the socket address 127.0.0.1
		{"geo.routed.test.", "127.0.0.0/24", []string{"10.0.0.1"}, 24},  // loopback ECS is ignored; the answer still depended on the client: the source prefix
		{"geo.routed.test.", "11.1.0.0/0", []string{"10.0.0.1"}, 0},     // source prefix 0 is ignored
		{"lat.routed.test.", "11.6.0.0/24", []string{"10.1.0.3"}, 16},   // Tokyo
		{"lat.routed.test.", "2a11:4::/48", []string{"10.1.0.2"}, 32},   // Frankfurt
		{"lat.routed.test.", "11.1.0.0/24", []string{"10.1.0.1"}, 16},   // Dallas: us-east-1
		{"near.routed.test.", "11.7.0.0/24", []string{"10.2.0.2"}, 16},  // Sydney
		{"near.routed.test.", "11.8.0.0/24", []string{"10.2.0.3"}, 16},  // São Paulo: bias -99 multiplies a few km by 100, still closest
		{"near.routed.test.", "11.10.0.0/24", []string{"10.2.0.2"}, 16}, // Mumbai: Sydney is nearer than Virginia; São Paulo's bias pushes it away
		{"ipb.routed.test.", "11.1.7.0/24", []string{"10.3.0.1"}, 16},   // inside the office block
		{"ipb.routed.test.", "2a11:1:1::/48", []string{"10.3.0.1"}, 32}, // IPv6 office block
		{"ipb.routed.test.", "11.1.0.0/8", []string{"10.3.0.9"}, -2},    // shorter than the block: no match
		{"ipb.routed.test.", "11.9.0.0/24", []string{"10.3.0.9"}, -2},   // elsewhere: "*"
		{"fo.routed.test.", "11.1.0.0/24", []string{"10.5.0.2"}, 0},     // primary unhealthy: secondary, scope 0
		{"alias.routed.test.", "", []string{"10.5.0.2"}, -1},            // alias to the failover group
		{"x.wild.routed.test.", "11.1.0.0/24", []string{"10.6.0.1"}, 0}, // a routed wildcard
	}
	for _, tc := range tests {
		r, client := askFrom(&f, view, routing, tc.name, tc.subnet)
		label := tc.name + " " + tc.subnet
		require.Equal(t, dns.RcodeSuccess, r.Rcode, label)
		assert.True(t, r.Authoritative, label)
		assert.True(t, r.Routed, label)
		assert.Equal(t, tc.want, answerIPs(r), label)
		for _, rr := range r.Answer {
			assert.Equal(t, tc.name, rr.Header().Name, label+": the owner is the queried name")
		}
		if tc.scope >= 0 {
			source := netip.MustParsePrefix(tc.subnet).Bits()
			assert.Equal(t, tc.scope, r.ECSScope(client, source, false), label)
		}
	}
}

func TestWeightedAndMultivalue(t *testing.T) {
	view, routing := routedView(t)
	var f Finder
	seen := map[string]int{}
	for range 200 {
		r, _ := askFrom(&f, view, routing, "w.routed.test.", "")
		require.Len(t, r.Answer, 1)
		seen[answerIPs(r)[0]]++
		assert.Equal(t, policy.Weighted, r.Policy)
	}
	assert.Zero(t, seen["10.4.0.3"], "a weight-0 record never answers while others are healthy")
	assert.Greater(t, seen["10.4.0.1"], 50)
	assert.Greater(t, seen["10.4.0.2"], 50)

	for range 20 {
		r, _ := askFrom(&f, view, routing, "mv.routed.test.", "")
		ips := answerIPs(r)
		assert.Len(t, ips, 8, "eight of twelve healthy records")
		distinct := map[string]bool{}
		for _, ip := range ips {
			distinct[ip] = true
		}
		assert.Len(t, distinct, 8)
	}
}

func TestExplainTraces(t *testing.T) {
	view, routing := routedView(t)
	var f Finder
	r, _ := askFrom(&f, view, routing, "geo.routed.test.", "11.1.0.0/24")
	assert.Nil(t, r.Traces, "no traces while serving")
	f.Explain(1)
	r, _ = askFrom(&f, view, routing, "geo.routed.test.", "11.1.0.0/24")
	require.Len(t, r.Traces, 1)
	assert.Contains(t, r.Traces[0].String(), "texas")
	first := answerIPs(ask(&f, view, routing, "mv.routed.test.", dns.TypeA, false))
	f.Explain(1)
	_, _ = askFrom(&f, view, routing, "geo.routed.test.", "11.1.0.0/24")
	assert.Equal(t, first, answerIPs(ask(&f, view, routing, "mv.routed.test.", dns.TypeA, false)), "a seed repeats the draws")
}
