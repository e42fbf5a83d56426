package cmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"syscall"

	"github.com/r53d/r53d/resolver"
)

// defaultListen is where serve answers without --listen.
const defaultListen = "127.0.0.1:1053"

// listenFlag is --listen: the first one given replaces the default, each
// one after it adds an address.
type listenFlag struct {
	opts *ServeOptions
	set  bool
}

func (f *listenFlag) String() string {
	if f.opts == nil {
		return ""
	}
	return strings.Join(append([]string{f.opts.Listen}, f.opts.AlsoListen...), ",")
}

func (f *listenFlag) Set(v string) error {
	if !f.set {
		f.opts.Listen, f.set = v, true
		return nil
	}
	f.opts.AlsoListen = append(f.opts.AlsoListen, v)
	return nil
}

func (f *listenFlag) Type() string { return "address" }

// servers are the DNS servers of every --listen address, run as one.
type servers []*resolver.Server

// listenAll binds every --listen address, or none: a failure closes the
// ones already bound.
func listenAll(opts ServeOptions, h *resolver.Handler, log *slog.Logger, o ...resolver.ServerOption) (servers, error) {
	var out servers
	for _, addr := range append([]string{opts.Listen}, opts.AlsoListen...) {
		srv, err := resolver.Listen(addr, h, log, o...)
		if errors.Is(err, syscall.EADDRINUSE) {
			err = fmt.Errorf("--listen %s: the port is in use (another r53d or DNS server?); choose another with --listen", addr)
		}
		if err != nil {
			_ = out.Shutdown(context.Background())
			return nil, err
		}
		out = append(out, srv)
	}
	return out, nil
}

func (ss servers) Serve() {
	for _, s := range ss {
		s.Serve()
	}
}

// Addr is the first address, the one readiness reports.
func (ss servers) Addr() netip.AddrPort { return ss[0].Addr() }

// Addrs lists every address served, for the log.
func (ss servers) Addrs() string {
	var b []string
	for _, s := range ss {
		b = append(b, s.Addr().String())
	}
	return strings.Join(b, ",")
}

func (ss servers) Shutdown(ctx context.Context) error {
	var errs []error
	for _, s := range ss {
		errs = append(errs, s.Shutdown(ctx))
	}
	return errors.Join(errs...)
}
