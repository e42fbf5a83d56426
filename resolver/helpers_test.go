package resolver

import (
	"context"
	"io"
	"log/slog"
	"net/netip"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/internal/testzones"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/require"
)

// startServer serves the zone texts (file name → master file) on
// 127.0.0.1 port 0 and stops the server when the test ends.
func startServer(t testing.TB, files map[string]string, allow ...netip.Prefix) netip.AddrPort {
	t.Helper()
	return startHandler(t, NewHandler(loadStore(t, files), allow))
}

// startHandler serves h on 127.0.0.1 port 0 until the test ends.
func startHandler(t testing.TB, h *Handler) netip.AddrPort {
	t.Helper()
	srv, err := Listen("127.0.0.1:0", h, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	srv.Serve()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, srv.Shutdown(ctx))
	})
	return srv.Addr()
}

// loadStore publishes the zone texts (file name → text) in a new store.
func loadStore(t testing.TB, files map[string]string) *zones.Store {
	t.Helper()
	return testzones.Store(t, files)
}

// fixture reads the files of testdata/lookup/<name> (file name → text),
// the zones package answer's tests look up too.
func fixture(t testing.TB, name string) map[string]string {
	t.Helper()
	return testzones.Fixture(t, name)
}

// exampleZone is the master file of testdata/lookup/example.
func exampleZone(t testing.TB) string {
	t.Helper()
	return fixture(t, "example")["example.test.zone"]
}

// exchange sends m over net ("udp" or "tcp") with a bounded timeout.
func exchange(t testing.TB, addr netip.AddrPort, network string, m *dns.Msg) *dns.Msg {
	t.Helper()
	c := &dns.Client{Net: network, Timeout: 2 * time.Second, UDPSize: 65535}
	r, _, err := c.Exchange(m, addr.String())
	require.NoError(t, err)
	return r
}

// rrStrings renders records as sorted text with lower-case names, so
// sections compare regardless of order and case (the Knot comparison's
// canonical form).
func rrStrings(rrs []dns.RR) []string { return canonicalRRs(rrs) }

// zoneText parses records written as zone text (CoreDNS's test style).
func zoneText(t testing.TB, lines ...string) []string {
	t.Helper()
	return rrStrings(testzones.RRs(t, lines...))
}
