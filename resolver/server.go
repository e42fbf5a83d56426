package resolver

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"runtime"
	"sync"
	"time"
)

// Server serves one Handler on a UDP socket and a TCP listener bound to the
// same address.
type Server struct {
	handler *Handler
	log     *slog.Logger
	lim     TCPLimits
	udp     *net.UDPConn
	tcp     net.Listener   // an interface, so tests can make Accept fail
	conns   *connTable     // open TCP connections
	wg      sync.WaitGroup // TCP acceptor and connections
	udpWG   sync.WaitGroup // UDP workers
	done    chan struct{}  // closed by Shutdown
	// acceptQuiet is how long accept must not fail before a failing
	// episode is over (and logged as such).
	acceptQuiet time.Duration
	stop        sync.Once // closes done
	queryLog    *QueryLog // nil: no query log
	tcpWork     sync.Pool // *tcpWork, lent to a TCP connection per message
}

// ServerOption configures a Server at Listen.
type ServerOption func(*Server)

// WithTCPLimits sets the TCP connection limits; zero fields keep their
// defaults (DefaultTCPLimits).
func WithTCPLimits(l TCPLimits) ServerOption { return func(s *Server) { s.lim = l } }

// WithQueryLog hands every answered query to l (which samples and writes
// them off the serving path).
func WithQueryLog(l *QueryLog) ServerOption { return func(s *Server) { s.queryLog = l } }

// Listen binds UDP and TCP on addr ("127.0.0.1:1053"; port 0 picks one
// free port for both).
func Listen(addr string, h *Handler, log *slog.Logger, opts ...ServerOption) (*Server, error) {
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
		s := &Server{handler: h, log: log, udp: ul, tcp: tl, done: make(chan struct{}), acceptQuiet: time.Minute,
			tcpWork: sync.Pool{New: newTCPWork}}
		for _, o := range opts {
			o(s)
		}
		s.lim = s.lim.withDefaults()
		s.conns = newConnTable(s.lim, time.Now, h.metrics)
		return s, nil
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

// Shutdown stops accepting queries, lets the ones in flight finish (until
// ctx ends, when open connections are closed), and returns.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stop.Do(func() { close(s.done) })
	s.tcp.Close()
	// A read deadline in the past ends each UDP worker at its next read,
	// after the answer it is working on has been written.
	_ = s.udp.SetReadDeadline(time.Now())
	s.udpWG.Wait()
	s.udp.Close()
	s.conns.shutdown()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.conns.closeAll()
		<-done
		return ctx.Err()
	}
}
