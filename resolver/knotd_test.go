// knotd_test.go starts Knot DNS for the differential test: its
// configuration and the wait until it serves every zone.

package resolver

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/require"
)

// knotdPath finds knotd, which Debian installs in /usr/sbin (often not in
// PATH for users).
func knotdPath(t *testing.T) string {
	t.Helper()
	return sbinPath(t, "knotd", "knot")
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
	d := startDaemon(t, dir, knotd, "-c", conf)
	for _, z := range zs {
		d.waitSOA(t, addr, z.origin, func(r *dns.Msg) bool { return r.Authoritative })
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
