package cmd

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testAdmin runs an admin server on 127.0.0.1 with one health check,
// "web", that no probe ever runs; it stops when the test ends.
func testAdmin(t *testing.T, opts adminOptions) (*adminServer, *healthcheck.Monitor) {
	t.Helper()
	store, err := zones.NewStore()
	require.NoError(t, err)
	mon := healthcheck.NewMonitor(healthcheck.Options{})
	mon.Update([]healthcheck.Check{{ID: "web", HealthCheckConfig: healthcheck.Config{Type: healthcheck.TypeTCP, IPAddress: "192.0.2.1", Port: 80}}})
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	a, err := startAdmin(opts, adminSources{Store: store, Monitor: mon, Reg: newRegistry(), Reloads: &reloadStatus{}, Log: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	t.Cleanup(func() { a.srv.Close() })
	return a, mon
}

// adminReq is one request to a test admin server.
type adminReq struct {
	method, path, host, token, body string
}

// do sends req and returns the status code and the body.
func (a *adminServer) do(t *testing.T, req adminReq) (int, string) {
	t.Helper()
	if req.method == "" {
		req.method = http.MethodGet
	}
	r, err := http.NewRequest(req.method, "http://"+a.Addr()+req.path, strings.NewReader(req.body))
	require.NoError(t, err)
	if req.host != "" {
		r.Host = req.host
	}
	if req.token != "" {
		r.Header.Set("Authorization", req.token)
	}
	if req.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func TestAdminHostCheck(t *testing.T) {
	a, _ := testAdmin(t, adminOptions{Hosts: []string{"dns1.example.net", "192.0.2.77"}})
	_, port, _ := net.SplitHostPort(a.Addr())
	for _, host := range []string{
		a.Addr(), "127.0.0.1", "localhost:" + port, "localhost", "LOCALHOST.", "[::1]:" + port, "[::1]",
		"dns1.example.net", "DNS1.Example.Net:" + port, "dns1.example.net:9000", "192.0.2.77:" + port,
	} {
		code, body := a.do(t, adminReq{path: "/api/healthchecks", host: host})
		assert.Equal(t, http.StatusOK, code, "Host %q: %s", host, body)
	}
	for _, host := range []string{
		"evil.example", "evil.example:" + port, "127.0.0.1.evil.example", "localhost.evil.example",
		"example.net", "10.0.0.1:" + port, "[::2]:" + port,
	} {
		code, body := a.do(t, adminReq{path: "/api/healthchecks", host: host})
		assert.Equal(t, http.StatusMisdirectedRequest, code, "Host %q", host)
		assert.Contains(t, body, "--admin-host", "Host %q: the refusal says how to allow a name", host)
	}
}

// TestAdminRefusesRebinding: a page on evil.example whose name now
// resolves to 127.0.0.1 cannot force a health check from a browser.
func TestAdminRefusesRebinding(t *testing.T) {
	a, mon := testAdmin(t, adminOptions{})
	_, port, _ := net.SplitHostPort(a.Addr())
	code, _ := a.do(t, adminReq{method: http.MethodPut, path: "/api/healthchecks/web/override", host: "evil.example:" + port, body: `{"Status":"Unhealthy"}`})
	assert.Equal(t, http.StatusMisdirectedRequest, code)
	assert.True(t, mon.Snapshot().Healthy("web"), "a refused request changed a check")

	code, _ = a.do(t, adminReq{method: http.MethodPut, path: "/api/healthchecks/web/override", body: `{"Status":"Unhealthy"}`})
	assert.Equal(t, http.StatusOK, code, "the same request with the server's own Host")
	assert.False(t, mon.Snapshot().Healthy("web"))
}

func TestAdminToken(t *testing.T) {
	const token = "s3cret-Token_0123456789"
	a, mon := testAdmin(t, adminOptions{Token: token})
	for _, path := range []string{"/api/healthchecks", "/api/healthchecks/web", "/metrics", "/"} {
		code, _ := a.do(t, adminReq{path: path})
		assert.Equal(t, http.StatusUnauthorized, code, "%s without a token", path)
		for _, wrong := range []string{"Bearer " + token[:len(token)-1], "Bearer " + token + "x", "Basic " + token, token, "Bearer"} {
			code, _ := a.do(t, adminReq{path: path, token: wrong})
			assert.Equal(t, http.StatusUnauthorized, code, "%s with Authorization %q", path, wrong)
		}
		code, _ = a.do(t, adminReq{path: path, token: "Bearer " + token})
		assert.Equal(t, http.StatusOK, code, "%s with the token", path)
	}
	code, _ := a.do(t, adminReq{path: "/metrics", token: "bearer  " + token})
	assert.Equal(t, http.StatusOK, code, "the scheme name is case-insensitive (RFC 9110 §11.1)")

	// The probes are open, for load balancers; only for reading.
	code, _ = a.do(t, adminReq{path: "/healthz"})
	assert.Equal(t, http.StatusOK, code)
	code, _ = a.do(t, adminReq{path: "/readyz"})
	assert.Equal(t, http.StatusServiceUnavailable, code, "open, and nothing was loaded")
	code, _ = a.do(t, adminReq{method: http.MethodPost, path: "/healthz"})
	assert.Equal(t, http.StatusUnauthorized, code)

	// Changing a check always needs the token.
	for _, req := range []adminReq{
		{method: http.MethodPut, path: "/api/healthchecks/web/override", body: `{"Status":"Unhealthy"}`},
		{method: http.MethodPut, path: "/api/healthchecks/web/override", body: `{"Status":"Unhealthy"}`, token: "Bearer wrong"},
	} {
		code, _ := a.do(t, req)
		assert.Equal(t, http.StatusUnauthorized, code, "%+v", req)
	}
	assert.True(t, mon.Snapshot().Healthy("web"), "an unauthenticated request changed a check")
	code, _ = a.do(t, adminReq{method: http.MethodPut, path: "/api/healthchecks/web/override", body: `{"Status":"Unhealthy"}`, token: "Bearer " + token})
	assert.Equal(t, http.StatusOK, code)
	assert.False(t, mon.Snapshot().Healthy("web"))
	code, _ = a.do(t, adminReq{method: http.MethodDelete, path: "/api/healthchecks/web/override"})
	assert.Equal(t, http.StatusUnauthorized, code)
	assert.False(t, mon.Snapshot().Healthy("web"))
}

func TestAdminUnauthorizedSaysHow(t *testing.T) {
	a, _ := testAdmin(t, adminOptions{Token: "tok"})
	r, err := http.Get("http://" + a.Addr() + "/api/healthchecks")
	require.NoError(t, err)
	defer r.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, r.StatusCode)
	assert.Equal(t, `Bearer realm="r53d admin"`, r.Header.Get("WWW-Authenticate"))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
}

// TestAdminClosesHalfSentBody: a client that sends half a body, or
// nothing at all, loses its connection once the read timeouts pass.
func TestAdminClosesHalfSentBody(t *testing.T) {
	timeouts := adminTimeouts{ReadHeader: 100 * time.Millisecond, Read: 200 * time.Millisecond, Write: time.Second, Idle: 200 * time.Millisecond}
	a, mon := testAdmin(t, adminOptions{Timeouts: timeouts})
	for name, sent := range map[string]string{
		"half a body": "PUT /api/healthchecks/web/override HTTP/1.1\r\nHost: " + a.Addr() +
			"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"Sta",
		"half a header": "PUT /api/healthchecks/web/override HTTP/1.1\r\nHost: " + a.Addr(),
		"nothing":       "",
	} {
		conn, err := net.Dial("tcp", a.Addr())
		require.NoError(t, err)
		_, err = io.WriteString(conn, sent)
		require.NoError(t, err)
		start := time.Now()
		require.NoError(t, conn.SetReadDeadline(start.Add(5*time.Second)))
		_, err = io.Copy(io.Discard, conn) // returns when the server closes
		assert.NoError(t, err, "%s: the server kept the connection 5 s", name)
		assert.Less(t, time.Since(start), 3*time.Second, name)
		conn.Close()
	}
	assert.True(t, mon.Snapshot().Healthy("web"))
}

// TestAdminClosesIdleConnection: a kept-alive connection is closed after
// the idle timeout.
func TestAdminClosesIdleConnection(t *testing.T) {
	a, _ := testAdmin(t, adminOptions{Timeouts: adminTimeouts{ReadHeader: time.Second, Read: time.Second, Write: time.Second, Idle: 100 * time.Millisecond}})
	conn, err := net.Dial("tcp", a.Addr())
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: "+a.Addr()+"\r\n\r\n")
	require.NoError(t, err)
	rd := bufio.NewReader(conn)
	resp, err := http.ReadResponse(rd, nil)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	start := time.Now()
	require.NoError(t, conn.SetReadDeadline(start.Add(5*time.Second)))
	_, err = io.Copy(io.Discard, rd)
	assert.NoError(t, err, "the idle connection was kept 5 s")
	assert.Less(t, time.Since(start), 3*time.Second)
}
