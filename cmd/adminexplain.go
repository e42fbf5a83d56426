package cmd

import (
	"errors"
	"fmt"
	"html/template"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/explain"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
)

// explainRoutes serve explanations with the live health of this server:
//
//	GET /api/explain?name=&type=&client=&subnet=   the JSON of r53d explain --json
//	GET /explain?…                                  the same, as a page for people
//
// type defaults to A; client is the socket address, or ADDR/PREFIX for a
// client subnet as r53d explain --client reads it (default 192.0.2.1);
// subnet is an EDNS Client Subnet sent from client. seed repeats random
// draws; unhealthy and healthy (repeatable) force checks for what-if.
type explainRoutes struct {
	store   *zones.Store
	monitor *healthcheck.Monitor
	locator geo.Locator
}

func (e explainRoutes) register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/explain", func(w http.ResponseWriter, r *http.Request) {
		ex, err := e.explain(r)
		if err != nil {
			writeAdminError(w, http.StatusBadRequest, err.Error())
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_ = ex.WriteJSON(w)
	})
	mux.HandleFunc("GET /explain", func(w http.ResponseWriter, r *http.Request) {
		ex, err := e.explain(r)
		w.Header().Set("Cache-Control", "no-store")
		if err != nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintln(w, err)
			return
		}
		var text strings.Builder
		_ = ex.WriteText(&text)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = explainPage.Execute(w, map[string]any{"Q": ex.Question.Name + " " + dns.Type(ex.Question.Type).String(),
			"Client": ex.Client.String(), "Text": text.String(), "JSON": "/api/explain?" + r.URL.RawQuery})
	})
}

var explainPage = template.Must(template.New("explain").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>explain {{.Q}}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#16191f}pre{font-size:13px;background:#f8f8f8;padding:1em;overflow-x:auto}</style></head><body>
<p><a href="/">status</a> · <a href="{{.JSON}}">JSON</a></p>
<h1>{{.Q}} for {{.Client}}</h1><pre id="explanation">{{.Text}}</pre></body></html>
`))

// explain answers the question of a request with live health.
func (e explainRoutes) explain(r *http.Request) (*explain.Explanation, error) {
	q := r.URL.Query()
	name := q.Get("name")
	if name == "" {
		return nil, errors.New("name is required: /api/explain?name=www.example.com&type=A")
	}
	typ := q.Get("type")
	if typ == "" {
		typ = "A"
	}
	qtype, ok := dns.StringToType[strings.ToUpper(typ)]
	if !ok {
		return nil, fmt.Errorf("type: unknown record type %q", typ)
	}
	client, err := explainClient(q)
	if err != nil {
		return nil, err
	}
	seed := rand.Uint64()
	if s := q.Get("seed"); s != "" {
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
	}
	snap := e.monitor.Snapshot()
	health := liveHealth(r.Host, time.Now().UTC().Format(time.RFC3339))
	routing := answer.Routing{Health: snap, Locator: e.locator}
	if forced, err := e.forced(q); err != nil {
		return nil, err
	} else if len(forced) > 0 {
		routing.Health = explain.WhatIf{Base: snap, Forced: forced}
		health = explain.ForcedHealth(health, forced)
	}
	ex := explain.Run(e.store.View(), &routing, answer.Question{Name: dns.Fqdn(name), Type: qtype}, client, seed)
	ex.Health = health
	return ex, nil
}

// explainClient reads client and subnet.
func explainClient(q url.Values) (explain.Client, error) {
	given := q.Get("client")
	if given == "" {
		given = "192.0.2.1"
		if q.Get("subnet") != "" {
			given = "127.0.0.1" // a resolver on this host, as r53d explain --client ADDR/PREFIX
		}
	}
	client, err := explain.ParseClient(given)
	if err != nil {
		return client, fmt.Errorf("client: %w", err)
	}
	if s := q.Get("subnet"); s != "" {
		if client.ECS.IsValid() {
			return client, errors.New("client is a subnet already: give client=ADDR with subnet=PREFIX")
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return client, fmt.Errorf("subnet: %w", err)
		}
		client.ECS = p.Masked()
	}
	return client, nil
}

// forced are the what-if statuses of a request; their ids must be checks
// of this server.
func (e explainRoutes) forced(q url.Values) (explain.Statuses, error) {
	forced := explain.Statuses{}
	for _, f := range []struct {
		param   string
		healthy bool
	}{{"unhealthy", false}, {"healthy", true}} {
		for _, id := range q[f.param] {
			if _, ok := e.monitor.Status(id); !ok {
				return nil, fmt.Errorf("%s %s: no such health check on this server (GET /api/healthchecks lists them)", f.param, id)
			}
			forced[id] = f.healthy
		}
	}
	return forced, nil
}
