package cmd

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// within fails the test when f takes longer than d.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("took more than %s", d)
	}
}

// TestFIFODoesNotHangCheckOrReload: a FIFO named like a zone file is
// refused by its mode, so neither check nor a reload waits for a writer.
func TestFIFODoesNotHangCheckOrReload(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	store, err := zones.NewStore()
	require.NoError(t, err)
	rl := &reloader{dir: dir, cfg: &config.Reloader{Store: store}, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	require.NoError(t, rl.load())

	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "x.zone"), 0o644))
	var out bytes.Buffer
	within(t, 5*time.Second, func() { err = runCheck(CheckOptions{Dir: dir, Out: &out}) })
	require.ErrorIs(t, err, errCheckFailed)
	assert.Contains(t, out.String(), filepath.Join(dir, "x.zone")+": not a regular file (a FIFO)")

	within(t, 5*time.Second, func() { err = rl.load() })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "x.zone")
	_, ok := store.View().Zone("lab.test.")
	assert.True(t, ok, "the good zone keeps serving")
}

func TestCheckLimitFlags(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	c := NewCheckCmd()
	var out bytes.Buffer
	c.SetOut(&out)
	c.SetArgs([]string{"--max-file-size", "20", dir})
	require.ErrorIs(t, c.Execute(), errCheckFailed)
	assert.Contains(t, out.String(), filepath.Join(dir, "lab.test.zone")+": file too large")

	out.Reset()
	c = NewCheckCmd()
	c.SetOut(&out)
	c.SetArgs([]string{"--max-records", "3", dir})
	require.ErrorIs(t, c.Execute(), errCheckFailed)
	assert.Contains(t, out.String(), filepath.Join(dir, "lab.test.zone")+":6:1: more than 3 records")

	s := NewServeCmd()
	for _, name := range []string{"max-file-size", "max-records-per-zone", "max-records", "max-files"} {
		assert.NotNil(t, s.Flags().Lookup(name), name)
	}
}

// serveOptions runs serve with opts on loopback (DNS and admin) until the
// test ends; err is set when serve stopped before it was ready.
func serveOptions(t *testing.T, opts ServeOptions) (*serving, error) {
	t.Helper()
	opts.Listen, opts.Admin, opts.LogLevel, opts.Log = "127.0.0.1:0", "127.0.0.1:0", "error", io.Discard
	return launchServe(t, opts)
}

// brokenDir holds one good zone and three that cannot load: a syntax
// error, a symbolic link loop and an unreadable file.
func brokenDir(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	writeFile(t, dir, "typo.test.zone", "$TTL 60\ntypo.test. SOA ns.typo.test. h.typo.test. x 2 3 4 5\n")
	require.NoError(t, os.Symlink("loop.test.zone", filepath.Join(dir, "loop.test.zone")))
	writeFile(t, dir, "secret.test.zone", strings.ReplaceAll(goodZone, "lab.test.", "secret.test."))
	require.NoError(t, os.Chmod(filepath.Join(dir, "secret.test.zone"), 0))
	return dir
}

// TestServeStartsDegraded: serve answers for the zones that loaded and
// /readyz says which did not; --strict refuses to start.
func TestServeStartsDegraded(t *testing.T) {
	dir := brokenDir(t)
	s, err := serveOptions(t, ServeOptions{Zones: dir, Watch: false})
	require.NoError(t, err, "a broken file no longer stops serve")
	m := new(dns.Msg)
	m.SetQuestion("www.lab.test.", dns.TypeA)
	r, err := dns.Exchange(m, s.dns.String())
	require.NoError(t, err)
	assert.Equal(t, dns.RcodeSuccess, r.Rcode)
	assert.NotEmpty(t, r.Answer)

	res, err := http.Get("http://" + s.admin + "/readyz")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	assert.Contains(t, string(body), "degraded")
	assert.Contains(t, string(body), "typo.test.")
	assert.Contains(t, string(body), "loop.test.")
	if os.Geteuid() != 0 { // root reads a file of mode 0
		assert.Contains(t, string(body), "secret.test.")
	}

	_, err = serveOptions(t, ServeOptions{Zones: dir, Strict: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join(dir, "typo.test.zone")+":2:")
	assert.Contains(t, err.Error(), filepath.Join(dir, "loop.test.zone"))
}

// TestStopDuringASlowReload: a reload that does not end (a load stuck on
// I/O) delays neither a stop nor later triggers, which coalesce into one
// reload after it.
func TestStopDuringASlowReload(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	hup := make(chan os.Signal, 1)
	changed := make(chan struct{})
	release := make(chan struct{})
	started := make(chan string, 10)
	reload := func(why string) {
		started <- why
		<-release
	}
	stopped := make(chan struct{})
	go func() { defer close(stopped); waitForStop(ctx, hup, changed, reload) }()

	hup <- syscall.SIGHUP
	assert.Equal(t, "SIGHUP", <-started)
	for range 3 { // the loop keeps taking triggers while the reload runs
		select {
		case changed <- struct{}{}:
		case <-time.After(2 * time.Second):
			t.Fatal("a trigger waited for the reload")
		}
	}
	release <- struct{}{}
	assert.Equal(t, "file change", <-started, "the triggers are one more reload")
	select {
	case why := <-started:
		t.Fatalf("another reload: %s", why)
	case <-time.After(200 * time.Millisecond):
	}
	cancel()
	select {
	case <-stopped:
	case <-time.After(2 * time.Second):
		t.Fatal("a reload in progress delayed the stop")
	}
	close(release)
}
