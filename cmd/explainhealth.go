package cmd

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/explain"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// liveHealthTimeout bounds the wait for a running server's health: explain
// is interactive, and a server that does not answer in a second is treated
// as no server.
const liveHealthTimeout = time.Second

// explainHealth is the health view of r53d explain and how its output
// names it: live health from the admin API when a server answers there,
// else every check healthy, with --unhealthy and --healthy forced on top.
func explainHealth(opts ExplainOptions, gen *config.Generation) (policy.Health, explain.Health, error) {
	base, health, live, err := baseHealth(opts)
	if err != nil {
		return nil, explain.Health{}, err
	}
	if missing := notOnServer(gen, live); len(missing) > 0 {
		// The server serves another directory: its health says nothing
		// of these, which count healthy.
		health.Summary += fmt.Sprintf("; not checked by that server, counted healthy: %s", strings.Join(missing, ", "))
	}
	forced := explain.Statuses{}
	for _, f := range []struct {
		flag    string
		ids     []string
		healthy bool
	}{{"--unhealthy", opts.Unhealthy, false}, {"--healthy", opts.Healthy, true}} {
		for _, id := range f.ids {
			if err := knownCheck(id, gen, live, opts.Admin); err != nil {
				return nil, explain.Health{}, fmt.Errorf("%s %s: %w", f.flag, id, err)
			}
			forced[id] = f.healthy
		}
	}
	for _, id := range opts.Unhealthy {
		if slices.Contains(opts.Healthy, id) {
			return nil, explain.Health{}, fmt.Errorf("--unhealthy and --healthy both name %s", id)
		}
	}
	if len(forced) == 0 {
		return base, health, nil
	}
	return explain.WhatIf{Base: base, Forced: forced}, explain.ForcedHealth(health, forced), nil
}

// baseHealth reads live health from opts.Admin. live lists the server's
// checks (nil when no server answered).
func baseHealth(opts ExplainOptions) (policy.Health, explain.Health, []healthcheck.Status, error) {
	if opts.Admin == "" {
		return nil, explain.Health{Source: "assumed", Summary: `assumed healthy: live health not asked for (--admin "")`}, nil, nil
	}
	h := HealthOptions{Admin: opts.Admin, TokenFile: opts.TokenFile, Client: &http.Client{Timeout: liveHealthTimeout}}
	var list []healthcheck.Status
	err := h.call(http.MethodGet, "/api/healthchecks", nil, &list)
	if ue, ok := errors.AsType[*url.Error](err); ok {
		why := "no answer"
		if oe, ok := errors.AsType[*net.OpError](ue.Err); ok {
			why = oe.Err.Error()
		} else if ue.Timeout() {
			why = "no answer within " + liveHealthTimeout.String()
		}
		return nil, explain.Health{Source: "assumed", Admin: opts.Admin,
			Summary: fmt.Sprintf("assumed healthy: no server at %s (%s); every check counts healthy", opts.Admin, why)}, nil, nil
	}
	if err != nil {
		return nil, explain.Health{}, nil, fmt.Errorf("live health from --admin %s: %w (--admin '' assumes every check healthy instead)", opts.Admin, err)
	}
	at := time.Now().UTC().Format(time.RFC3339)
	statuses := explain.Statuses{}
	for _, st := range list {
		statuses[st.ID] = st.Status == healthcheck.Healthy
	}
	if list == nil {
		list = []healthcheck.Status{}
	}
	return statuses, liveHealth(opts.Admin, at), list, nil
}

// notOnServer lists the health checks and load-balancer targets of the
// zones directory that the server answering live health does not have
// (none when no server answered), sorted.
func notOnServer(gen *config.Generation, live []healthcheck.Status) []string {
	if live == nil {
		return nil
	}
	server := map[string]bool{}
	for _, st := range live {
		server[st.ID] = true
	}
	missing := map[string]bool{}
	for _, c := range gen.HealthChecks {
		missing[c.ID] = !server[c.ID]
	}
	for _, tc := range gen.Resources.TargetChecks() {
		missing[tc.ID] = !server[tc.ID]
	}
	maps.DeleteFunc(missing, func(_ string, m bool) bool { return !m })
	return slices.Sorted(maps.Keys(missing))
}

// liveHealth names the live health of the server at admin, read at at.
func liveHealth(admin, at string) explain.Health {
	return explain.Health{Source: "live", Admin: admin, At: at, Summary: fmt.Sprintf("live health from %s at %s", admin, at)}
}

// knownCheck says whether id is a health check of the zones directory or
// of the running server, and lists both when it is neither.
func knownCheck(id string, gen *config.Generation, live []healthcheck.Status, admin string) error {
	files := map[string]bool{}
	for _, c := range gen.HealthChecks {
		files[c.ID] = true
	}
	targets := map[string]bool{}
	for _, tc := range gen.Resources.TargetChecks() {
		targets[tc.ID] = true
	}
	server := map[string]bool{}
	for _, st := range live {
		server[st.ID] = true
	}
	if files[id] || targets[id] || server[id] {
		return nil
	}
	var where []string
	src := gen.Side[zones.HealthChecks]
	if src == "" {
		src = "the zones directory (no health-checks file)"
	}
	where = append(where, fmt.Sprintf("%s: %s", src, listOrNone(files)))
	if len(targets) > 0 {
		where = append(where, fmt.Sprintf("load-balancer targets of %s: %s", gen.Side[zones.AWSResources], listOrNone(targets)))
	}
	if live != nil {
		where = append(where, fmt.Sprintf("the server at %s: %s", admin, listOrNone(server)))
	}
	return fmt.Errorf("no such health check; known ids: %s", strings.Join(where, "; "))
}

func listOrNone(ids map[string]bool) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(slices.Sorted(maps.Keys(ids)), ", ")
}
