package resolver

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// tcpConn is one accepted connection as the table sees it. Its fields
// other than c and client are guarded by the table's mutex.
type tcpConn struct {
	c       net.Conn
	client  netip.Prefix // the client it counts against (clientKey)
	last    time.Time    // end of the last answer, or the accept
	busy    bool         // a message is arriving or being answered
	removed bool         // evicted or released: no longer counted
}

// connTable counts open TCP connections, globally and per client, so one
// client cannot take them all (RFC 7766 §6.1: servers may limit the
// connections one client holds and close idle ones when resources run
// short). A new connection at a limit takes the place of the idlest idle
// one rather than being refused; a connection mid-answer is never evicted.
type connTable struct {
	lim       TCPLimits
	now       func() time.Time
	metrics   *Metrics // may be nil
	mu        sync.Mutex
	conns     map[*tcpConn]struct{}
	perClient map[netip.Prefix]int
	closing   bool // set by Shutdown: idle connections end at once
}

// longAgo is a read deadline that has passed: the read ends at once.
var longAgo = time.Unix(1, 0)

func newConnTable(lim TCPLimits, now func() time.Time, m *Metrics) *connTable {
	return &connTable{lim: lim, now: now, metrics: m, conns: map[*tcpConn]struct{}{}, perClient: map[netip.Prefix]int{}}
}

// clientKey is what the per-client limit counts by: the IPv4 address, or
// the IPv6 /64 (one host, or one household's LAN, usually holds one /64;
// privacy addresses rotate inside it).
func clientKey(a netip.Addr) netip.Prefix {
	a = a.Unmap()
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p
}

// admit counts c, evicting the client's own idlest connection at the
// per-client limit or the idlest of all at the global limit. It returns
// nil when every candidate is mid-answer: the caller closes c.
func (t *connTable) admit(c net.Conn, client netip.Addr) *tcpConn {
	key := clientKey(client)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing {
		return nil
	}
	if t.perClient[key] >= t.lim.MaxPerClient && !t.evictIdlest(func(tc *tcpConn) bool { return tc.client == key }) ||
		len(t.conns) >= t.lim.MaxConns && !t.evictIdlest(nil) {
		t.metrics.tcpRefused()
		return nil
	}
	tc := &tcpConn{c: c, client: key, last: t.now()}
	t.conns[tc] = struct{}{}
	t.perClient[key]++
	t.metrics.tcpOpened()
	if len(t.conns) == t.lim.busyAt() {
		t.shortenIdle()
	}
	return tc
}

// evictIdlest closes the idle connection (matching match, when set)
// whose last activity is oldest, and reports whether there was one.
func (t *connTable) evictIdlest(match func(*tcpConn) bool) bool {
	var victim *tcpConn
	for tc := range t.conns {
		if tc.busy || (match != nil && !match(tc)) {
			continue
		}
		if victim == nil || tc.last.Before(victim.last) {
			victim = tc
		}
	}
	if victim == nil {
		return false
	}
	t.remove(victim)
	victim.c.Close()
	t.metrics.tcpEvicted()
	return true
}

// evictStale closes the idlest connection idle for at least the busy
// idle timeout, if any: called when the process is out of descriptors, so
// the accept after it can succeed. A connection just accepted keeps that
// long to send its query, else each accept would evict the one before.
func (t *connTable) evictStale() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	cutoff := t.now().Add(-t.lim.BusyIdleTimeout)
	return t.evictIdlest(func(tc *tcpConn) bool { return !tc.last.After(cutoff) })
}

func (t *connTable) remove(tc *tcpConn) {
	if tc.removed {
		return
	}
	tc.removed = true
	delete(t.conns, tc)
	t.metrics.tcpClosed()
	if t.perClient[tc.client]--; t.perClient[tc.client] <= 0 {
		delete(t.perClient, tc.client)
	}
}

// release uncounts tc when its connection ends (a no-op once evicted).
func (t *connTable) release(tc *tcpConn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.remove(tc)
}

// idleTimeout is how long an idle connection may wait for its next query:
// shorter once the table is busy, so waiting clients free their slots.
func (t *connTable) idleTimeout() time.Duration {
	if len(t.conns) >= t.lim.busyAt() {
		return t.lim.BusyIdleTimeout
	}
	return t.lim.IdleTimeout
}

// shortenIdle moves the read deadline of every idle connection to the
// busy idle timeout after its last activity, when the table becomes busy.
func (t *connTable) shortenIdle() {
	for tc := range t.conns {
		if !tc.busy {
			_ = tc.c.SetReadDeadline(tc.last.Add(t.lim.BusyIdleTimeout))
		}
	}
}

// idle marks tc as waiting for its next query and sets its read deadline
// (under the mutex, so shortenIdle and Shutdown cannot be overwritten).
// It returns false when tc should end: evicted or shutting down.
func (t *connTable) idle(tc *tcpConn) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tc.removed || t.closing {
		return false
	}
	tc.busy = false
	tc.last = t.now()
	_ = tc.c.SetReadDeadline(tc.last.Add(t.idleTimeout()))
	return true
}

// start marks tc busy once the first byte of a message has arrived: the
// rest of it must come within the read budget, and it is no longer
// evicted. It returns false when tc was evicted before.
func (t *connTable) start(tc *tcpConn) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tc.removed {
		return false
	}
	tc.busy = true
	_ = tc.c.SetReadDeadline(t.now().Add(t.lim.ReadTimeout))
	return true
}

// shutdown ends every idle connection now; busy ones end after their
// current answer, when idle refuses them.
func (t *connTable) shutdown() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closing = true
	for tc := range t.conns {
		if !tc.busy {
			_ = tc.c.SetReadDeadline(longAgo)
		}
	}
}

// closeAll closes every connection still open (the drain ran out).
func (t *connTable) closeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for tc := range t.conns {
		tc.c.Close()
	}
}

// count is how many connections are open.
func (t *connTable) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.conns)
}
