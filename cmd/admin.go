package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
)

// adminOptions configure the admin server beyond what it serves.
type adminOptions struct {
	Addr string
	// Token, when set, is the bearer token every request but /healthz
	// and /readyz must carry. Without one the server must listen on
	// loopback only.
	Token string
	// Hosts are names, besides the listen address, that clients may use
	// in Host (a DNS name of the machine, a proxy's name).
	Hosts []string
	// APIAuth says the Route 53 API authenticates its own requests
	// (--iam): its paths are then not asked for the bearer token.
	APIAuth  bool
	Timeouts adminTimeouts
}

// adminTimeouts bound how long a client may hold a connection: without
// them a client that sends half a body keeps its connection, and a
// goroutine, forever.
type adminTimeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

func defaultAdminTimeouts() adminTimeouts {
	return adminTimeouts{ReadHeader: 5 * time.Second, Read: 10 * time.Second, Write: 30 * time.Second, Idle: 60 * time.Second}
}

// adminSources are what the admin server reports on and acts on.
type adminSources struct {
	Store   *zones.Store
	Monitor *healthcheck.Monitor
	Reg     *prometheus.Registry
	Reloads *reloadStatus
	Log     *slog.Logger
	// Locator is the GeoIP database explanations use (nil: none).
	Locator geo.Locator
	// API, when set, is the Route 53 API, mounted under /2013-04-01/.
	API routeMounter
	// GeoIP, when set, serves /simulate pictures.
	GeoIP *geo.DB
}

// adminServer is the admin HTTP endpoint: a status page for people, health
// checks and overrides, Prometheus metrics from r53d's own registry, and
// liveness and readiness probes.
type adminServer struct {
	srv *http.Server
	ln  net.Listener
}

func startAdmin(opts adminOptions, src adminSources) (*adminServer, error) {
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("--admin %s: %w", opts.Addr, err)
	}
	bound := ln.Addr().(*net.TCPAddr).AddrPort().Addr().Unmap()
	if opts.Token == "" && !bound.IsLoopback() {
		ln.Close()
		return nil, fmt.Errorf("--admin %s listens on %s, which is not loopback: give --admin-token-file", opts.Addr, bound)
	}
	// The probes stay open: a load balancer or an orchestrator reads them
	// without a token. They say whether r53d runs and serves what its
	// files say, and name failed zones (which DNS shows anyway).
	guard := authGuard{open: map[string]bool{"/healthz": true, "/readyz": true}}
	if opts.Token != "" {
		guard.schemes = map[string]authScheme{"bearer": newBearerToken(opts.Token)}
	}
	switch {
	case src.API != nil && !apiAllowed(bound, opts.APIAuth):
		src.Log.Warn("the Route 53 API is off: --admin is not loopback and there is no --iam to say who may change zones", "admin", opts.Addr)
		src.API = nil
	case src.API != nil && !opts.APIAuth && opts.Token != "":
		src.Log.Warn("the Route 53 API asks for the admin bearer token, which AWS clients cannot send: give --iam FILE to use it")
	}
	if opts.APIAuth && src.API != nil {
		guard.selfAuth = apiPrefix
	}
	handler := newHostGuard(opts.Addr, bound, opts.Hosts).wrap(guard.wrap(adminMux(src)))
	t := opts.Timeouts
	if t == (adminTimeouts{}) {
		t = defaultAdminTimeouts()
	}
	a := &adminServer{ln: ln, srv: &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(src.Log.Handler(), slog.LevelDebug),
	}}
	go func() {
		if err := a.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			src.Log.Error("admin server stopped", "err", err)
		}
	}()
	return a, nil
}

// adminMux routes the admin server's requests; the Route 53 API has a
// mux of its own, since its catch-all for unknown operations would
// conflict with the status page's "GET /".
// apiAllowed says whether the Route 53 API may run on an admin port bound
// to addr: off loopback only with IAM users (signed requests). An admin
// token is no substitute: AWS clients cannot send it.
func apiAllowed(addr netip.Addr, iamUsers bool) bool {
	return iamUsers || addr.IsLoopback()
}

func adminMux(src adminSources) http.Handler {
	mux := http.NewServeMux()
	src.Monitor.Routes(mux)
	mux.HandleFunc("GET /", statusHandler(src.Store, src.Monitor, src.Reloads))
	mux.Handle("GET /metrics", promhttp.HandlerFor(src.Reg, promhttp.HandlerOpts{Registry: src.Reg}))
	mux.HandleFunc("GET /healthz", healthzHandler)
	explainRoutes{store: src.Store, monitor: src.Monitor, locator: src.Locator}.register(mux)
	mux.HandleFunc("GET /readyz", readyzHandler(src.Reloads))
	mux.HandleFunc("GET /simulate", simulateHandler(src.Store, src.Monitor, src.GeoIP))
	if src.API == nil {
		return mux
	}
	api := http.NewServeMux()
	src.API.Routes(api)
	limited := limitAPI(api)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, apiPrefix) {
			limited.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func (a *adminServer) Addr() string { return a.ln.Addr().String() }

func (a *adminServer) shutdown(ctx context.Context) error { return a.srv.Shutdown(ctx) }

// writeAdminError answers like the health-check API does: {"error": msg}.
func writeAdminError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// newRegistry is r53d's own registry (never the global one), with the Go
// runtime and process collectors.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}
