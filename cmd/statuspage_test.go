package cmd

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statusFixture runs an admin server on 127.0.0.1 over a copy of the demo
// zones, its health checks fed recorded results (no probe runs), and a
// second reload in which broken.test.zone fails. demo-up has 12 results
// with a dip to unhealthy and back; demo-down has failed 10 times.
func statusFixture(t *testing.T) *adminServer {
	t.Helper()
	a, err := startAdmin(adminOptions{Addr: "127.0.0.1:0"}, statusSources(t))
	require.NoError(t, err)
	t.Cleanup(func() { a.srv.Close() })
	return a
}

// statusSources are the zones, health and reloads of statusFixture.
func statusSources(t *testing.T) adminSources {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"demo.test.yaml", "demo.test.zone", "health-checks.yaml", "cidr-collections.yaml", "aws-resources.yaml", "demo-web.traffic-policy.json", "traffic-policy-instances.json"} {
		text, err := os.ReadFile(filepath.Join("demo", name))
		require.NoError(t, err)
		writeFile(t, dir, name, string(text))
	}
	store, err := zones.NewStore()
	require.NoError(t, err)
	mon := healthcheck.NewMonitor(healthcheck.Options{})
	reloads := &reloadStatus{}
	rl := &reloader{dir: dir, log: slog.New(slog.DiscardHandler), status: reloads, cfg: &config.Reloader{Store: store, BeforePublish: mon.Update}}
	require.NoError(t, rl.load())
	writeFile(t, dir, "broken.test.zone", "$ORIGIN broken.test.\n$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.999\n")
	require.Error(t, rl.load())

	start := time.Now().Add(-30 * time.Second)
	for i, ok := range []bool{true, true, true, true, true, false, false, false, true, true, true, true} {
		r := healthcheck.Result{OK: ok, At: start.Add(time.Duration(2*i) * time.Second)}
		if !ok {
			r.Reason = "connection refused"
		}
		mon.Record("demo-up", r)
	}
	for i := range 10 {
		mon.Record("demo-down", healthcheck.Result{At: start.Add(time.Duration(2*i) * time.Second), Reason: "connection refused"})
	}
	return adminSources{Store: store, Monitor: mon, Reg: newRegistry(), Reloads: reloads, Log: slog.New(slog.DiscardHandler)}
}

// TestRoutedViewsLimit: past the limit, rows are counted, not answered.
func TestRoutedViewsLimit(t *testing.T) {
	src := statusSources(t)
	all, more, err := routedViews(src.Store, src.Monitor, 100)
	require.NoError(t, err)
	require.Len(t, all, 14, "the demo's routed groups, its policy record too")
	assert.Zero(t, more)
	for _, v := range all {
		assert.NotEmpty(t, v.Answer, "%s %s answers, aliases to load balancers and the policy record too", v.Name, v.Type)
	}
	i := slices.IndexFunc(all, func(v routedView) bool { return v.Name == "flow.demo.test." })
	require.GreaterOrEqual(t, i, 0, "the policy record is a routed name")
	assert.Equal(t, "traffic policy, geolocation", all[i].Policy)
	assert.Equal(t, 3, all[i].Members, "the start rule's locations")
	rows, more, err := routedViews(src.Store, src.Monitor, 3)
	require.NoError(t, err)
	require.Len(t, rows, 3)
	for i, v := range rows {
		// Answers of several records come in random order.
		assert.Equal(t, all[i].Name+" "+all[i].Type, v.Name+" "+v.Type)
	}
	assert.Equal(t, 11, more)
}

func TestAgo(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "just now", 3 * time.Second: "3 s ago", 59 * time.Second: "59 s ago", 2*time.Minute + 5*time.Second: "2 min ago",
		3 * time.Hour: "3 h ago", 47 * time.Hour: "47 h ago", 72 * time.Hour: "3 d ago", -5 * time.Second: "in 5 s",
	} {
		assert.Equal(t, want, ago(d), "%v", d)
	}
	at := time.Date(2026, 3, 4, 5, 6, 7, 999, time.FixedZone("x", 3600))
	assert.Equal(t, when{Exact: "2026-03-04T04:06:07Z", Ago: "2 min ago"}, whenOf(at.Add(150*time.Second), at))
}

func TestByFile(t *testing.T) {
	got := byFile([]string{
		"z/a.zone:3:1: bad A [syntax]", "z/b.yaml: no SOA [zone]", "z/a.zone:9:4: bad TTL [syntax]", "c:\\x.zone:1:2: odd [syntax]",
	})
	assert.Equal(t, []fileProblems{
		{"z/a.zone", []string{"z/a.zone:3:1: bad A [syntax]", "z/a.zone:9:4: bad TTL [syntax]"}},
		{"z/b.yaml", []string{"z/b.yaml: no SOA [zone]"}},
		{"c:\\x.zone", []string{"c:\\x.zone:1:2: odd [syntax]"}},
	}, got)
}

// TestStatusPageHTML checks the page's markup; the browser test checks
// what it looks like rendered.
func TestStatusPageHTML(t *testing.T) {
	a := statusFixture(t)
	code, page := a.do(t, adminReq{path: "/"})
	require.Equal(t, 200, code)

	assert.NotRegexp(t, `\d{4}-\d\d-\d\dT[^"<]*\d{9}`, page, "no nanosecond timestamps")
	assert.Regexp(t, `<time datetime="[0-9T:Z-]+" title="[0-9T:Z-]+">\d+ s ago</time>`, page)

	// Every failed file with its errors.
	assert.Contains(t, page, "broken.test.zone")
	assert.Contains(t, page, "192.0.2.999")

	// demo-up: 12 results, 3 failed, two changes drawn in the timeline.
	row := between(t, page, `data-id="demo-up"`, "</tr>")
	assert.Equal(t, 9, strings.Count(row, `class="probe ok"`))
	assert.Equal(t, 3, strings.Count(row, `class="probe fail"`))
	// Each change sits right after the result that caused it: the 7th
	// (second failure) and the 10th (second success) of the 12, which
	// fill the last 12 of HistoryLen slots.
	slot := func(n int) string { return fmt.Sprintf(`x1="%d"`, (healthcheck.HistoryLen-12+n)*slotWidth-1) }
	assert.Contains(t, row, `<line class="change Unhealthy" `+slot(7))
	assert.Contains(t, row, `<line class="change Healthy" `+slot(10))
	assert.Equal(t, 2, strings.Count(row, `<line class="change`))
	assert.Contains(t, row, "last failure: connection refused")
	down := between(t, page, `data-id="demo-down"`, "</tr>")
	assert.Contains(t, down, `<td class="Unhealthy">Unhealthy`)
	assert.Equal(t, 10, strings.Count(down, `class="probe fail"`))

	// Routed names answered for a default client with the live health.
	routed := between(t, page, `<table id="routed">`, "</table>")
	for name, want := range map[string]string{
		"failover.demo.test.": `failover</td><td>2</td>\s*<td class="answer"><code>192\.0\.2\.121</code>`,
		"outage.demo.test.":   `failover</td><td>2</td>\s*<td class="answer"><code>192\.0\.2\.126</code>`,
		"geo.demo.test.":      `geolocation</td><td>5</td>\s*<td class="answer"><code>192\.0\.2\.130</code>`,
		"weighted.demo.test.": `weighted</td><td>3</td>\s*<td class="answer"><code>192\.0\.2\.10[12]</code>`,
	} {
		assert.Regexp(t, regexp.QuoteMeta("<code>"+name+"</code>")+`</td><td>A</td><td class="policy">`+want, routed, name)
	}
	pool := between(t, routed, "<code>pool.demo.test.</code>", "</tr>")
	assert.Equal(t, 8, strings.Count(pool, "<code>192.0.2.1"), "multivalue: eight healthy records")
	assert.NotContains(t, pool, "192.0.2.160", "the record of the unhealthy check")
}

// between returns the text of s from the first start up to the next end.
func between(t *testing.T, s, start, end string) string {
	t.Helper()
	_, after, ok := strings.Cut(s, start)
	require.True(t, ok, "no %q in the page", start)
	in, _, ok := strings.Cut(after, end)
	require.True(t, ok, "no %q after %q", end, start)
	return in
}
