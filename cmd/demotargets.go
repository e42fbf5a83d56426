package cmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// demoTargets are the load-balancer targets the demo's aws-resources.yaml
// registers: small HTTP servers on loopback that the demo starts, so the
// target health checks have something to probe. Each answers 200 with
// who it is.
var demoTargets = []struct {
	Addr, Name string
}{
	{"127.0.0.1:18081", "web-use1-a (us-east-1a)"},
	{"127.0.0.1:18082", "web-use1-b (us-east-1b)"},
	{"127.0.0.1:18083", "web-euw1-a (eu-west-1a)"},
	{"127.0.0.1:18084", "web-euw1-b (eu-west-1b)"},
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
		body := fmt.Sprintf("hello from %s\n", t.Name)
		srv := &http.Server{
			Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = fmt.Fprint(w, body)
			}),
			ReadHeaderTimeout: 5 * time.Second,
		}
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
