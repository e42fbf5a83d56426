package cmd

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func probe(t *testing.T, h http.HandlerFunc) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	return rec.Code, rec.Body.String()
}

// TestReadyzFollowsReloads: /readyz is ready after a clean load, degraded
// (503, naming the zone) while a zone fails, and ready again once fixed;
// /healthz stays 200 throughout.
func TestReadyzFollowsReloads(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	writeFile(t, dir, "other.test.zone", "$ORIGIN other.test.\n$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n")
	store, err := zones.NewStore()
	require.NoError(t, err)
	status := &reloadStatus{}
	rl := &reloader{dir: dir, log: slog.New(slog.DiscardHandler), status: status, cfg: &config.Reloader{Store: store}}
	ready := readyzHandler(status)

	code, body := probe(t, ready)
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Equal(t, "not ready: no zones loaded yet\n", body)

	require.NoError(t, rl.load())
	code, body = probe(t, ready)
	assert.Equal(t, http.StatusOK, code, body)
	assert.True(t, strings.HasPrefix(body, "ready: "), body)

	writeFile(t, dir, "lab.test.zone", goodZone+"www CNAME ns\n")
	require.Error(t, rl.load())
	code, body = probe(t, ready)
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Contains(t, body, "degraded: the last reload (")
	assert.Contains(t, body, "failed for zone(s) lab.test.")
	assert.NotContains(t, body, "other.test.")
	hcode, _ := probe(t, healthzHandler)
	assert.Equal(t, http.StatusOK, hcode, "liveness does not follow the zones")

	writeFile(t, dir, "lab.test.zone", goodZone)
	require.NoError(t, rl.load())
	code, _ = probe(t, ready)
	assert.Equal(t, http.StatusOK, code)
}

// TestReadyzSideFileAndFailedReload: an error in a side file and a reload
// that publishes nothing both make /readyz degraded, and the status page
// lists the problems.
func TestReadyzSideFileAndFailedReload(t *testing.T) {
	status := &reloadStatus{}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	status.record(at, config.Result{}, nil)
	status.record(at, config.Result{Errors: zones.Diagnostics{{File: "z/health-checks.yaml", Line: 3, Message: "bad check"}}}, nil)
	code, body := probe(t, readyzHandler(status))
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Equal(t, "degraded: the last reload (2026-01-02T03:04:05Z) had 1 error(s); what the files with errors define serves its last good version\n", body)

	status.record(at, config.Result{}, os.ErrNotExist)
	code, body = probe(t, readyzHandler(status))
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Contains(t, body, "degraded: the last reload (2026-01-02T03:04:05Z) failed and published nothing: file does not exist", "an earlier load still serves")

	fresh := &reloadStatus{}
	fresh.record(at, config.Result{}, os.ErrNotExist)
	_, body = probe(t, readyzHandler(fresh))
	assert.True(t, strings.HasPrefix(body, "not ready: "), body)
}

// TestHealthCLIWithToken: r53d health sends the token from its file; the
// server's status page shows the last reload.
func TestHealthCLIWithToken(t *testing.T) {
	tg := newTarget(t)
	dir := t.TempDir()
	for name, text := range e2eZone(tg.port) {
		writeFile(t, dir, name, text)
	}
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte("e2e-token\n"), 0o600))
	admin := serveForAdmin(t, ServeOptions{Zones: dir, AdminTokenFile: tokenFile})

	err := runHealthSet(HealthOptions{Admin: admin, Out: io.Discard}, "steady", "unhealthy")
	assert.ErrorContains(t, err, "needs a token")
	assert.ErrorContains(t, err, "--admin-token-file FILE")
	opts := HealthOptions{Admin: admin, TokenFile: tokenFile, Out: io.Discard}
	require.NoError(t, runHealthSet(opts, "steady", "unhealthy"))
	require.NoError(t, runHealthList(opts))
	require.NoError(t, runHealthClear(opts, "steady"))

	wrong := filepath.Join(t.TempDir(), "wrong")
	require.NoError(t, os.WriteFile(wrong, []byte("not-it"), 0o600))
	assert.ErrorContains(t, runHealthList(HealthOptions{Admin: admin, TokenFile: wrong, Out: io.Discard}), "the admin token was not accepted")

	req, err := http.NewRequest(http.MethodGet, "http://"+admin+"/", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer e2e-token")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(page), "every file loaded")
	r, err := http.Get("http://" + admin + "/readyz")
	require.NoError(t, err)
	r.Body.Close()
	assert.Equal(t, http.StatusOK, r.StatusCode)
}

// serveForAdmin runs serve with opts on loopback ports and returns the
// admin address; it stops when the test ends.
func serveForAdmin(t *testing.T, opts ServeOptions) string {
	t.Helper()
	s, err := serveOptions(t, opts)
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	return s.admin
}
