package healthcheck

import (
	"context"
	"testing"
)

// A check present at start waits a stagger spread over its interval; one
// added while the monitor runs (made through the API, or by a reload) is
// probed at once, as Route 53 starts probing a check it just created.
func TestCheckAddedWhileRunningIsProbedAtOnce(t *testing.T) {
	clock := newFakeClock()
	probe := func(context.Context, *Config) Result { return Result{OK: true} }
	m := NewMonitor(Options{Clock: clock, Probe: probe})
	first := endpoint("first", 1)
	m.Update([]Check{first})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	clock.nextTimer(t) // Run has started the checks it was given

	for i := range 20 { // the stagger is random: every draw must be short
		c := endpoint("fresh", 1)
		c.HealthCheckConfig.RequestInterval = 30
		c.HealthCheckConfig.Port = 8000 + i // a changed check starts afresh too
		m.Update([]Check{first, c})
		if tm := clock.nextTimer(t); tm.d > freshStagger {
			t.Fatalf("update %d: first probe after %v, want at most %v", i, tm.d, freshStagger)
		}
	}
}
