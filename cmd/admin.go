package cmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
)

// adminServer is the admin HTTP endpoint: a status page for people, health
// checks and overrides, Prometheus metrics from r53d's own registry, and a
// liveness probe.
type adminServer struct {
	srv *http.Server
	ln  net.Listener
}

func startAdmin(addr string, store *zones.Store, mon *healthcheck.Monitor, reg *prometheus.Registry, log *slog.Logger) (*adminServer, error) {
	mux := http.NewServeMux()
	mon.Routes(mux)
	mux.HandleFunc("GET /", statusHandler(store, mon))
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintln(w, "ok")
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--admin %s: %w", addr, err)
	}
	a := &adminServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}, ln: ln}
	go func() {
		if err := a.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("admin server stopped", "err", err)
		}
	}()
	return a, nil
}

func (a *adminServer) Addr() string { return a.ln.Addr().String() }

func (a *adminServer) shutdown(ctx context.Context) error { return a.srv.Shutdown(ctx) }

// newRegistry is r53d's own registry (never the global one), with the Go
// runtime and process collectors.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}
