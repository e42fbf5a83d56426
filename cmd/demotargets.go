package cmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// demoTargets are the load-balancer targets the demo's aws-resources.yaml
// registers: small HTTP servers on loopback that the demo starts, so the
// target health checks have something to probe.
var demoTargets = []struct {
	Addr, Name string
}{
	{"127.0.0.1:18081", "web-use1-a (us-east-1a)"},
	{"127.0.0.1:18082", "web-use1-b (us-east-1b)"},
	{"127.0.0.1:18083", "web-euw1-a (eu-west-1a)"},
	{"127.0.0.1:18084", "web-euw1-b (eu-west-1b)"},
}

// demoTarget is one target's HTTP server: 200 with who it is while up,
// 503 once POST /down takes it down (ELB's probes then fail), until
// POST /up.
type demoTarget struct {
	name string
	down atomic.Bool
}

func newDemoTarget(name string) *demoTarget { return &demoTarget{name: name} }

func (d *demoTarget) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		switch r.URL.Path {
		case "/down":
			d.down.Store(true)
		case "/up":
			d.down.Store(false)
		default:
			http.NotFound(w, r)
			return
		}
	}
	if d.down.Load() {
		http.Error(w, d.name+" is down (POST /up to bring it back)", http.StatusServiceUnavailable)
		return
	}
	_, _ = fmt.Fprintf(w, "hello from %s\n", d.name)
}

// startDemoTargets starts the demo's targets. One whose port is taken
// (another r53d demo runs) is left out with a warning: its health checks
// then probe whatever listens there. stop shuts them down.
func startDemoTargets(log *slog.Logger) (stop func()) {
	var servers []*http.Server
	for _, t := range demoTargets {
		ln, err := net.Listen("tcp", t.Addr)
		if err != nil {
			log.Warn("demo target not started", "target", t.Name, "err", err)
			continue
		}
		srv := &http.Server{Handler: newDemoTarget(t.Name), ReadHeaderTimeout: 5 * time.Second}
		servers = append(servers, srv)
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Warn("demo target stopped", "target", t.Name, "err", err)
			}
		}()
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		for _, srv := range servers {
			_ = srv.Shutdown(ctx)
		}
	}
}
