package resolver

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/netip"
	"time"

	"github.com/miekg/dns"
)

// TCPLimits bound what TCP clients can hold (RFC 7766 §6.2.3, §10: a
// server should limit connections and close idle ones, sooner when
// resources run short). Zero fields take the defaults of DefaultTCPLimits.
type TCPLimits struct {
	// MaxConns is how many connections are open at once. A new one past
	// it takes the place of the idlest idle connection.
	MaxConns int
	// MaxPerClient is how many of them one client (an IPv4 address or an
	// IPv6 /64) holds; its new one past it replaces its own idlest.
	MaxPerClient int
	// IdleTimeout closes a connection that waits this long for a query.
	IdleTimeout time.Duration
	// BusyIdleTimeout replaces IdleTimeout once BusyPercent of MaxConns
	// are open.
	BusyIdleTimeout time.Duration
	BusyPercent     int
	// ReadTimeout is the budget of one message, from its first byte to
	// its last: a slow sender cannot keep a connection past it.
	ReadTimeout time.Duration
	// WriteTimeout bounds the writing of one answer.
	WriteTimeout time.Duration
	// MaxQueries closes a connection after that many queries.
	MaxQueries int
	// AcceptBackoff and MaxAcceptBackoff are the first and longest pauses
	// after a failed accept (out of file descriptors), doubling between.
	AcceptBackoff    time.Duration
	MaxAcceptBackoff time.Duration
}

// DefaultTCPLimits are the limits of a server built without WithTCPLimits.
func DefaultTCPLimits() TCPLimits {
	return TCPLimits{
		MaxConns:         512,
		MaxPerClient:     64,
		IdleTimeout:      10 * time.Second,
		BusyIdleTimeout:  time.Second,
		BusyPercent:      75,
		ReadTimeout:      2 * time.Second,
		WriteTimeout:     10 * time.Second,
		MaxQueries:       1000,
		AcceptBackoff:    5 * time.Millisecond,
		MaxAcceptBackoff: time.Second,
	}
}

// withDefaults fills the zero fields of l from DefaultTCPLimits.
func (l TCPLimits) withDefaults() TCPLimits {
	d := DefaultTCPLimits()
	pick := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	pickD := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	pick(&l.MaxConns, d.MaxConns)
	pick(&l.MaxPerClient, d.MaxPerClient)
	pick(&l.BusyPercent, d.BusyPercent)
	pick(&l.MaxQueries, d.MaxQueries)
	pickD(&l.IdleTimeout, d.IdleTimeout)
	pickD(&l.BusyIdleTimeout, d.BusyIdleTimeout)
	pickD(&l.ReadTimeout, d.ReadTimeout)
	pickD(&l.WriteTimeout, d.WriteTimeout)
	pickD(&l.AcceptBackoff, d.AcceptBackoff)
	pickD(&l.MaxAcceptBackoff, d.MaxAcceptBackoff)
	l.MaxPerClient = min(l.MaxPerClient, l.MaxConns)
	l.BusyIdleTimeout = min(l.BusyIdleTimeout, l.IdleTimeout)
	return l
}

// busyAt is the connection count from which idle ones get the short
// timeout (at least 1).
func (l TCPLimits) busyAt() int { return max(1, l.MaxConns*min(l.BusyPercent, 100)/100) }

// acceptTCP accepts connections until the listener closes. A failing
// accept (EMFILE, ENFILE: out of descriptors) would fail again at once, so
// it pauses, doubling up to MaxAcceptBackoff; out of descriptors, each
// failure also closes the idlest connection idle past the busy timeout to
// give one back.
func (s *Server) acceptTCP() {
	defer s.wg.Done()
	var ep acceptEpisode
	for {
		c, err := s.tcp.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if outOfDescriptors(err) {
				s.conns.evictStale()
			}
			if !s.pause(ep.failed(s, err)) {
				return
			}
			continue
		}
		ep.succeeded(s)
		s.startTCP(c)
	}
}

// acceptEpisode is a run of failing accepts, logged once when it starts
// and once when it ends. Out of descriptors, failures and successes
// alternate (each eviction lets one accept through), so the episode ends
// only at a success that comes s.acceptQuiet after the last failure.
type acceptEpisode struct {
	delay    time.Duration // the next pause; 0 after a success
	failures int           // in this episode; 0 outside one
	last     time.Time     // of the last failure
}

// failed records a failed accept and returns how long to pause.
func (e *acceptEpisode) failed(s *Server, err error) time.Duration {
	if e.failures == 0 {
		s.log.Warn("TCP accept failing; backing off until it succeeds", "err", err)
	}
	e.failures++
	e.last = time.Now()
	if e.delay == 0 {
		e.delay = s.lim.AcceptBackoff
	} else {
		e.delay = min(2*e.delay, s.lim.MaxAcceptBackoff)
	}
	return e.delay
}

// succeeded records a successful accept, ending the episode if it is
// past the quiet time.
func (e *acceptEpisode) succeeded(s *Server) {
	e.delay = 0
	if e.failures > 0 && time.Since(e.last) >= s.acceptQuiet {
		s.log.Info("TCP accept recovered", "failed_accepts", e.failures)
		e.failures = 0
	}
}

// pause waits d, or less when Shutdown begins; it reports whether to go on.
func (s *Server) pause(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.done:
		return false
	}
}

// startTCP counts c in the connection table and serves it, or closes it
// when every connection it could replace is mid-answer.
func (s *Server) startTCP(c net.Conn) {
	client := addrOf(c.RemoteAddr())
	tc := s.conns.admit(c, client)
	if tc == nil {
		c.Close()
		return
	}
	s.wg.Add(1)
	go s.serveTCP(tc, client)
}

// addrOf is the IP address of a connection's peer.
func addrOf(a net.Addr) netip.Addr {
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.AddrPort().Addr()
	}
	ap, _ := netip.ParseAddrPort(a.String())
	return ap.Addr()
}

// serveTCP answers the queries of one connection in order (RFC 7766),
// closing it when idle, evicted, after MaxQueries, or on any framing error.
// A connection holds answering memory (a Scratch and a 64 KiB message
// buffer) only while it answers: idle ones cost their goroutine alone,
// so a client holding hundreds of them does not grow the server.
func (s *Server) serveTCP(tc *tcpConn, client netip.Addr) {
	defer s.wg.Done()
	defer s.conns.release(tc)
	defer tc.c.Close()
	var sampled sampler
	for range s.lim.MaxQueries {
		if !s.conns.idle(tc) {
			return
		}
		n, ok := s.readLen(tc)
		if !ok {
			return
		}
		w := s.tcpWork.Get().(*tcpWork)
		ok = s.answerTCP(tc, client, w, n, &sampled)
		s.tcpWork.Put(w)
		if !ok {
			return
		}
	}
}

// tcpWork is the memory a TCP connection answers one message with.
type tcpWork struct {
	scratch *Scratch
	buf     []byte
}

func newTCPWork() any { return &tcpWork{scratch: NewScratch(), buf: make([]byte, dns.MaxMsgSize)} }

// answerTCP reads the n-byte message whose length was read and writes
// its answer (or streams its zone transfer); false ends the connection.
func (s *Server) answerTCP(tc *tcpConn, client netip.Addr, w *tcpWork, n int, sampled *sampler) bool {
	c := tc.c
	if _, err := io.ReadFull(c, w.buf[:n]); err != nil {
		return false
	}
	resp, xfr := s.handler.Handle(w.scratch, Query{Packet: w.buf[:n], Client: client, TCP: true})
	if resp == nil {
		return true
	}
	s.queryLog.record(sampled, w.buf[:n], resp, client, true)
	s.queryLog.flush(sampled)
	_ = c.SetWriteDeadline(time.Now().Add(s.lim.WriteTimeout))
	if xfr != nil {
		if err := s.handler.Transfer(w.scratch, xfr, func(msg []byte) error { return writeFramed(c, msg) }); err != nil {
			s.log.Debug("zone transfer aborted", "zone", xfr.Origin, "client", client, "err", err)
			return false
		}
		return true
	}
	return writeFramed(c, resp) == nil
}

// readLen reads the length prefix of the next message. The wait for its
// first byte is the idle timeout; from that byte on, the whole message
// (which answerTCP reads) has ReadTimeout to arrive, and the connection
// is busy (not evicted).
func (s *Server) readLen(tc *tcpConn) (int, bool) {
	var lenbuf [2]byte
	got, _ := tc.c.Read(lenbuf[:])
	if got == 0 || !s.conns.start(tc) {
		return 0, false
	}
	if got < 2 {
		if _, err := io.ReadFull(tc.c, lenbuf[got:]); err != nil {
			return 0, false
		}
	}
	return int(binary.BigEndian.Uint16(lenbuf[:])), true
}

func writeFramed(c net.Conn, msg []byte) error {
	var lenbuf [2]byte
	binary.BigEndian.PutUint16(lenbuf[:], uint16(len(msg)))
	_, err := (&net.Buffers{lenbuf[:], msg}).WriteTo(c)
	return err
}
