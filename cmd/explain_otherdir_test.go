package cmd

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Explaining a zones directory against a server that serves another one:
// the server's health says nothing of the directory's own checks, and the
// health line says so instead of claiming live health for them.
func TestExplainLiveHealthOfAnotherDirectory(t *testing.T) {
	admin := liveServe(t) // the demo
	dir := t.TempDir()
	files := map[string]string{
		"health-checks.yaml": "HealthChecks:\n  - {Id: hc-mine, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: 9}}\n  - {Id: demo-up, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: 9}}\n",
		"o.test.yaml": `ResourceRecordSets:
  - {Name: o.test., Type: SOA, TTL: 900, ResourceRecords: [{Value: ns.o.test. h.o.test. 1 7200 900 1209600 86400}]}
  - {Name: o.test., Type: NS, TTL: 300, ResourceRecords: [{Value: ns.o.test.}]}
  - {Name: f.o.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: hc-mine, TTL: 10, ResourceRecords: [{Value: 192.0.2.1}]}
  - {Name: f.o.test., Type: A, SetIdentifier: s, Failover: SECONDARY, TTL: 10, ResourceRecords: [{Value: 192.0.2.2}]}
`,
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	out := explainText(t, ExplainOptions{Name: "f.o.test", Client: "192.0.2.1", Zones: dir, Admin: admin})
	assert.Contains(t, out, "live health from "+admin)
	assert.Contains(t, out, "; not checked by that server, counted healthy: hc-mine\n", "demo-up is the server's")

	doc := explainDoc(t, ExplainOptions{Name: "failover.demo.test", Client: "192.0.2.1", Admin: admin})
	assert.NotContains(t, doc.Health.Summary, "not checked", "the server's own directory")
}
