package resolver

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rrlFixture is a Handler limited to rate responses a second per bucket,
// on a clock the test moves.
type rrlFixture struct {
	h        *Handler
	now      time.Time
	metrics  *Metrics
	registry *prometheus.Registry
}

func newRRLFixture(t *testing.T, rl RateLimit) *rrlFixture {
	f := &rrlFixture{now: time.Unix(1_800_000_000, 0)}
	var err error
	f.registry = prometheus.NewRegistry()
	f.metrics, err = NewMetrics(f.registry)
	require.NoError(t, err)
	f.h = NewHandler(loadStore(t, map[string]string{"fuzz.test.zone": fuzzZone()}), nil,
		WithClock(func() time.Time { return f.now }), WithRateLimit(rl), WithMetrics(f.metrics))
	return f
}

// tally is what a run of queries got.
type tally struct{ answered, slipped, dropped int }

// flood sends n copies of pkt from client over UDP or TCP, spread evenly
// over one second, through one worker.
func (f *rrlFixture) flood(t *testing.T, pkt []byte, client string, tcp bool, n int) tally {
	var got tally
	s := NewScratch()
	for i := range n {
		f.now = f.now.Add(time.Second / time.Duration(n))
		resp, _ := f.h.Handle(s, Query{Packet: pkt, Client: netip.MustParseAddr(client), TCP: tcp})
		if resp == nil {
			got.dropped++
			continue
		}
		var m dns.Msg
		require.NoError(t, m.Unpack(resp), "query %d", i)
		if m.Truncated {
			require.Empty(t, m.Answer, "a slipped answer carries no records")
			got.slipped++
		} else {
			got.answered++
		}
	}
	return got
}

func TestRRL(t *testing.T) {
	const rate = 20
	f := newRRLFixture(t, RateLimit{Rate: rate, Slip: 2, Exempt: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}})
	www := seedQuery(t, "www.fuzz.test.", dns.TypeA)

	// 1,000 queries in a second from one /24: a second's burst plus a
	// second's refill answered, every 2nd of the rest slipped.
	flood := f.flood(t, www, "192.0.2.1", false, 1000)
	t.Logf("flood: %+v", flood)
	assert.InDelta(t, 2*rate, flood.answered, 2)
	assert.InDelta(t, flood.dropped, flood.slipped, 1)
	assert.Equal(t, 1000, flood.answered+flood.slipped+flood.dropped)
	assert.Equal(t, uint64(flood.dropped), f.metrics.rrl.dropped.Load())
	assert.Equal(t, uint64(flood.slipped), f.metrics.rrl.slipped.Load())
	exported := map[string]float64{}
	families, err := f.registry.Gather()
	require.NoError(t, err)
	for _, fam := range families {
		if strings.HasPrefix(fam.GetName(), "r53d_rrl_") {
			exported[fam.GetName()] = fam.GetMetric()[0].GetCounter().GetValue()
		}
	}
	assert.Equal(t, map[string]float64{"r53d_rrl_dropped_total": float64(flood.dropped), "r53d_rrl_slipped_total": float64(flood.slipped)},
		exported, "what /metrics shows")

	// The same /24 from another address is the same bucket: still limited.
	same := f.flood(t, www, "192.0.2.200", false, 100)
	assert.Less(t, same.answered, 30)
	// Another network, an IPv6 one, TCP from the flooded one, an exempt
	// network: unaffected (the whole flood again, or a second's rate).
	assert.Equal(t, tally{answered: rate}, f.flood(t, www, "198.51.100.1", false, rate), "another network")
	assert.Equal(t, tally{answered: rate}, f.flood(t, www, "2001:db8:1::1", false, rate), "IPv6")
	assert.Equal(t, tally{answered: 1000}, f.flood(t, www, "192.0.2.1", true, 1000), "TCP")
	assert.Equal(t, tally{answered: 1000}, f.flood(t, www, "203.0.113.9", false, 1000), "exempt")
	// Another name from the flooded network is another bucket.
	assert.Equal(t, tally{answered: rate}, f.flood(t, seedQuery(t, "fuzz.test.", dns.TypeMX), "192.0.2.1", false, rate), "another name")
}

// TestRRLCookieExempt: a client that proves its address with a valid
// server cookie is never limited; its neighbours without one are.
func TestRRLCookieExempt(t *testing.T) {
	f := newRRLFixture(t, RateLimit{Rate: 5, Slip: 2})
	s := NewScratch()
	client := netip.MustParseAddr("192.0.2.1")
	resp, _ := f.h.Handle(s, Query{Packet: cookieQuery(t, false, "0102030405060708"), Client: client})
	_, c := responseCookie(t, resp)
	require.Len(t, c, 48)
	withCookie := cookieQuery(t, false, c)
	assert.Equal(t, tally{answered: 1000}, f.flood(t, withCookie, "192.0.2.1", false, 1000), "valid cookie")
	assert.Less(t, f.flood(t, withCookie, "192.0.2.2", false, 1000).answered, 20, "another address's cookie")
}

// TestRRLRandomNames: random names (the usual flood) share their zone's
// NXDOMAIN bucket, their delegation's referral bucket, or their
// wildcard's answer bucket.
func TestRRLRandomNames(t *testing.T) {
	for _, format := range []string{"r%d.fuzz.test.", "r%d.del.fuzz.test.", "r%d.wild.fuzz.test."} {
		f := newRRLFixture(t, RateLimit{Rate: 10, Slip: 0})
		s := NewScratch()
		answered := 0
		for i := range 200 {
			pkt := seedQuery(t, fmt.Sprintf(format, i), dns.TypeA)
			if resp, _ := f.h.Handle(s, Query{Packet: pkt, Client: netip.MustParseAddr("192.0.2.1")}); resp != nil {
				answered++
			}
		}
		assert.Equal(t, 10, answered, "%s: the burst of one bucket, then nothing (slip 0)", format)
	}
}

// TestRRLOff: rate 0 is no limiter at all.
func TestRRLOff(t *testing.T) {
	f := newRRLFixture(t, RateLimit{Rate: 0})
	assert.Nil(t, f.h.rrl)
	assert.Equal(t, tally{answered: 1000}, f.flood(t, seedQuery(t, "www.fuzz.test.", dns.TypeA), "192.0.2.1", false, 1000))
}

// TestRRLAllocatesNothing: answering, dropping and slipping allocate
// nothing.
func TestRRLAllocatesNothing(t *testing.T) {
	f := newRRLFixture(t, RateLimit{Rate: 1, Slip: 2})
	s := NewScratch()
	for _, pkt := range [][]byte{seedQuery(t, "www.fuzz.test.", dns.TypeA, withEDNS(1232, false)), seedQuery(t, "nothing.fuzz.test.", dns.TypeA)} {
		q := Query{Packet: pkt, Client: netip.MustParseAddr("2001:db8::1")}
		f.h.Handle(s, q)
		assert.Zero(t, testing.AllocsPerRun(100, func() { f.h.Handle(s, q) }))
	}
}

// TestRRLOnSockets: over real sockets, a burst of identical UDP queries
// from loopback gets about the rate answered and the rest slipped or
// dropped, while TCP from the same address is answered.
func TestRRLOnSockets(t *testing.T) {
	h := NewHandler(loadStore(t, map[string]string{"fuzz.test.zone": fuzzZone()}), nil, WithRateLimit(RateLimit{Rate: 5, Slip: 2}))
	addr := startHandler(t, h)
	conn, err := net.Dial("udp", addr.String())
	require.NoError(t, err)
	defer conn.Close()
	pkt := seedQuery(t, "www.fuzz.test.", dns.TypeA)
	const sent = 200
	for range sent {
		_, err := conn.Write(pkt)
		require.NoError(t, err)
	}
	var got tally
	buf := make([]byte, 1500)
	for {
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(300*time.Millisecond)))
		n, err := conn.Read(buf)
		if err != nil {
			break
		}
		var m dns.Msg
		require.NoError(t, m.Unpack(buf[:n]))
		if m.Truncated {
			got.slipped++
		} else {
			got.answered++
		}
	}
	t.Logf("%d sent: %+v", sent, got)
	assert.GreaterOrEqual(t, got.answered, 5)
	assert.Less(t, got.answered, 30, "the flood was limited")
	assert.Greater(t, got.slipped, 50, "every 2nd over the limit slipped")
	m := new(dns.Msg)
	m.SetQuestion("www.fuzz.test.", dns.TypeA)
	assert.Len(t, exchange(t, addr, "tcp", m).Answer, 2, "TCP is never limited")
}
