package healthcheck

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runMonitor runs m until the test ends.
func runMonitor(t *testing.T, m *Monitor) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// TestTargetRunAndDrain: a running monitor probes a new target at once
// (no stagger: it is initial until then) and removes a deregistered one
// when its delay's timer fires.
func TestTargetRunAndDrain(t *testing.T) {
	clock := newFakeClock()
	logs := newLogSink()
	probes := make(chan string, 16)
	probe := func(_ context.Context, cfg *Config) Result {
		probes <- cfg.IPAddress
		return Result{OK: true, At: clock.Now()}
	}
	m := NewMonitor(Options{Clock: clock, Probe: probe, Log: slog.New(logs)})
	runMonitor(t, m)
	a := target("192.0.2.1", 2, 2)
	a.Interval = 30 * time.Second
	a.DeregistrationDelay = 10 * time.Second
	m.UpdateTargets([]TargetCheck{a})

	first := clock.nextTimer(t)
	assert.Zero(t, first.d, "the first check of a new target runs at once")
	clock.fire(first)
	logs.waitFor(t, "target state changed", a.ID)
	assert.Equal(t, TargetHealthy, stateOf(t, m, a.ID)) // under the lock: after the snapshot is published
	assert.True(t, m.Snapshot().Healthy(a.ID))
	assert.Equal(t, "192.0.2.1", <-probes)

	m.UpdateTargets(nil)
	assert.False(t, m.Snapshot().Healthy(a.ID))
	for {
		tm := clock.nextTimer(t) // the loop's next interval may come first
		if tm.d == 10*time.Second {
			clock.fire(tm)
			break
		}
	}
	logs.waitFor(t, "deregistered target gone", a.ID)
	assert.Empty(t, m.Statuses())
}

// TestTargetRealListener probes targets on 127.0.0.1 with the real
// prober and clock: a target whose server starts answering 503, or stops
// listening, turns unhealthy after exactly UnhealthyThreshold failures.
func TestTargetRealListener(t *testing.T) {
	var code atomic.Int32
	code.Store(http.StatusOK)
	agents := make(chan string, 64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case agents <- r.UserAgent():
		default:
		}
		w.WriteHeader(int(code.Load()))
	}))
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := netip.MustParseAddrPort(ln.Addr().String())
	go acceptAndClose(ln)

	logs := newLogSink()
	m := NewMonitor(Options{Log: slog.New(logs)})
	runMonitor(t, m)
	web := realTarget(t, netip.MustParseAddrPort(srv.Listener.Addr().String()))
	tcp := realTarget(t, closed)
	tcp.Protocol = "TCP"
	m.UpdateTargets([]TargetCheck{web, tcp})
	waitAll(t, logs, "target state changed", web.ID, tcp.ID)
	require.Equal(t, TargetHealthy, status(t, m, web.ID).TargetState)
	require.Equal(t, TargetHealthy, status(t, m, tcp.ID).TargetState)
	assert.Equal(t, TargetUserAgent, <-agents)

	code.Store(http.StatusServiceUnavailable)
	ln.Close()
	waitAll(t, logs, "target state changed", web.ID, tcp.ID)
	for _, id := range []string{web.ID, tcp.ID} {
		st := status(t, m, id) // under the lock: after the snapshot is published
		assert.Equal(t, TargetUnhealthy, st.TargetState, id)
		assert.False(t, m.Snapshot().Healthy(id))
		h, _ := m.History(id)
		assert.Equal(t, 3, failuresBeforeChange(h), "%s: unhealthy after exactly the threshold", id)
	}
	assert.Equal(t, "Target.ResponseCodeMismatch", status(t, m, web.ID).TargetReason)
	assert.Contains(t, status(t, m, web.ID).LastFailureReason, "HTTP Status Code 503, Service Unavailable. Resolved IP: ")
}

func acceptAndClose(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

// realTarget checks addr every 20 ms, unhealthy after three failures.
func realTarget(t *testing.T, addr netip.AddrPort) TargetCheck {
	t.Helper()
	return TargetCheck{ID: "target/lab/" + addr.String(), Group: "lab", Target: addr, Protocol: "HTTP", Port: int(addr.Port()),
		Path: "/health", Matcher: Matcher{{200, 299}}, Interval: 20 * time.Millisecond, Timeout: 2 * time.Second,
		HealthyThreshold: 2, UnhealthyThreshold: 3, DeregistrationDelay: time.Second}
}

// failuresBeforeChange counts the failed probes right before the last
// status change.
func failuresBeforeChange(h History) int {
	if len(h.Changes) == 0 {
		return 0
	}
	first := h.Seen - len(h.Probes) // the number of the oldest kept probe
	n := 0
	for i := h.Changes[len(h.Changes)-1].After - 1 - first; i >= 0 && !h.Probes[i].OK; i-- {
		n++
	}
	return n
}

// waitAll waits for a log record msg about each of ids, in any order.
func waitAll(t *testing.T, s *logSink, msg string, ids ...string) {
	t.Helper()
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	deadline := time.After(waitLimit)
	for len(want) > 0 {
		select {
		case ev := <-s.events:
			if ev.msg == msg {
				delete(want, ev.id)
			}
		case <-deadline:
			t.Fatalf("no log %q for %v", msg, want)
		}
	}
}
