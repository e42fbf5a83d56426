package cmd

import (
	"errors"
	"fmt"
	"log/slog"
	"path"
	"strings"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
)

// reloader loads the zones directory into the store. A file that fails to
// load keeps its last good version serving; the rest are replaced.
type reloader struct {
	dir   string
	store *zones.Store
	log   *slog.Logger
	last  *zones.Generation
	// monitor, when set, probes the health checks of each generation.
	monitor *healthcheck.Monitor
}

func (r *reloader) load() error {
	fsys, display, err := zonesDir(r.dir)
	if err != nil {
		return fmt.Errorf("zones directory: %w", err)
	}
	fresh, diags := zones.LoadDir(fsys, display)
	for _, d := range diags.Warnings() {
		r.log.Warn(d.Error())
	}
	errs := diags.Errors()
	if len(errs) > 0 && r.last == nil {
		return fmt.Errorf("zones did not load:\n%w", errs)
	}
	if len(errs) > 0 {
		fresh = r.keepLastGood(fresh, errs)
	}
	if len(fresh.Zones) == 0 {
		return errors.New("no zones to serve: the directory has no *.zone, *.json or *.yaml zone files")
	}
	if r.monitor != nil {
		r.monitor.Update(fresh.HealthChecks) // before the zones that use them
	}
	if err := r.store.Publish(fresh); err != nil {
		return err
	}
	r.last = fresh
	if len(errs) > 0 {
		return fmt.Errorf("%d error(s); what those files define keeps its last good version:\n%w", len(errs), errs)
	}
	return nil
}

// keepLastGood puts back, from the last generation, every zone and side
// file that failed to load this time: a zone whose origin failed, or one
// made of a file that did (an error in an $INCLUDE counts for its zone).
func (r *reloader) keepLastGood(fresh *zones.Generation, errs zones.Diagnostics) *zones.Generation {
	broken := map[string]bool{}
	for _, d := range errs {
		broken[d.File] = true
		broken[path.Base(d.File)] = true
	}
	failed := map[string]bool{}
	for _, f := range fresh.Failed {
		failed[f.Origin] = true
		for _, file := range f.Files {
			broken[file] = true
		}
	}
	have := map[string]bool{}
	for _, z := range fresh.Zones {
		have[z.Origin] = true
	}
	out := *fresh
	for _, z := range r.last.Zones {
		if !have[z.Origin] && (failed[z.Origin] || anyBroken(broken, z.File)) {
			out.Zones = append(out.Zones, z)
		}
	}
	if sideBroken(broken, "health-checks") {
		out.HealthChecks = r.last.HealthChecks
	}
	if sideBroken(broken, "cidr-collections") {
		out.CIDR = r.last.CIDR
	}
	if sideBroken(broken, "latency") {
		out.Latency = r.last.Latency
	}
	return &out
}

// anyBroken: a zone made of several files ("a.zone+a.json") is kept when
// any of them broke.
func anyBroken(broken map[string]bool, files string) bool {
	for _, f := range strings.Split(files, "+") {
		if broken[f] {
			return true
		}
	}
	return false
}

func sideBroken(broken map[string]bool, base string) bool {
	for _, ext := range []string{".json", ".yaml", ".yml"} {
		if broken[base+ext] {
			return true
		}
	}
	return false
}

func (r *reloader) describe() string {
	if r.last == nil {
		return ""
	}
	names := make([]string, len(r.last.Zones))
	for i, z := range r.last.Zones {
		names[i] = z.Origin
	}
	return strings.Join(names, ",")
}
