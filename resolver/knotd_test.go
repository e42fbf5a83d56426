// knotd_test.go starts Knot DNS for the differential test: configuration,
// a free port, readiness, and the stop by PID.

package resolver

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/require"
)

// needs skips the test when something it needs is missing, except under
// CI, where a skip would hide that nothing was compared.
func needs(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal("missing " + what)
	}
	t.Skip("missing " + what)
}

// knotdPath finds knotd, which Debian installs in /usr/sbin (often not in
// PATH for users).
func knotdPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"knotd", "/usr/sbin/knotd"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	needs(t, "knotd (Knot DNS): install it with apt-get install knot")
	return ""
}

// serveZoneDir serves the zones of fsys with r53d on 127.0.0.1, port 0.
func serveZoneDir(t *testing.T, fsys fs.FS) ([]*zones.Zone, netip.AddrPort) {
	t.Helper()
	zs, diags := zones.Load(fsys, "")
	require.Empty(t, diags.Errors(), "zone errors: %v", diags)
	store, err := zones.NewStore()
	require.NoError(t, err)
	require.NoError(t, store.Replace(zs))
	srv, err := Listen("127.0.0.1:0", NewHandler(store, nil), slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	srv.Serve()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, srv.Shutdown(ctx))
	})
	return zs, srv.Addr()
}

func origins(zs []*zones.Zone) []string {
	out := make([]string, 0, len(zs))
	for _, z := range zs {
		out = append(out, z.Origin)
	}
	return out
}

// startKnot runs knotd in the foreground on a free loopback port, serving
// zs from their files, and returns once it answers SOA for every zone. The
// process is killed by its PID when the test ends.
func startKnot(t *testing.T, knotd string, zs []knotZone) netip.AddrPort {
	t.Helper()
	dir := t.TempDir()
	addr := netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), freePort(t))
	conf := filepath.Join(dir, "knot.conf")
	require.NoError(t, os.WriteFile(conf, []byte(knotConf(dir, addr.Port(), zs)), 0o600))
	logPath := filepath.Join(dir, "knotd.log")
	logFile, err := os.Create(logPath)
	require.NoError(t, err)
	cmd := exec.Command(knotd, "-c", conf)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	for _, z := range zs {
		waitKnot(t, addr, z.origin, exited, logPath)
	}
	return addr
}

// knotConf is a knotd configuration that keeps all state in dir and serves
// the zone files exactly as written: no journal, no writing back, no
// semantic checks beyond the mandatory ones.
func knotConf(dir string, port uint16, zs []knotZone) string {
	var b strings.Builder
	fmt.Fprintf(&b, "server:\n  rundir: %q\n  listen: 127.0.0.1@%d\n", dir, port)
	b.WriteString("  udp-workers: 1\n  tcp-workers: 1\n  background-workers: 1\n")
	b.WriteString("log:\n  - target: stderr\n    any: info\n")
	fmt.Fprintf(&b, "database:\n  storage: %q\n", dir)
	fmt.Fprintf(&b, "template:\n  - id: default\n    storage: %q\n", dir)
	b.WriteString("    zonefile-sync: -1\n    zonefile-load: whole\n    journal-content: none\n    semantic-checks: off\n")
	b.WriteString("zone:\n")
	for _, z := range zs {
		fmt.Fprintf(&b, "  - domain: %q\n    file: %q\n", z.origin, z.file)
	}
	return b.String()
}

// freePort finds a loopback port free for both UDP and TCP. Another
// process may take it before knotd binds it; waitKnot then fails loudly.
func freePort(t *testing.T) uint16 {
	t.Helper()
	lo := net.IPv4(127, 0, 0, 1)
	for range 20 {
		tl, err := net.ListenTCP("tcp", &net.TCPAddr{IP: lo})
		require.NoError(t, err)
		port := tl.Addr().(*net.TCPAddr).Port
		ul, err := net.ListenUDP("udp", &net.UDPAddr{IP: lo, Port: port})
		tl.Close()
		if err == nil {
			ul.Close()
			return uint16(port)
		}
	}
	t.Fatal("no loopback port free for both UDP and TCP")
	return 0
}

// waitKnot polls knotd until it answers SOA for origin with AA, for at
// most 10 seconds, and fails at once if knotd exits.
func waitKnot(t *testing.T, addr netip.AddrPort, origin string, exited <-chan struct{}, logPath string) {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(origin, dns.TypeSOA)
	c := &dns.Client{Net: "udp", Timeout: 100 * time.Millisecond}
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
	deadline := time.After(10 * time.Second)
	for {
		if r, _, err := c.Exchange(m, addr.String()); err == nil && r.Rcode == dns.RcodeSuccess && r.Authoritative {
			return
		}
		select {
		case <-exited:
			t.Fatalf("knotd exited before serving %s:\n%s", origin, readLog(logPath))
		case <-deadline:
			t.Fatalf("knotd did not serve %s within 10s:\n%s", origin, readLog(logPath))
		case <-poll.C:
		}
	}
}

func readLog(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
