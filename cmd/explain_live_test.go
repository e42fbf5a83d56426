package cmd

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/r53d/r53d/explain"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// liveServe runs the demo with an admin API on 127.0.0.1 and the test
// GeoIP database, and returns the admin address.
func liveServe(t *testing.T) string {
	t.Helper()
	s, err := launchServe(t, ServeOptions{Listen: "127.0.0.1:0", Admin: "127.0.0.1:0", GeoIPDB: testGeoDB, LogLevel: "error", Log: io.Discard})
	require.NoError(t, err)
	return s.admin
}

func explainText(t *testing.T, opts ExplainOptions) string {
	t.Helper()
	var out bytes.Buffer
	if opts.Type == "" {
		opts.Type = "A"
	}
	opts.GeoIPDB, opts.Out = testGeoDB, &out
	require.NoError(t, runExplain(opts))
	return out.String()
}

func explainDoc(t *testing.T, opts ExplainOptions) explain.Doc {
	t.Helper()
	opts.JSON = true
	var doc explain.Doc
	require.NoError(t, json.Unmarshal([]byte(explainText(t, opts)), &doc))
	return doc
}

// TestExplainLiveHealth: explain reads the running server's health, an
// override made there changes its answer, and the output names the
// source.
func TestExplainLiveHealth(t *testing.T) {
	admin := liveServe(t)
	set := func(status string) {
		require.NoError(t, runHealthSet(HealthOptions{Admin: admin, Out: io.Discard}, "demo-up", status))
	}
	ask := ExplainOptions{Name: "failover.demo.test", Client: "192.0.2.1", Admin: admin}

	set("healthy")
	out := explainText(t, ask)
	assert.Regexp(t, `^;; Health: live health from `+admin+` at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n`, out)
	assert.Contains(t, out, "failover.demo.test.\t10\tIN\tA\t192.0.2.121\n\n;; Why:", "the primary answers")

	set("unhealthy")
	out = explainText(t, ask)
	assert.Contains(t, out, "candidate primary [PRIMARY] unhealthy (health check demo-up unhealthy) → dropped")
	assert.Contains(t, out, "IN\tA\t192.0.2.122\n\n;; Why:", "the secondary answers")

	doc := explainDoc(t, ask)
	assert.Equal(t, "live", doc.Health.Source)
	assert.Equal(t, admin, doc.Health.Admin)
	at, err := time.Parse(time.RFC3339, doc.Health.At)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), at, time.Minute)

	// What-if on top of live health: the forced check wins, the summary
	// says both.
	ask.Healthy = []string{"demo-up"}
	doc = explainDoc(t, ask)
	assert.Equal(t, "what-if", doc.Health.Source)
	assert.Equal(t, map[string]string{"demo-up": "healthy"}, doc.Health.Forced)
	assert.True(t, strings.HasPrefix(doc.Health.Summary, "what-if: demo-up healthy (forced); every other check: live health from "+admin), doc.Health.Summary)
	assert.Equal(t, "192.0.2.121", doc.Answer[0].Data["a"])
}

func TestExplainNoServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := ln.Addr().String()
	require.NoError(t, ln.Close())
	out := explainText(t, ExplainOptions{Name: "failover.demo.test", Client: "192.0.2.1", Admin: closed})
	assert.True(t, strings.HasPrefix(out, ";; Health: assumed healthy: no server at "+closed+" ("), out)
	doc := explainDoc(t, ExplainOptions{Name: "failover.demo.test", Client: "192.0.2.1", Admin: closed, Unhealthy: []string{"demo-up"}})
	assert.Equal(t, "what-if", doc.Health.Source)
	assert.Contains(t, doc.Health.Summary, "what-if: demo-up unhealthy (forced); every other check: assumed healthy: no server at "+closed)
}

func TestExplainUnknownCheck(t *testing.T) {
	admin := liveServe(t)
	var out bytes.Buffer
	err := runExplain(ExplainOptions{Name: "failover.demo.test", Type: "A", Client: "192.0.2.1", Admin: admin, Unhealthy: []string{"demo-upp"}, Out: &out})
	require.Error(t, err)
	demoTargets := "target/web-euw1/127.0.0.1:18083, target/web-euw1/127.0.0.1:18084, target/web-nlb/127.0.0.1:18081, " +
		"target/web-nlb/127.0.0.1:18082, target/web-use1/127.0.0.1:18081, target/web-use1/127.0.0.1:18082"
	assert.Equal(t, "--unhealthy demo-upp: no such health check; known ids: (demo)/health-checks.yaml: demo-down, demo-up; "+
		"load-balancer targets of (demo)/aws-resources.yaml: "+demoTargets+"; "+
		"the server at "+admin+": demo-down, demo-up, "+demoTargets, err.Error())
	err = runExplain(ExplainOptions{Name: "failover.demo.test", Type: "A", Client: "192.0.2.1", Healthy: []string{"x"}, Out: &out})
	assert.EqualError(t, err, "--healthy x: no such health check; known ids: (demo)/health-checks.yaml: demo-down, demo-up; "+
		"load-balancer targets of (demo)/aws-resources.yaml: "+demoTargets)
	// A target the resources file declares is a what-if without a server.
	require.NoError(t, runExplain(ExplainOptions{Name: "ha.demo.test", Type: "A", Client: "192.0.2.1", Admin: "",
		Unhealthy: []string{"target/web-use1/127.0.0.1:18081", "target/web-use1/127.0.0.1:18082"}, Out: &out}))
	assert.Contains(t, out.String(), "192.0.2.211", "both us-east-1 targets down: eu-west-1 answers")
	out.Reset()
	assert.Empty(t, out.String(), "nothing is explained")
}

// TestExplainRefused: a name in no zone is REFUSED, with no paragraph
// about routing.
func TestExplainRefused(t *testing.T) {
	out := explainText(t, ExplainOptions{Name: "www.example.org", Client: "192.0.2.1"})
	assert.Contains(t, out, "status: REFUSED")
	assert.Contains(t, out, ";; REFUSED: no zone here holds www.example.org.")
	assert.NotContains(t, out, "routing policy")
	assert.NotContains(t, out, "Why:")
	doc := explainDoc(t, ExplainOptions{Name: "www.example.org", Client: "192.0.2.1"})
	assert.Equal(t, "REFUSED", doc.Rcode)
	assert.Empty(t, doc.Answer)
	assert.Empty(t, doc.Decisions)
	assert.Empty(t, doc.Trace)
}

// TestExplainJSONRecords: records are structured: header fields and data
// fields by name, not dig text.
func TestExplainJSONRecords(t *testing.T) {
	mx := explainDoc(t, ExplainOptions{Name: "demo.test", Type: "MX", Client: "192.0.2.1"})
	require.Len(t, mx.Answer, 1)
	r := mx.Answer[0]
	assert.Equal(t, explain.Record{Name: "demo.test.", Type: "MX", Class: "IN", TTL: r.TTL,
		Data: map[string]any{"preference": float64(10), "mx": "mail.demo.test."}}, r)
	assert.Positive(t, r.TTL)

	txt := explainDoc(t, ExplainOptions{Name: "long.demo.test", Type: "TXT", Client: "192.0.2.1"})
	require.Len(t, txt.Answer, 1)
	assert.Equal(t, []any{"This TXT record is split into several strings of at most 255 bytes, as RFC 1035 requires.",
		"A second string follows.", "And a third."}, txt.Answer[0].Data["txt"])

	nx := explainDoc(t, ExplainOptions{Name: "nothing.demo.test", Client: "192.0.2.1"})
	assert.Equal(t, "NXDOMAIN", nx.Rcode)
	require.Len(t, nx.Authority, 1)
	assert.Equal(t, "SOA", nx.Authority[0].Type)
	assert.Equal(t, "ns1.demo.test.", nx.Authority[0].Data["ns"])
	assert.IsType(t, float64(0), nx.Authority[0].Data["serial"])

	geo := explainDoc(t, ExplainOptions{Name: "geo.demo.test", Client: "11.4.0.0/24"})
	assert.Equal(t, explain.ClientDoc{Given: "11.4.0.0/24", Socket: "127.0.0.1", Subnet: "11.4.0.0/24", DecidedOn: "11.4.0.0/24 (ECS)", Scope: 16}, geo.Client)
	assert.Equal(t, &explain.SubnetDoc{Address: "11.4.0.0", Source: 24, Scope: 16}, geo.EDNS.ClientSubnet)
	assert.Equal(t, "192.0.2.132", geo.Answer[0].Data["a"])
	kinds := []string{}
	for _, s := range geo.Trace {
		kinds = append(kinds, s.Kind)
	}
	assert.Equal(t, []string{"decision", "location", "candidate", "candidate", "candidate", "candidate", "candidate", "rule", "answer", "record"}, kinds)
	assert.Equal(t, "rule: geolocation: most specific healthy record for the client's location", geo.Trace[7].Text)
}

// TestAdminExplainMatchesCLI: /api/explain answers the JSON r53d explain
// --json prints for the same question, with the server's live health.
func TestAdminExplainMatchesCLI(t *testing.T) {
	admin := liveServe(t)
	require.NoError(t, runHealthSet(HealthOptions{Admin: admin, Out: io.Discard}, "demo-up", "unhealthy"))
	for _, tc := range []struct {
		cli   ExplainOptions
		query url.Values
	}{
		{ExplainOptions{Name: "geo.demo.test", Client: "11.4.0.0/24"}, url.Values{"name": {"geo.demo.test"}, "client": {"11.4.0.0/24"}}},
		{ExplainOptions{Name: "geo.demo.test", Client: "2a11:4::/48"}, url.Values{"name": {"geo.demo.test."}, "type": {"a"}, "subnet": {"2a11:4::/48"}}},
		{ExplainOptions{Name: "failover.demo.test", Client: "192.0.2.1"}, url.Values{"name": {"failover.demo.test"}}},
		{ExplainOptions{Name: "www.example.org", Type: "AAAA", Client: "192.0.2.7"}, url.Values{"name": {"www.example.org"}, "type": {"AAAA"}, "client": {"192.0.2.7"}}},
	} {
		tc.cli.Admin = admin
		cli := explainDoc(t, tc.cli)
		code, body := adminGet(t, admin, "/api/explain?"+tc.query.Encode())
		require.Equal(t, http.StatusOK, code, body)
		var api explain.Doc
		require.NoError(t, json.Unmarshal([]byte(body), &api))
		assert.Equal(t, "live", api.Health.Source)
		cli.Health.At, api.Health.At = "", "" // read a moment apart
		cli.Health.Summary, api.Health.Summary = "", ""
		assert.Equal(t, cli, api, tc.query.Encode())
	}
	code, body := adminGet(t, admin, "/api/explain?type=A")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "name is required")
	code, body = adminGet(t, admin, "/api/explain?name=failover.demo.test&unhealthy=nope")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "unhealthy nope: no such health check")
	code, body = adminGet(t, admin, "/api/explain?name=failover.demo.test&healthy=demo-up")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `"source": "what-if"`)
	assert.Contains(t, body, `"a": "192.0.2.121"`)
}

// TestStatusPageLinksExplain: each routed name links to its explanation,
// as a page and as JSON, and the links answer.
func TestStatusPageLinksExplain(t *testing.T) {
	admin := liveServe(t)
	_, page := adminGet(t, admin, "/")
	routed := between(t, page, `<table id="routed">`, "</table>")
	for _, name := range []string{"failover", "geo", "weighted", "pool"} {
		q := "name=" + name + ".demo.test.&amp;type=A&amp;client=127.0.0.1"
		assert.Contains(t, routed, `<a class="explain" href="/explain?`+q+`">explain</a>`, name)
		assert.Contains(t, routed, `<a class="note" href="/api/explain?`+q+`">JSON</a>`, name)
	}
	code, html := adminGet(t, admin, "/explain?name=failover.demo.test.&type=A&client=127.0.0.1")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, html, "<pre id=\"explanation\">;; Health: live health from "+admin)
	assert.Contains(t, html, "rule: failover: primary healthy")
}

func adminGet(t *testing.T, admin, path string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + admin + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// TestExplainLiveHealthToken: a server that wants a token and gets none
// is an error (its health is not assumed); with the token file it is
// live health.
func TestExplainLiveHealthToken(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "token", "s3cret-token\n")
	s, err := launchServe(t, ServeOptions{Listen: "127.0.0.1:0", Admin: "127.0.0.1:0", AdminTokenFile: dir + "/token", LogLevel: "error", Log: io.Discard})
	require.NoError(t, err)
	var out bytes.Buffer
	err = runExplain(ExplainOptions{Name: "failover.demo.test", Type: "A", Client: "192.0.2.1", Admin: s.admin, Out: &out})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "live health from --admin "+s.admin)
	assert.Contains(t, err.Error(), "--admin-token-file")
	text := explainText(t, ExplainOptions{Name: "failover.demo.test", Client: "192.0.2.1", Admin: s.admin, TokenFile: dir + "/token"})
	assert.True(t, strings.HasPrefix(text, ";; Health: live health from "+s.admin), text)
}
