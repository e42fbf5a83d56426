package resolver

import (
	"net/netip"
	"testing"

	"github.com/r53d/r53d/answer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// downSet reports the listed health checks unhealthy, the rest healthy:
// what `r53d health set ID unhealthy` overrides do.
type downSet map[string]bool

func (d downSet) Healthy(id string) bool { return !d[id] }

// startFlow serves the traffic-flow fixture with the given checks down.
func startFlow(t *testing.T, down ...string) netip.AddrPort {
	t.Helper()
	d := downSet{}
	for _, id := range down {
		d[id] = true
	}
	h := NewHandler(loadStore(t, fixture(t, "flow")), nil, WithRouting(answer.Routing{Health: d, Locator: testGeoIP(t)}))
	return startHandler(t, h)
}

// TestTrafficPolicyRecordsOnTheWire: each rule type and the nesting of
// the fixture's policies (failover in latency in geo, a weighted canary
// under latency, geoproximity with bias over a multivalue rule) answer
// at the policy record's name with the instance's TTL.
func TestTrafficPolicyRecordsOnTheWire(t *testing.T) {
	for _, tc := range []struct {
		name, qname, client string
		down                []string
		want                []string // one of these, or all of them for multivalue
		all                 bool
		scope               int
	}{
		{"geo EU → failover primary", "www.flow.test.", "11.4.0.0/24", nil, []string{"198.51.100.21"}, false, 16},
		{"geo EU → failover secondary when the primary is down", "www.flow.test.", "11.4.0.0/24", []string{"hc-euw1-a"}, []string{"203.0.113.99"}, false, 16},
		{"Istanbul's /24 network decides", "www.flow.test.", "11.12.0.0/24", nil, []string{"198.51.100.21"}, false, 24},
		{"default → latency us-east-1 → canary", "www.flow.test.", "11.1.0.0/24", nil, []string{"192.0.2.11", "192.0.2.12"}, false, 16},
		{"canary's main down: the canary answers", "www.flow.test.", "11.1.0.0/24", []string{"hc-use1-a"}, []string{"192.0.2.12"}, false, 16},
		{"both canary endpoints down: latency backs out to eu-west-1", "www.flow.test.", "11.1.0.0/24", []string{"hc-use1-a", "hc-use1-b"}, []string{"198.51.100.21"}, false, 16},
		{"everything checked down: failover's unchecked secondary", "www.flow.test.", "11.1.0.0/24", []string{"hc-use1-a", "hc-use1-b", "hc-euw1-a"}, []string{"203.0.113.99"}, false, 16},
		{"default → latency eu-west-1 from Tokyo", "www.flow.test.", "11.6.0.0/24", nil, []string{"198.51.100.21"}, false, 16},
		{"geoproximity: bias 25 pulls Dallas to us-west-2", "near.flow.test.", "11.1.0.0/24", nil, []string{"10.20.0.3"}, false, 16},
		{"geoproximity: coordinates", "near.flow.test.", "11.5.0.0/24", nil, []string{"10.20.0.4"}, false, 16},
		{"geoproximity → multivalue", "near.flow.test.", "11.8.0.0/24", nil, []string{"10.20.0.1", "10.20.0.2"}, true, 16},
		{"multivalue drops the unhealthy value", "near.flow.test.", "11.8.0.0/24", []string{"hc-a"}, []string{"10.20.0.2"}, true, 16},
		{"the scope of a nested latency rule under a weighted root", "split.flow.test.", "11.1.0.0/24", nil, []string{"10.30.0.1"}, false, 16},
		{"the same from Frankfurt", "split.flow.test.", "11.4.0.0/24", nil, []string{"10.30.0.2"}, false, 16},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := startFlow(t, tc.down...)
			for range 20 {
				r := askECS(t, addr, tc.qname, tc.client)
				got := answerIPs(r)
				if tc.all {
					assert.ElementsMatch(t, tc.want, got)
				} else {
					require.Len(t, got, 1)
					assert.Contains(t, tc.want, got[0])
				}
				assert.Equal(t, tc.scope, replyScope(t, r), "ECS scope: the longest deciding network along the path")
				for _, rr := range r.Answer {
					assert.Equal(t, tc.qname, rr.Header().Name)
				}
			}
		})
	}
}

func TestTrafficPolicyRecordTTLAndHiddenRules(t *testing.T) {
	addr := startFlow(t)
	r := askECS(t, addr, "www.flow.test.", "11.4.0.0/24")
	require.Len(t, r.Answer, 1)
	assert.Equal(t, uint32(45), r.Answer[0].Header().Ttl, "the instance's TTL")
	r = askECS(t, addr, "near.flow.test.", "11.5.0.0/24")
	require.Len(t, r.Answer, 1)
	assert.Equal(t, uint32(30), r.Answer[0].Header().Ttl)
	// Rules are no names of the zone.
	r = askECS(t, addr, "by-latency.flow.test.", "11.4.0.0/24")
	assert.Empty(t, r.Answer)
}
