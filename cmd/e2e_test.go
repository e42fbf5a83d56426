package cmd

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// target is an HTTP endpoint a test can stop and bring back on one port.
type target struct {
	t    *testing.T
	port int
	srv  *http.Server
}

func newTarget(t *testing.T) *target {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	tg := &target{t: t, port: ln.Addr().(*net.TCPAddr).Port}
	tg.serve(ln)
	t.Cleanup(tg.stop)
	return tg
}

func (tg *target) serve(ln net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") }),
		ReadHeaderTimeout: time.Second}
	tg.srv = srv
	// The goroutine keeps its own server: stop may clear tg.srv first.
	go func() { _ = srv.Serve(ln) }()
}

func (tg *target) stop() {
	if tg.srv != nil {
		_ = tg.srv.Close()
		tg.srv = nil
	}
}

func (tg *target) start() {
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(tg.port))
	require.NoError(tg.t, err)
	tg.serve(ln)
}

// e2eZone has a failover pair, a multivalue pool and a weighted group with
// a weight-0 standby, all checked against the target's port.
func e2eZone(port int) map[string]string {
	p := strconv.Itoa(port)
	return map[string]string{
		"e2e.test.zone": "$ORIGIN e2e.test.\n$TTL 60\n@ SOA ns h 1 7200 900 1209600 5\n@ NS ns\nns A 192.0.2.53\n",
		"e2e.test.yaml": `ResourceRecordSets:
  - {Name: fo.e2e.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: web, TTL: 1, ResourceRecords: [{Value: 10.0.0.1}]}
  - {Name: fo.e2e.test., Type: A, SetIdentifier: s, Failover: SECONDARY, TTL: 1, ResourceRecords: [{Value: 10.0.0.2}]}
  - {Name: mv.e2e.test., Type: A, SetIdentifier: a, MultiValueAnswer: true, HealthCheckId: web, TTL: 1, ResourceRecords: [{Value: 10.1.0.1}]}
  - {Name: mv.e2e.test., Type: A, SetIdentifier: b, MultiValueAnswer: true, TTL: 1, ResourceRecords: [{Value: 10.1.0.2}]}
  - {Name: w.e2e.test., Type: A, SetIdentifier: main, Weight: 10, HealthCheckId: web, TTL: 1, ResourceRecords: [{Value: 10.2.0.1}]}
  - {Name: w.e2e.test., Type: A, SetIdentifier: standby, Weight: 0, TTL: 1, ResourceRecords: [{Value: 10.2.0.9}]}
  - {Name: ovr.e2e.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: steady, TTL: 1, ResourceRecords: [{Value: 10.3.0.1}]}
  - {Name: ovr.e2e.test., Type: A, SetIdentifier: s, Failover: SECONDARY, TTL: 1, ResourceRecords: [{Value: 10.3.0.2}]}
`,
		"health-checks.yaml": `HealthChecks:
  - Id: web
    HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: ` + p + `, ResourcePath: /health, RequestInterval: 1, FailureThreshold: 2}
  - Id: steady
    HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: ` + p + `, RequestInterval: 30, FailureThreshold: 3}
`,
	}
}

// startServe runs serve on a zones directory and returns its DNS and admin
// addresses; it stops when the test ends.
func startServe(t *testing.T, files map[string]string) (netip.AddrPort, string) {
	dir := t.TempDir()
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return startServeDir(t, dir, false, io.Discard)
}

func startServeDir(t *testing.T, dir string, watch bool, log io.Writer) (netip.AddrPort, string) {
	t.Helper()
	s, err := launchServe(t, ServeOptions{Zones: dir, Listen: "127.0.0.1:0", Admin: "127.0.0.1:0", LogLevel: "info", Log: log, Watch: watch})
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	return s.dns, s.admin
}

func ask(t *testing.T, addr netip.AddrPort, name string) []string {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeA)
	r, err := dns.Exchange(m, addr.String())
	require.NoError(t, err)
	var out []string
	for _, rr := range r.Answer {
		out = append(out, rr.(*dns.A).A.String())
	}
	return out
}

// waitFor polls DNS until name answers want, and returns how long it took.
func waitFor(t *testing.T, addr netip.AddrPort, name string, want []string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		if got := ask(t, addr, name); assert.ObjectsAreEqual(want, got) {
			return time.Since(start)
		}
		time.Sleep(20 * time.Millisecond) // polling interval of the observer, not a wait for the server
	}
	t.Fatalf("%s did not answer %v within %s (last: %v)", name, want, within, ask(t, addr, name))
	return 0
}

// TestHealthEndToEnd: an HTTP target stops and comes back; DNS follows.
// Requirement: failover within 6 s at RequestInterval 1 s, FailureThreshold 2.
func TestHealthEndToEnd(t *testing.T) {
	tg := newTarget(t)
	addr, _ := startServe(t, e2eZone(tg.port))
	assert.Equal(t, []string{"10.0.0.1"}, ask(t, addr, "fo.e2e.test."), "a new check is healthy")

	tg.stop()
	failover := waitFor(t, addr, "fo.e2e.test.", []string{"10.0.0.2"}, 6*time.Second)
	assert.Equal(t, []string{"10.1.0.2"}, ask(t, addr, "mv.e2e.test."), "multivalue drops the unhealthy value")
	assert.Equal(t, []string{"10.2.0.9"}, ask(t, addr, "w.e2e.test."), "the weight-0 standby wakes")

	tg.start()
	recovery := waitFor(t, addr, "fo.e2e.test.", []string{"10.0.0.1"}, 6*time.Second)
	assert.ElementsMatch(t, []string{"10.1.0.1", "10.1.0.2"}, ask(t, addr, "mv.e2e.test."))
	assert.Equal(t, []string{"10.2.0.1"}, ask(t, addr, "w.e2e.test."))
	t.Logf("through DNS at RequestInterval 1 s × FailureThreshold 2: failover %s, recovery %s", failover.Round(time.Millisecond), recovery.Round(time.Millisecond))
}

// TestOverrideActsAtOnce: a forced status answers on the very next query.
func TestOverrideActsAtOnce(t *testing.T) {
	tg := newTarget(t)
	addr, admin := startServe(t, e2eZone(tg.port))
	opts := HealthOptions{Admin: admin, Out: io.Discard}
	require.NoError(t, runHealthSet(opts, "steady", "unhealthy"))
	assert.Equal(t, []string{"10.3.0.2"}, ask(t, addr, "ovr.e2e.test."))
	require.NoError(t, runHealthClear(opts, "steady"))
	assert.Equal(t, []string{"10.3.0.1"}, ask(t, addr, "ovr.e2e.test."))

	err := runHealthSet(opts, "nope", "healthy")
	assert.ErrorContains(t, err, "no such health check")
	assert.Error(t, runHealthSet(opts, "steady", "maybe"))

	resp, err := http.Get("http://" + admin + "/api/healthchecks/steady")
	require.NoError(t, err)
	defer resp.Body.Close()
	var st map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&st))
	assert.Equal(t, "Healthy", st["Status"])
	assert.Nil(t, st["Override"])
	for _, path := range []string{"/healthz", "/metrics", "/"} {
		r, err := http.Get("http://" + admin + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		assert.Equal(t, http.StatusOK, r.StatusCode, path)
		if path == "/metrics" {
			assert.Contains(t, string(body), `r53d_queries_total{policy="failover",rcode="NOERROR",zone="e2e.test."}`)
			assert.Contains(t, string(body), `r53d_health_check_healthy{id="steady"} 1`)
			assert.Regexp(t, `r53d_zone_serial\{zone="e2e.test."\} \d+`, string(body))
			assert.Regexp(t, `r53d_zone_records\{zone="e2e.test."\} [1-9]`, string(body))
			assert.Contains(t, string(body), "r53d_reload_last_success 1")
			assert.Contains(t, string(body), "r53d_reloads_total 1")
			assert.Contains(t, string(body), "r53d_reload_failures_total 0")
			assert.Regexp(t, `r53d_reload_last_duration_seconds [0-9.e-]+`, string(body))
		}
		if path == "/" {
			assert.Contains(t, string(body), "<code>e2e.test.</code>")
			assert.Contains(t, string(body), `<td class="Healthy">Healthy</td>`)
		}
	}
}

func TestHealthListNeedsAServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	err = runHealthList(HealthOptions{Admin: addr, Out: io.Discard})
	// Nothing listens on addr: the dial itself fails, and the error says
	// which address was tried and what to check.
	var op *net.OpError
	require.ErrorAs(t, err, &op)
	assert.Equal(t, "dial", op.Op)
	assert.Equal(t, addr, op.Addr.String())
	assert.ErrorContains(t, err, "admin API at "+addr)
	assert.ErrorContains(t, err, "is r53d serve running with --admin "+addr+"?")
}

// TestWatchReloads: editing a zone file reloads it; a broken edit keeps
// the last good zone serving.
func TestWatchReloads(t *testing.T) {
	files := map[string]string{"w.test.zone": "$ORIGIN w.test.\n$TTL 60\n@ SOA ns h 1 7200 900 1209600 5\n@ NS ns\nns A 192.0.2.53\nwww A 192.0.2.1\n"}
	dir := t.TempDir()
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	logs := &lineWatch{want: "reload failed", seen: make(chan struct{}, 1)}
	addr, _ := startServeDir(t, dir, true, logs)
	assert.Equal(t, []string{"192.0.2.1"}, ask(t, addr, "www.w.test."))
	write := func(text string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "w.test.zone"), []byte(text), 0o644))
	}
	write(strings.Replace(files["w.test.zone"], "192.0.2.1", "192.0.2.2", 1))
	waitFor(t, addr, "www.w.test.", []string{"192.0.2.2"}, 5*time.Second)
	write(strings.Replace(files["w.test.zone"], "192.0.2.1", "192.0.2.3", 1) + "www CNAME ns\n") // broken: CNAME beside A
	select {
	case <-logs.seen:
	case <-time.After(5 * time.Second):
		t.Fatal("the broken edit was not reloaded")
	}
	assert.Equal(t, []string{"192.0.2.2"}, ask(t, addr, "www.w.test."), "a broken edit keeps the last good zone")
}

// lineWatch is a log writer that signals once a line containing want is written.
type lineWatch struct {
	want string
	seen chan struct{}
}

func (l *lineWatch) Write(p []byte) (int, error) {
	if strings.Contains(string(p), l.want) {
		select {
		case l.seen <- struct{}{}:
		default:
		}
	}
	return len(p), nil
}
