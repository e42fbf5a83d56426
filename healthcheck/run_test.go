package healthcheck

import (
	"context"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRunProbesOnSchedule runs the probe loops on the fake clock: the
// first probe after a stagger below the interval, the next one interval
// after the response; results reach the snapshot; calculated and disabled
// checks get no loop; a changed check gets a new loop.
func TestRunProbesOnSchedule(t *testing.T) {
	type call struct {
		cfg   Config
		reply chan Result
	}
	calls := make(chan call)
	probe := func(ctx context.Context, cfg *Config) Result {
		c := call{cfg: *cfg, reply: make(chan Result)}
		select {
		case calls <- c:
		case <-ctx.Done():
			return Result{Reason: "cancelled"}
		}
		select {
		case r := <-c.reply:
			return r
		case <-ctx.Done():
			return Result{Reason: "cancelled"}
		}
	}
	clock := newFakeClock()
	logs := newLogSink()
	m := NewMonitor(Options{Clock: clock, Probe: probe, Log: slog.New(logs)})
	a := endpoint("a", 1)
	a.HealthCheckConfig.RequestInterval = 10
	off := endpoint("off", 1)
	off.HealthCheckConfig.Disabled = true
	m.Update([]Check{a, off, calculatedCheck("c", 1, "a")})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	nextCall := func() call {
		t.Helper()
		select {
		case c := <-calls:
			return c
		case <-time.After(waitLimit):
			t.Fatal("no probe")
			return call{}
		}
	}

	stagger := clock.nextTimer(t)
	if stagger.d < 0 || stagger.d >= 10*time.Second {
		t.Fatalf("stagger %v, want [0, 10s)", stagger.d)
	}
	m.mu.Lock()
	loops := len(m.runners)
	m.mu.Unlock()
	if loops != 1 {
		t.Fatalf("%d probe loops, want 1 (none for disabled and calculated checks)", loops)
	}
	clock.fire(stagger)
	c := nextCall()
	if c.cfg.IPAddress != "192.0.2.1" || c.cfg.RequestInterval != 10 {
		t.Fatalf("probed %+v", c.cfg)
	}
	c.reply <- Result{Reason: "connection refused", At: clock.Now()}
	logs.waitFor(t, "health check status changed", "a")
	// The log comes as a changes; the snapshot, once c has settled too.
	if !snapshotSays(m, func(s *Snapshot) bool { return !s.Healthy("a") && !s.Healthy("c") }) {
		t.Fatal("a failed probe at threshold 1 did not reach the snapshot")
	}
	if st := status(t, m, "a"); st.LastFailureReason != "connection refused" {
		t.Errorf("status = %+v", st)
	}

	next := clock.nextTimer(t)
	if next.d != 10*time.Second {
		t.Fatalf("second wait %v, want the 10 s interval", next.d)
	}
	clock.fire(next)
	nextCall().reply <- Result{OK: true, At: clock.Now()}
	logs.waitFor(t, "health check status changed", "a")
	if !snapshotSays(m, func(s *Snapshot) bool { return s.Healthy("a") && s.Healthy("c") }) {
		t.Fatal("a successful probe did not reach the snapshot")
	}
	clock.nextTimer(t) // the loop waits again

	// A changed definition replaces the loop: the old one is cancelled
	// and the new one starts with a stagger of its own interval.
	a.HealthCheckConfig.RequestInterval = 1
	m.Update([]Check{a, off, calculatedCheck("c", 1, "a")})
	stagger = clock.nextTimer(t)
	if stagger.d >= time.Second {
		t.Fatalf("new loop stagger %v, want below the new 1 s interval", stagger.d)
	}
	clock.fire(stagger)
	if c := nextCall(); c.cfg.RequestInterval != 1 {
		t.Fatalf("the old loop probed after the reload: %+v", c.cfg)
	} else {
		c.reply <- Result{OK: true, At: clock.Now()}
	}
	clock.nextTimer(t)
}

// TestRunWithRealProber wires NewMonitor's default prober to a closed
// local port on the fake clock.
func TestRunWithRealProber(t *testing.T) {
	port := closedPort(t)
	clock := newFakeClock()
	logs := newLogSink()
	m := NewMonitor(Options{Clock: clock, Log: slog.New(logs)})
	m.Update([]Check{{ID: "tcp", HealthCheckConfig: Config{Type: TypeTCP, IPAddress: "127.0.0.1", Port: port, FailureThreshold: 1}}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	clock.fire(clock.nextTimer(t))
	logs.waitFor(t, "health check status changed", "tcp")
	st := status(t, m, "tcp")
	if m.Snapshot().Healthy("tcp") || !strings.Contains(st.LastFailureReason, "127.0.0.1:"+strconv.Itoa(port)) {
		t.Fatalf("status = %+v", st)
	}
	if *st.LastCheckedAt != rfc3339(clock.Now()) {
		t.Errorf("LastCheckedAt %s, want the fake clock's %s", *st.LastCheckedAt, rfc3339(clock.Now()))
	}
}

// closedPort returns a local TCP port that nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// snapshotSays waits, up to waitLimit, for m's snapshot to satisfy ok.
func snapshotSays(m *Monitor, ok func(*Snapshot) bool) bool {
	for deadline := time.Now().Add(waitLimit); !ok(m.Snapshot()); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}
