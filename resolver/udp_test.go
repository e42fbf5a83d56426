package resolver

import (
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/internal/benchdata"
	"github.com/stretchr/testify/require"
)

// TestUDPServingAllocatesNothing: the whole UDP path (recvmmsg, answer,
// sendmmsg), not only the handler, allocates nothing per query once warm.
// The client writes and reads with preallocated buffers, so what the
// process allocates meanwhile is the server's.
func TestUDPServingAllocatesNothing(t *testing.T) {
	h := NewHandler(loadStore(t, map[string]string{benchOrigin + "zone": benchdata.Zone(benchOrigin, 200)}), nil)
	addr := startHandler(t, h)
	c, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(addr))
	require.NoError(t, err)
	defer c.Close()
	var pkts [][]byte
	for i, q := range benchdata.Mix(benchOrigin, 200, 500) {
		m := new(dns.Msg)
		m.SetQuestion(q.Name, q.Qtype)
		m.Id = uint16(i)
		m.SetEdns0(4096, false)
		pkt, err := m.Pack()
		require.NoError(t, err)
		pkts = append(pkts, pkt)
	}
	buf := make([]byte, 4096)
	ask := func(n int) {
		for i := range n {
			_, err := c.Write(pkts[i%len(pkts)])
			require.NoError(t, err)
			require.NoError(t, c.SetReadDeadline(time.Now().Add(2*time.Second)))
			_, err = c.Read(buf)
			require.NoError(t, err)
		}
	}
	ask(len(pkts)) // warm: per-worker buffers are made on first use
	const n = 2000
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ask(n)
	runtime.ReadMemStats(&after)
	perQuery := float64(after.Mallocs-before.Mallocs) / n
	require.Less(t, perQuery, 0.05, "allocations per UDP query")
}
