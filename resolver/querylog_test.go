package resolver

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/internal/benchdata"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer the log goroutine may write while a test
// reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startLogged serves the bench zone with a query log of one query in every.
func startLogged(t *testing.T, every int) (netip.AddrPort, *QueryLog, *lockedBuffer) {
	t.Helper()
	store := loadStore(t, map[string]string{benchOrigin + "zone": benchdata.Zone(benchOrigin, 100)})
	out := &lockedBuffer{}
	ql := NewQueryLog(out, every, store)
	srv, err := Listen("127.0.0.1:0", NewHandler(store, nil), slog.New(slog.NewTextHandler(io.Discard, nil)), WithQueryLog(ql))
	require.NoError(t, err)
	srv.Serve()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, srv.Shutdown(ctx))
		require.NoError(t, ql.Close())
	})
	return srv.Addr(), ql, out
}

// Every field of Route 53's query-log line, over UDP and TCP, with and
// without ECS.
func TestQueryLogLines(t *testing.T) {
	addr, ql, out := startLogged(t, 1)
	ecs := new(dns.Msg)
	ecs.SetQuestion("Host-00001.example.test.", dns.TypeAAAA)
	ecs.SetEdns0(1232, false)
	ecs.IsEdns0().Option = append(ecs.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1,
		SourceNetmask: 24, Address: net.IPv4(11, 4, 0, 0).To4()})
	exchange(t, addr, "udp", ecs)
	nx := new(dns.Msg)
	nx.SetQuestion("nothing.example.test.", dns.TypeA)
	exchange(t, addr, "tcp", nx)
	require.NoError(t, ql.Close())

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2, out.String())
	stamp := `1\.0 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z `
	assert.Regexp(t, regexp.MustCompile("^"+stamp+`example\.test Host-00001\.example\.test AAAA NOERROR UDP r53d 127\.0\.0\.1 11\.4\.0\.0/24$`), lines[0])
	assert.Regexp(t, regexp.MustCompile("^"+stamp+`example\.test nothing\.example\.test A NXDOMAIN TCP r53d 127\.0\.0\.1 -$`), lines[1])
	assert.Zero(t, ql.Dropped())
}

func TestQueryLogSamples(t *testing.T) {
	addr, ql, out := startLogged(t, 3)
	for range 9 {
		m := new(dns.Msg)
		m.SetQuestion("host-00002.example.test.", dns.TypeA)
		exchange(t, addr, "udp", m)
	}
	require.NoError(t, ql.Close())
	// One worker may answer some and another the rest: each samples its own.
	n := strings.Count(out.String(), "\n")
	assert.GreaterOrEqual(t, n, 2)
	assert.LessOrEqual(t, n, 4)
}

// BenchmarkQueryLog is the serving path's cost with every query logged
// against none. cpu-ns/op is the process's CPU time per query, so the
// log's own goroutine (writing to io.Discard) counts.
func BenchmarkQueryLog(b *testing.B) {
	h, mix, _ := benchSetup(b)
	peer := netip.MustParseAddr("192.0.2.1")
	for _, logged := range []bool{false, true} {
		name := "plain"
		var ql *QueryLog
		if logged {
			name = "logged"
			ql = NewQueryLog(io.Discard, 1, h.store)
		}
		b.Run(name, func(b *testing.B) {
			s := NewScratch()
			var smp sampler
			b.ReportAllocs()
			i := 0
			cpu0 := processCPU(b)
			for b.Loop() {
				pkt := mix[i%len(mix)]
				resp, _ := h.Handle(s, Query{Packet: pkt, Client: peer})
				ql.record(&smp, pkt, resp, peer, false)
				if i%32 == 31 {
					ql.flush(&smp) // as a UDP worker does after each batch
				}
				i++
			}
			if ql != nil {
				ql.flush(&smp)
				require.NoError(b, ql.Close()) // the log has written everything
			}
			b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// processCPU is the process's user and system CPU time so far, in ns.
func processCPU(tb testing.TB) int64 {
	var ru syscall.Rusage
	require.NoError(tb, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return ru.Utime.Nano() + ru.Stime.Nano()
}
