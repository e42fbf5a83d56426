package cmd

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serve --query-log FILE writes one Route 53 query-log line per query, all
// of them on the file by the time serve returns.
func TestServeQueryLogFile(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "queries.log")
	addr, stop := startServeWith(t, ServeOptions{Listen: "127.0.0.1:0", LogLevel: "error", Log: io.Discard,
		QueryLog: logFile, QueryLogSample: 1})
	for _, name := range []string{"www.demo.test.", "nothing.demo.test."} {
		m := new(dns.Msg)
		m.SetQuestion(name, dns.TypeA)
		_, err := dns.Exchange(m, addr.String())
		require.NoError(t, err)
	}
	stop() // the log is flushed once serve returns
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

// A second server on a port in use says so in one sentence.
func TestServePortInUse(t *testing.T) {
	first, _ := startServeWith(t, ServeOptions{Listen: "127.0.0.1:0", LogLevel: "error", Log: io.Discard})
	err := runServe(context.Background(), ServeOptions{Listen: first.String(), LogLevel: "error", Log: io.Discard})
	require.Error(t, err)
	assert.Equal(t, "--listen "+first.String()+": the port is in use (another r53d or DNS server?); choose another with --listen", err.Error())
}

// --log-format json writes one JSON object a line.
func TestServeLogFormatJSON(t *testing.T) {
	var out lockedWriter
	_, stop := startServeWith(t, ServeOptions{Listen: "127.0.0.1:0", LogLevel: "info", LogFormat: "json", Log: &out})
	stop()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.NotEmpty(t, lines)
	for _, l := range lines {
		var v map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &v), l)
		assert.Contains(t, v, "msg")
	}
	err := runServe(context.Background(), ServeOptions{Listen: "127.0.0.1:0", LogLevel: "error", LogFormat: "yaml", Log: io.Discard})
	require.ErrorContains(t, err, "--log-format")
}

// lockedWriter collects what serve logs, for reading once it stopped.
type lockedWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *lockedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
