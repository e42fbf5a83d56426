package healthcheck

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// thousandChecks defines n HTTP checks (or TCP ones aimed at port).
func thousandChecks(n int, typ string, port int, interval int) []Check {
	checks := make([]Check, n)
	for i := range checks {
		checks[i] = Check{ID: fmt.Sprintf("hc-%04d", i), HealthCheckConfig: Config{
			Type: typ, IPAddress: "127.0.0.1", Port: port, RequestInterval: interval, FailureThreshold: 3}}
	}
	return checks
}

// BenchmarkThousandChecks measures the aggregator: one op is one probe
// result recorded for one of 1,000 checks, in round-robin order as 1 s
// intervals would bring them. In "flapping", each check fails 3 rounds
// in 20 (so flips down and back up, publishing snapshots); in "steady"
// every result is a success and nothing is published.
func BenchmarkThousandChecks(b *testing.B) {
	for _, bc := range []struct {
		name string
		ok   func(id, round int) bool
	}{
		{"steady", func(int, int) bool { return true }},
		{"flapping", func(id, round int) bool { return (id+round)%20 < 17 }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			const n = 1000
			clock := newFakeClock()
			m := NewMonitor(Options{Clock: clock, Probe: func(context.Context, *Config) Result { return Result{} }})
			checks := thousandChecks(n, TypeHTTP, 80, 1)
			m.Update(checks)
			ids := make([]string, n)
			for i, c := range checks {
				ids[i] = c.ID
			}
			base := clock.Now()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				id, round := i%n, i/n
				r := Result{OK: bc.ok(id, round), At: base.Add(time.Duration(round) * time.Second), Latency: time.Millisecond}
				if !r.OK {
					r.Reason = "HTTP Status Code 503, Service Unavailable"
				}
				m.Record(ids[id], r)
			}
		})
	}
}
