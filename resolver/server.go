package resolver

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
)

// Timeouts of the TCP transport (RFC 7766 §6.2.3: servers should close
// idle connections; a few seconds is the common choice).
const (
	tcpIdleTimeout  = 10 * time.Second
	tcpWriteTimeout = 10 * time.Second
	tcpMaxQueries   = 1000
	maxTCPConns     = 512
)

// Server serves one Handler on a UDP socket and a TCP listener bound to the
// same address.
type Server struct {
	handler *Handler
	log     *slog.Logger
	udp     *net.UDPConn
	tcp     *net.TCPListener
	wg      sync.WaitGroup // TCP acceptor and connections
	udpWG   sync.WaitGroup // UDP workers
	conns   chan struct{}  // TCP connection slots
	mu      sync.Mutex
	open    map[net.Conn]struct{}
	closing atomic.Bool // set by Shutdown: connections end after their current answer
}

// Listen binds UDP and TCP on addr ("127.0.0.1:1053"; port 0 picks one
// free port for both).
func Listen(addr string, h *Handler, log *slog.Logger) (*Server, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		// A host name such as localhost:1053: resolve it once.
		ta, rerr := net.ResolveTCPAddr("tcp", addr)
		if rerr != nil {
			return nil, fmt.Errorf("listen address %q: want IP:port: %w", addr, rerr)
		}
		ap = ta.AddrPort()
	}
	for range 20 {
		tl, err := net.ListenTCP("tcp", net.TCPAddrFromAddrPort(ap))
		if err != nil {
			return nil, fmt.Errorf("listen tcp %s: %w", addr, err)
		}
		port := tl.Addr().(*net.TCPAddr).AddrPort().Port()
		ul, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(ap.Addr(), port)))
		if err != nil {
			tl.Close()
			if ap.Port() == 0 {
				continue // the kernel's TCP port was taken for UDP: try another
			}
			return nil, fmt.Errorf("listen udp %s: %w", addr, err)
		}
		return &Server{handler: h, log: log, udp: ul, tcp: tl,
			conns: make(chan struct{}, maxTCPConns), open: map[net.Conn]struct{}{}}, nil
	}
	return nil, fmt.Errorf("listen %s: no port free for both UDP and TCP", addr)
}

// Addr is the address both transports are bound to.
func (s *Server) Addr() netip.AddrPort { return s.udp.LocalAddr().(*net.UDPAddr).AddrPort() }

// Serve answers until Shutdown. It starts the workers and returns at once.
func (s *Server) Serve() {
	workers := max(2, 2*runtime.GOMAXPROCS(0))
	for range workers {
		s.udpWG.Add(1)
		go s.serveUDP()
	}
	s.wg.Add(1)
	go s.acceptTCP()
}

func (s *Server) acceptTCP() {
	defer s.wg.Done()
	for {
		c, err := s.tcp.AcceptTCP()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		select {
		case s.conns <- struct{}{}:
		default:
			c.Close() // at capacity: shed rather than queue
			continue
		}
		s.track(c, true)
		s.wg.Add(1)
		go s.serveTCP(c)
	}
}

func (s *Server) track(c net.Conn, add bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		s.open[c] = struct{}{}
	} else {
		delete(s.open, c)
	}
}

// serveTCP answers the queries of one connection in order (RFC 7766),
// closing it when idle, after tcpMaxQueries, or on any framing error.
func (s *Server) serveTCP(c *net.TCPConn) {
	defer s.wg.Done()
	defer func() { <-s.conns }()
	defer s.track(c, false)
	defer c.Close()
	client := c.RemoteAddr().(*net.TCPAddr).AddrPort().Addr()
	scratch := NewScratch()
	buf := make([]byte, dns.MaxMsgSize)
	var lenbuf [2]byte
	for range tcpMaxQueries {
		if s.closing.Load() {
			return
		}
		_ = c.SetReadDeadline(time.Now().Add(tcpIdleTimeout))
		if _, err := io.ReadFull(c, lenbuf[:]); err != nil {
			return
		}
		n := int(binary.BigEndian.Uint16(lenbuf[:]))
		if _, err := io.ReadFull(c, buf[:n]); err != nil {
			return
		}
		resp, xfr := s.handler.Handle(scratch, Query{Packet: buf[:n], Client: client, TCP: true})
		if resp == nil {
			continue
		}
		_ = c.SetWriteDeadline(time.Now().Add(tcpWriteTimeout))
		if xfr != nil {
			if err := s.handler.Transfer(scratch, xfr, func(msg []byte) error { return writeFramed(c, msg) }); err != nil {
				s.log.Debug("zone transfer aborted", "zone", xfr.Origin, "client", client, "err", err)
				return
			}
			continue
		}
		if err := writeFramed(c, resp); err != nil {
			return
		}
	}
}

func writeFramed(c net.Conn, msg []byte) error {
	var lenbuf [2]byte
	binary.BigEndian.PutUint16(lenbuf[:], uint16(len(msg)))
	_, err := (&net.Buffers{lenbuf[:], msg}).WriteTo(c)
	return err
}

// Shutdown stops accepting queries, lets the ones in flight finish (until
// ctx ends, when open connections are closed), and returns.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closing.Store(true)
	s.tcp.Close()
	// A read deadline in the past ends each UDP worker at its next read,
	// after the answer it is working on has been written.
	_ = s.udp.SetReadDeadline(time.Now())
	s.udpWG.Wait()
	s.udp.Close()
	s.mu.Lock()
	for c := range s.open {
		// Idle connections end now; one mid-query finishes its answer
		// because only the read side has a deadline.
		_ = c.SetReadDeadline(time.Now())
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for c := range s.open {
			c.Close()
		}
		s.mu.Unlock()
		<-done
		return ctx.Err()
	}
}
