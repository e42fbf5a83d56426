//go:build unix

package healthcheck

import (
	"context"
	"net"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestLoadThousandTCPChecks is a load harness: a real monitor with TCP
// checks at RequestInterval 1 against one local listener, reporting CPU
// time, heap and probe counts, and failing when checks go unprobed or fail.
// By default 200 checks for 3 s; R53D_LOAD=1 runs the full 1,000 for 10 s:
//
//	R53D_LOAD=1 go test -run LoadThousand -v ./healthcheck/
func TestLoadThousandTCPChecks(t *testing.T) {
	n, run := 200, 3*time.Second
	if os.Getenv("R53D_LOAD") == "1" {
		n, run = 1000, 10*time.Second
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var accepted atomic.Int64
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()

	m := NewMonitor(Options{})
	m.Update(thousandChecks(n, TypeTCP, l.Addr().(*net.TCPAddr).Port, 1))
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime(t)

	ctx, cancel := context.WithTimeout(context.Background(), run)
	defer cancel()
	start := time.Now()
	m.Run(ctx) // returns when ctx ends
	wall := time.Since(start)

	cpu := cpuTime(t) - cpu0
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	var checked, failed int
	for _, st := range m.Statuses() {
		if st.LastCheckedAt != nil {
			checked++
		}
		if st.LastResult == "Failure" || st.Status != Healthy {
			failed++
		}
	}
	probes := accepted.Load()
	t.Logf("%d TCP checks at 1 s for %v: %d connections accepted (%.0f/s), %d checks probed, %d failing",
		n, wall.Round(time.Millisecond), probes, float64(probes)/wall.Seconds(), checked, failed)
	t.Logf("CPU %v (%.1f%% of one core), %.1f µs per probe",
		cpu.Round(time.Millisecond), 100*cpu.Seconds()/wall.Seconds(), float64(cpu.Microseconds())/float64(max(probes, 1)))
	t.Logf("heap in use %.1f MiB → %.1f MiB, allocated during the run %.1f MiB (%d objects), goroutines %d",
		mib(before.HeapInuse), mib(after.HeapInuse), mib(after.TotalAlloc-before.TotalAlloc), after.Mallocs-before.Mallocs, runtime.NumGoroutine())
	if checked < n*9/10 || failed > 0 {
		t.Errorf("%d of %d checks probed, %d failing", checked, n, failed)
	}
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
