package resolver

import (
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeConn is a connection the table can close and set deadlines on.
type fakeConn struct {
	net.Conn
	closed   bool
	deadline time.Time
}

func (c *fakeConn) Close() error                      { c.closed = true; return nil }
func (c *fakeConn) SetReadDeadline(t time.Time) error { c.deadline = t; return nil }

// fakeClock advances one second per reading, so every connection has a
// distinct last-activity time.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { c.t = c.t.Add(time.Second); return c.t }

func newTestTable(lim TCPLimits) (*connTable, *fakeClock) {
	clk := &fakeClock{t: time.Unix(1_000_000, 0)}
	return newConnTable(lim.withDefaults(), clk.now, nil), clk
}

func TestConnTableEvictsTheIdlestAtCapacity(t *testing.T) {
	tbl, _ := newTestTable(TCPLimits{MaxConns: 3, MaxPerClient: 3})
	a := netip.MustParseAddr("192.0.2.1")
	conns := make([]*fakeConn, 3)
	tcs := make([]*tcpConn, 3)
	for i := range conns {
		conns[i] = &fakeConn{}
		tcs[i] = tbl.admit(conns[i], a)
		require.NotNil(t, tcs[i])
	}
	// The first connection answered a query last: the second is idlest.
	require.True(t, tbl.start(tcs[0]))
	require.True(t, tbl.idle(tcs[0]))

	newcomer := &fakeConn{}
	require.NotNil(t, tbl.admit(newcomer, netip.MustParseAddr("198.51.100.7")))
	assert.True(t, conns[1].closed, "the idlest connection makes room")
	assert.False(t, conns[0].closed)
	assert.False(t, conns[2].closed)
	assert.Equal(t, 3, tbl.count())
	assert.False(t, tbl.idle(tcs[1]), "an evicted connection ends at its next wait")
	tbl.release(tcs[1]) // its goroutine's release after eviction is a no-op
	assert.Equal(t, 3, tbl.count())
}

func TestConnTableNeverEvictsMidAnswer(t *testing.T) {
	tbl, _ := newTestTable(TCPLimits{MaxConns: 2, MaxPerClient: 2})
	a := netip.MustParseAddr("192.0.2.1")
	var held []*fakeConn
	for range 2 {
		c := &fakeConn{}
		tc := tbl.admit(c, a)
		require.NotNil(t, tc)
		require.True(t, tbl.start(tc), "a message is arriving")
		held = append(held, c)
	}
	assert.Nil(t, tbl.admit(&fakeConn{}, netip.MustParseAddr("198.51.100.7")), "every slot is mid-answer: refused")
	for _, c := range held {
		assert.False(t, c.closed)
	}
}

func TestConnTablePerClientLimit(t *testing.T) {
	tbl, _ := newTestTable(TCPLimits{MaxConns: 100, MaxPerClient: 2})
	// Two addresses of one IPv6 /64 are one client; another /64 is not.
	first := &fakeConn{}
	require.NotNil(t, tbl.admit(first, netip.MustParseAddr("2001:db8:1:1::1")))
	require.NotNil(t, tbl.admit(&fakeConn{}, netip.MustParseAddr("2001:db8:1:1::2")))
	require.NotNil(t, tbl.admit(&fakeConn{}, netip.MustParseAddr("2001:db8:1:2::1")))
	assert.False(t, first.closed)

	require.NotNil(t, tbl.admit(&fakeConn{}, netip.MustParseAddr("2001:db8:1:1:ffff::9")))
	assert.True(t, first.closed, "the client's third connection replaces its own idlest")
	assert.Equal(t, 2, tbl.perClient[netip.MustParsePrefix("2001:db8:1:1::/64")])
	assert.Equal(t, 3, tbl.count())

	// IPv4 counts by address, mapped or not.
	assert.Equal(t, clientKey(netip.MustParseAddr("::ffff:192.0.2.1")), clientKey(netip.MustParseAddr("192.0.2.1")))
	assert.NotEqual(t, clientKey(netip.MustParseAddr("192.0.2.2")), clientKey(netip.MustParseAddr("192.0.2.1")))
}

func TestConnTableShortensIdleWhenBusy(t *testing.T) {
	lim := TCPLimits{MaxConns: 4, MaxPerClient: 4, IdleTimeout: time.Minute, BusyIdleTimeout: time.Second, BusyPercent: 75}
	tbl, clk := newTestTable(lim)
	a := netip.MustParseAddr("192.0.2.1")
	var conns []*fakeConn
	var tcs []*tcpConn
	for range 2 {
		c := &fakeConn{}
		tc := tbl.admit(c, a)
		require.True(t, tbl.idle(tc))
		conns, tcs = append(conns, c), append(tcs, tc)
	}
	assert.Equal(t, tcs[0].last.Add(time.Minute), conns[0].deadline, "below 75%: the normal idle timeout")

	third := &fakeConn{}
	require.NotNil(t, tbl.admit(third, a))
	for i, c := range conns {
		assert.Equal(t, tcs[i].last.Add(time.Second), c.deadline, "at 75%%: idle connections get the short timeout")
	}
	require.True(t, tbl.idle(tcs[0]))
	assert.Equal(t, tcs[0].last.Add(time.Second), conns[0].deadline, "and so does each new wait")

	require.True(t, tbl.start(tcs[1]))
	assert.Equal(t, clk.t.Add(lim.withDefaults().ReadTimeout), conns[1].deadline,
		"a message arriving has the read budget from its first byte")
}

func TestTCPLimitsDefaults(t *testing.T) {
	l := TCPLimits{MaxConns: 10}.withDefaults()
	assert.Equal(t, 10, l.MaxConns)
	assert.Equal(t, 10, l.MaxPerClient, "capped at MaxConns")
	assert.Equal(t, 7, l.busyAt())
	d := TCPLimits{}.withDefaults()
	assert.Equal(t, DefaultTCPLimits(), d)
	assert.Less(t, d.ReadTimeout, d.IdleTimeout)
}

func TestConnTableEvictStaleSparesNewConnections(t *testing.T) {
	tbl, clk := newTestTable(TCPLimits{BusyIdleTimeout: 10 * time.Second})
	a := netip.MustParseAddr("192.0.2.1")
	old, fresh := &fakeConn{}, &fakeConn{}
	require.NotNil(t, tbl.admit(old, a))
	clk.t = clk.t.Add(time.Minute)
	require.NotNil(t, tbl.admit(fresh, a))
	assert.True(t, tbl.evictStale())
	assert.True(t, old.closed, "idle for a minute: its descriptor is given back")
	assert.False(t, tbl.evictStale(), "just accepted: kept to send its query")
	assert.False(t, fresh.closed)
}
