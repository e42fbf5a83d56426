package resolver

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listenLimited is a server of the example zone on 127.0.0.1 with the
// given TCP limits, logging to log; Serve is left to the test.
func listenLimited(t *testing.T, lim TCPLimits, log *slog.Logger, opts ...Option) *Server {
	t.Helper()
	srv, err := Listen("127.0.0.1:0", NewHandler(loadStore(t, map[string]string{"example.test.zone": exampleZone(t)}), nil, opts...),
		log, WithTCPLimits(lim))
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, srv.Shutdown(ctx))
	})
	return srv
}

// dialFrom opens a TCP connection to addr from the loopback address from
// (another address of 127.0.0.0/8 is another client).
func dialFrom(t *testing.T, from string, addr netip.AddrPort) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 2 * time.Second}
	c, err := d.Dial("tcp", addr.String())
	if err != nil && from != "127.0.0.1" {
		needs(t, fmt.Sprintf("a second loopback address (%s) to dial from: %v", from, err))
	}
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// queryOn sends one query on c and reports whether an answer came back.
func queryOn(c net.Conn) bool {
	m := new(dns.Msg)
	m.SetQuestion("www.example.test.", dns.TypeA)
	co := &dns.Conn{Conn: c}
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if err := co.WriteMsg(m); err != nil {
		return false
	}
	r, err := co.ReadMsg()
	return err == nil && len(r.Answer) == 2
}

// waitClosed reports whether the server closes c (EOF or reset) within
// the bound, which is far below the idle timeout the tests configure.
func waitClosed(c net.Conn, bound time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(bound))
	_, err := c.Read(make([]byte, 1))
	var ne net.Error
	return err != nil && !(errors.As(err, &ne) && ne.Timeout())
}

// TestTCPOneClientCannotTakeEveryConnection: one client opening far more
// connections than the server holds keeps only its share, and another
// client's queries, each on a new connection, are all answered.
func TestTCPOneClientCannotTakeEveryConnection(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg)
	require.NoError(t, err)
	srv := listenLimited(t, TCPLimits{MaxConns: 16, MaxPerClient: 4, IdleTimeout: time.Minute}, slog.New(slog.DiscardHandler), WithMetrics(m))
	srv.Serve()
	var hog []net.Conn
	for range 40 {
		hog = append(hog, dialFrom(t, "127.0.0.1", srv.Addr()))
	}
	answered := 0
	for range 10 {
		if queryOn(dialFrom(t, "127.0.0.2", srv.Addr())) {
			answered++
		}
	}
	assert.Equal(t, 10, answered, "the other client is answered")
	// Each client's connections past 4 replaced its own idlest: 36 of the
	// hog's, 6 of the other's; none was refused.
	assert.EqualValues(t, 36+6, m.tcp.evicted.Load(), "evicted")
	assert.EqualValues(t, 0, m.tcp.refused.Load(), "refused")
	assert.EqualValues(t, 4+4, m.tcp.open.Load(), "open")
	families, err := reg.Gather()
	require.NoError(t, err)
	exported := map[string]float64{}
	for _, f := range families {
		for _, mt := range f.GetMetric() {
			exported[f.GetName()] = mt.GetCounter().GetValue() + mt.GetGauge().GetValue()
		}
	}
	assert.Equal(t, map[string]float64{"r53d_tcp_connections": 8, "r53d_tcp_evicted_total": 42, "r53d_tcp_refused_total": 0,
		"r53d_queries_total": 10}, exported, "what /metrics shows")
	open := 0
	for _, c := range hog {
		if !waitClosed(c, 20*time.Millisecond) {
			open++
		}
	}
	assert.Equal(t, 4, open, "the hog keeps MaxPerClient connections, its newest")
	assert.True(t, queryOn(hog[len(hog)-1]), "and they answer")
}

// TestTCPNewClientEvictsTheIdlest: when one client legitimately fills
// every slot, a new client takes the place of the idlest connection
// instead of being refused.
func TestTCPNewClientEvictsTheIdlest(t *testing.T) {
	srv := listenLimited(t, TCPLimits{MaxConns: 4, MaxPerClient: 4, IdleTimeout: time.Minute, BusyPercent: 100}, slog.New(slog.DiscardHandler))
	srv.Serve()
	var first []net.Conn
	for range 4 {
		c := dialFrom(t, "127.0.0.1", srv.Addr())
		require.True(t, queryOn(c))
		first = append(first, c)
	}
	require.True(t, queryOn(first[0]), "the first connection is now the most recently active")
	require.True(t, queryOn(dialFrom(t, "127.0.0.2", srv.Addr())), "the new client is answered")
	assert.True(t, waitClosed(first[1], 2*time.Second), "the idlest connection made room")
	for _, c := range []net.Conn{first[0], first[2], first[3]} {
		assert.True(t, queryOn(c), "the others stay open")
	}
}

// TestTCPIdleTimeoutShrinksUnderPressure: below the busy mark idle
// connections keep the long timeout; at it they are closed after the
// short one.
func TestTCPIdleTimeoutShrinksUnderPressure(t *testing.T) {
	srv := listenLimited(t, TCPLimits{MaxConns: 8, MaxPerClient: 8, IdleTimeout: time.Minute,
		BusyIdleTimeout: 50 * time.Millisecond, BusyPercent: 50}, slog.New(slog.DiscardHandler))
	srv.Serve()
	var conns []net.Conn
	for range 3 {
		c := dialFrom(t, "127.0.0.1", srv.Addr())
		require.True(t, queryOn(c))
		conns = append(conns, c)
	}
	assert.False(t, waitClosed(conns[0], 200*time.Millisecond), "3 of 8: not busy, the idle connection stays")
	// The fourth connection makes 4 of 8; once the idle ones have closed
	// the server is no longer busy, so the fourth's own timeout is not
	// asserted here (the table's test checks each wait's timeout).
	dialFrom(t, "127.0.0.1", srv.Addr())
	for i, c := range conns {
		assert.True(t, waitClosed(c, 5*time.Second), "4 of 8: idle connection %d closed long before the minute", i)
	}
}

// TestTCPSlowSenderLosesTheConnection: a message sent a byte at a time
// must arrive whole within the read budget, far below the idle timeout.
func TestTCPSlowSenderLosesTheConnection(t *testing.T) {
	srv := listenLimited(t, TCPLimits{IdleTimeout: time.Minute, ReadTimeout: 200 * time.Millisecond}, slog.New(slog.DiscardHandler))
	srv.Serve()
	c := dialFrom(t, "127.0.0.1", srv.Addr())
	m := new(dns.Msg)
	m.SetQuestion("www.example.test.", dns.TypeA)
	b, err := m.Pack()
	require.NoError(t, err)
	msg := binary.BigEndian.AppendUint16(nil, uint16(len(b)))
	msg = append(msg, b...)

	stop := make(chan struct{})
	sent := make(chan int)
	go func() { // one byte every 100 ms: the whole query would take seconds
		n := 0
		defer func() { sent <- n }()
		for _, x := range msg {
			if _, err := c.Write([]byte{x}); err != nil {
				return
			}
			n++
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	closed := waitClosed(c, 10*time.Second)
	close(stop)
	n := <-sent
	assert.True(t, closed, "the server closed the connection")
	assert.Less(t, n, len(msg), "before the query was complete")
}

// emfileListener fails every Accept with EMFILE while failing is set, at
// once, as a process out of descriptors does.
// With alternate set, every other Accept fails: a process at its limit
// whose evictions each let one accept through.
type emfileListener struct {
	net.Listener
	failing   atomic.Bool
	alternate atomic.Bool
	calls     atomic.Int64
}

func (l *emfileListener) Accept() (net.Conn, error) {
	n := l.calls.Add(1)
	if l.failing.Load() || l.alternate.Load() && n%2 == 1 {
		return nil, &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", syscall.EMFILE)}
	}
	return l.Listener.Accept()
}

// logLines collects log messages, safe for concurrent use.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(p))
	return len(p), nil
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "")
}

func (l *logLines) count(substr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.lines {
		if strings.Contains(s, substr) {
			n++
		}
	}
	return n
}

// TestTCPAcceptBacksOffOnEMFILE: out of descriptors, the accept loop
// pauses between attempts instead of spinning, logs once, gives an idle
// connection's descriptor back, and serves again once accept succeeds.
func TestTCPAcceptBacksOffOnEMFILE(t *testing.T) {
	logs := &logLines{}
	srv := listenLimited(t, TCPLimits{IdleTimeout: time.Minute, BusyIdleTimeout: 10 * time.Millisecond,
		AcceptBackoff: time.Millisecond, MaxAcceptBackoff: 100 * time.Millisecond}, slog.New(slog.NewTextHandler(logs, nil)))
	ln := &emfileListener{Listener: srv.tcp}
	srv.tcp = ln
	srv.acceptQuiet = 50 * time.Millisecond
	srv.Serve()
	idle := dialFrom(t, "127.0.0.1", srv.Addr())
	require.True(t, queryOn(idle))

	ln.failing.Store(true)
	// A new connection ends the Accept already waiting; the next one fails.
	dialFrom(t, "127.0.0.1", srv.Addr())
	time.Sleep(300 * time.Millisecond)
	calls := ln.calls.Load()
	// Backing off from 1 ms to 100 ms makes about 10 attempts in 300 ms; a
	// spinning loop makes hundreds of thousands. A slow machine makes fewer.
	assert.Less(t, calls, int64(100), "accept attempts while out of descriptors")
	assert.Greater(t, calls, int64(2), "accept is retried")
	assert.Equal(t, 1, logs.count("TCP accept failing"), "one log line per episode")
	assert.True(t, waitClosed(idle, 5*time.Second), "an idle connection gives its descriptor back")

	// By now the pause is past 50 ms, so the next accept ends the episode.
	ln.failing.Store(false)
	assert.True(t, queryOn(dialFrom(t, "127.0.0.1", srv.Addr())), "served again once descriptors return")
	assert.Equal(t, 1, logs.count("TCP accept recovered"))
	assert.Equal(t, 1, logs.count("TCP accept failing"))
}

// TestTCPAcceptAtTheDescriptorLimitLogsOnce: at the limit, failed and
// successful accepts alternate; that is one episode, logged once, not a
// line per connection, and a connection just accepted is not evicted by
// the failure after it (it has the busy idle timeout to send its query).
func TestTCPAcceptAtTheDescriptorLimitLogsOnce(t *testing.T) {
	logs := &logLines{}
	srv := listenLimited(t, TCPLimits{IdleTimeout: time.Minute, AcceptBackoff: time.Millisecond}, slog.New(slog.NewTextHandler(logs, nil)))
	ln := &emfileListener{Listener: srv.tcp}
	ln.alternate.Store(true)
	srv.tcp = ln
	srv.Serve()
	for i := range 10 {
		assert.True(t, queryOn(dialFrom(t, "127.0.0.1", srv.Addr())), "client %d answered", i)
	}
	assert.GreaterOrEqual(t, ln.calls.Load(), int64(20), "every accept came after a failure")
	assert.Equal(t, 1, logs.count("TCP accept failing"))
	assert.Equal(t, 0, logs.count("TCP accept recovered"), "failures keep coming: not over")
}
