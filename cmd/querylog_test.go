package cmd

import (
	"context"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serve --query-log FILE writes one Route 53 query-log line per query, all
// of them on the file by the time serve returns.
func TestServeQueryLogFile(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "queries.log")
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan netip.AddrPort, 1)
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, ServeOptions{Listen: "127.0.0.1:0", LogLevel: "error", Log: io.Discard,
			QueryLog: logFile, QueryLogSample: 1, Ready: func(a netip.AddrPort, _ string) { ready <- a }})
	}()
	var addr netip.AddrPort
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	for _, name := range []string{"www.demo.test.", "nothing.demo.test."} {
		m := new(dns.Msg)
		m.SetQuestion(name, dns.TypeA)
		_, err := dns.Exchange(m, addr.String())
		require.NoError(t, err)
	}
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	data, err := os.ReadFile(logFile)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.Len(t, lines, 2, string(data))
	assert.Contains(t, lines[0], " demo.test www.demo.test A NOERROR UDP r53d 127.0.0.1 -")
	assert.Contains(t, lines[1], " demo.test nothing.demo.test A NXDOMAIN UDP r53d 127.0.0.1 -")
}

func TestServeQueryLogRejectsBadSample(t *testing.T) {
	err := runServe(context.Background(), ServeOptions{Listen: "127.0.0.1:0", LogLevel: "error", Log: io.Discard,
		QueryLog: "-", QueryLogSample: 0})
	require.ErrorContains(t, err, "--query-log-sample")
}
