package answer

import (
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/healthcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flappingMonitor's health changes on every Snapshot call: a check that is
// up, then down, then up again.
type flappingMonitor struct {
	snaps [2]*healthcheck.Snapshot
	calls int
}

func (m *flappingMonitor) Snapshot() *healthcheck.Snapshot {
	s := m.snaps[m.calls%2]
	m.calls++
	return s
}

func newFlappingMonitor(t *testing.T, id string) *flappingMonitor {
	t.Helper()
	mon := healthcheck.NewMonitor(healthcheck.Options{})
	mon.Update([]healthcheck.Check{{ID: id, HealthCheckConfig: healthcheck.Config{Type: "TCP", IPAddress: "127.0.0.1", Port: 9}}})
	up := mon.Snapshot()
	require.NoError(t, mon.SetOverride(id, false))
	down := mon.Snapshot()
	require.True(t, up.Healthy(id))
	require.False(t, down.Healthy(id))
	return &flappingMonitor{snaps: [2]*healthcheck.Snapshot{up, down}}
}

// TestOneHealthSnapshotPerAnswer: every routed RRset of one answer (ANY,
// CNAME chains, addresses in the additional section) reads the same health
// snapshot, so an answer never mixes a primary chosen while the check was
// up with a secondary chosen while it was down.
func TestOneHealthSnapshotPerAnswer(t *testing.T) {
	files := fixture(t, "example")
	files["example.test.zone"] += "cn CNAME both\nmx MX 10 both\n"
	files["health-checks.yaml"] = "HealthChecks:\n  - {Id: flap, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: 9}}\n"
	files["example.test.yaml"] = "ResourceRecordSets:\n" +
		"  - {Name: both.example.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: flap, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}\n" +
		"  - {Name: both.example.test., Type: A, SetIdentifier: s, Failover: SECONDARY, TTL: 60, ResourceRecords: [{Value: 192.0.2.2}]}\n" +
		"  - {Name: both.example.test., Type: AAAA, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: flap, TTL: 60, ResourceRecords: [{Value: '2001:db8::1'}]}\n" +
		"  - {Name: both.example.test., Type: AAAA, SetIdentifier: s, Failover: SECONDARY, TTL: 60, ResourceRecords: [{Value: '2001:db8::2'}]}\n"
	view := loadView(t, files)
	mon := newFlappingMonitor(t, "flap")
	routing := &Routing{Monitor: mon}
	var f Finder
	for _, q := range []struct {
		name  string
		qtype uint16
		tcp   bool
	}{
		{"both.example.test.", dns.TypeANY, true},
		{"mx.example.test.", dns.TypeMX, false},
	} {
		for range 4 { // the monitor flips between answers too
			before := mon.calls
			r := lookup(&f, view, routing, Question{Name: q.name, Type: q.qtype, TCP: q.tcp}, ClientOf(zeroPrefix, socket))
			assert.Equal(t, 1, mon.calls-before, "%s: one snapshot per answer", q.name)
			records := append(append([]dns.RR{}, r.Answer...), r.Additional...)
			var last byte
			n := 0
			for _, rr := range records {
				switch v := rr.(type) {
				case *dns.A:
					n++
					last = checkSame(t, q.name, last, v.A.To4()[3])
				case *dns.AAAA:
					n++
					last = checkSame(t, q.name, last, v.AAAA[15])
				}
			}
			assert.Equal(t, 2, n, "%s: an A and an AAAA", q.name)
		}
	}
	r := lookup(&f, view, routing, Question{Name: "cn.example.test.", Type: dns.TypeA}, ClientOf(zeroPrefix, socket))
	assert.Len(t, r.Answer, 2, "the CNAME and the routed A it leads to")
	before := mon.calls
	f.Lookup(view, routing, Question{Name: "www.example.test.", Type: dns.TypeA}, ClientOf(zeroPrefix, socket))
	assert.Equal(t, before, mon.calls, "a static answer reads no health")
}

// checkSame requires every address of one answer to come from the same
// failover side: host 1 (primary) or 2 (secondary).
func checkSame(t *testing.T, name string, last, host byte) byte {
	t.Helper()
	if last != 0 {
		assert.Equal(t, last, host, "%s: primary and secondary mixed in one answer", name)
	}
	return host
}
