package healthcheck

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// waitLimit bounds every wait for a goroutine of the monitor; reaching it
// means the event never came, not that the machine is slow.
const waitLimit = 10 * time.Second

// fakeClock is a Clock whose time moves only when the test says so and
// whose After channels fire only when the test fires them. Every After
// call is handed to the test through timers, so a test knows exactly when
// a probe loop is waiting and for how long.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers chan fakeTimer
}

// fakeTimer is one pending After call.
type fakeTimer struct {
	d time.Duration
	c chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), timers: make(chan fakeTimer, 64)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock and returns the new time.
func (c *fakeClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.timers <- fakeTimer{d: d, c: ch}
	return ch
}

// nextTimer waits for the next After call of a probe loop.
func (c *fakeClock) nextTimer(t *testing.T) fakeTimer {
	t.Helper()
	select {
	case tm := <-c.timers:
		return tm
	case <-time.After(waitLimit):
		t.Fatal("no probe loop asked the clock for a timer")
		return fakeTimer{}
	}
}

// fire advances the clock by the timer's duration and fires it.
func (c *fakeClock) fire(tm fakeTimer) { tm.c <- c.Advance(tm.d) }

// logSink is a slog handler that hands each record's message and "id"
// attribute to the test: the monitor logs every status change, which is
// how a test learns that the aggregator goroutine has applied a result.
type logSink struct{ events chan logEvent }

type logEvent struct{ msg, id string }

func newLogSink() *logSink { return &logSink{events: make(chan logEvent, 1024)} }

func (s *logSink) Enabled(context.Context, slog.Level) bool { return true }
func (s *logSink) WithAttrs([]slog.Attr) slog.Handler       { return s }
func (s *logSink) WithGroup(string) slog.Handler            { return s }

func (s *logSink) Handle(_ context.Context, r slog.Record) error {
	ev := logEvent{msg: r.Message}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "id" {
			ev.id = a.Value.String()
		}
		return true
	})
	s.events <- ev
	return nil
}

// waitFor waits for a log record with message msg about check id.
func (s *logSink) waitFor(t *testing.T, msg, id string) {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case ev := <-s.events:
			if ev.msg == msg && ev.id == id {
				return
			}
		case <-deadline:
			t.Fatalf("no log %q for %s", msg, id)
		}
	}
}

// testMonitor is a monitor on a fake clock whose probes, if any loop runs,
// come from probe.
func testMonitor(t *testing.T, probe ProbeFunc) (*Monitor, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	if probe == nil {
		probe = func(context.Context, *Config) Result {
			t.Error("a probe ran in a test that records results itself")
			return Result{}
		}
	}
	return NewMonitor(Options{Clock: clock, Probe: probe}), clock
}

// endpoint is an HTTP check of 192.0.2.1 with the given threshold.
func endpoint(id string, threshold int) Check {
	return Check{ID: id, HealthCheckConfig: Config{Type: TypeHTTP, IPAddress: "192.0.2.1", Port: 80, FailureThreshold: threshold}}
}

// calculatedCheck is a CALCULATED check over children.
func calculatedCheck(id string, threshold int, children ...string) Check {
	return Check{ID: id, HealthCheckConfig: Config{Type: TypeCalculated, HealthThreshold: threshold, ChildHealthChecks: children}}
}

// record feeds n identical results for id, each at the clock's time after
// advancing it a second (a 1 s RequestInterval).
func record(m *Monitor, clock *fakeClock, id string, ok bool, n int) {
	for range n {
		at := clock.Advance(time.Second)
		r := Result{OK: ok, At: at, Latency: 3 * time.Millisecond}
		if !ok {
			r.Reason = "HTTP Status Code 503, Service Unavailable. Resolved IP: 192.0.2.1"
		}
		m.Record(id, r)
	}
}

// status returns check id's status or fails the test.
func status(t *testing.T, m *Monitor, id string) Status {
	t.Helper()
	st, ok := m.Status(id)
	if !ok {
		t.Fatalf("no status for %s", id)
	}
	return st
}

func rfc3339(at time.Time) string { return at.UTC().Format(time.RFC3339Nano) }
