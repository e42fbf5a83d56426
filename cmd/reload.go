package cmd

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/r53d/r53d/zones"
)

// reloader loads the zones directory into the store. A file that fails to
// load keeps its last good zone serving; the rest are replaced.
type reloader struct {
	dir   string
	store *zones.Store
	log   *slog.Logger
	last  []*zones.Zone
}

func (r *reloader) load() error {
	fsys, display, err := zonesDir(r.dir)
	if err != nil {
		return fmt.Errorf("zones directory: %w", err)
	}
	fresh, diags := zones.Load(fsys, display)
	for _, d := range diags.Warnings() {
		r.log.Warn(d.Error())
	}
	errs := diags.Errors()
	if len(errs) > 0 && r.last == nil {
		return fmt.Errorf("zones did not load:\n%w", errs)
	}
	broken := map[string]bool{}
	for _, d := range errs {
		broken[d.File] = true
	}
	have := map[string]bool{}
	for _, z := range fresh {
		have[z.Origin] = true
	}
	for _, z := range r.last {
		if broken[z.File] && !have[z.Origin] {
			fresh = append(fresh, z)
		}
	}
	if len(fresh) == 0 {
		return errors.New("no zones to serve: the directory has no *.zone files")
	}
	if err := r.store.Replace(fresh); err != nil {
		return err
	}
	r.last = fresh
	if len(errs) > 0 {
		return fmt.Errorf("%d error(s); the zones of those files keep their last good version:\n%w", len(errs), errs)
	}
	return nil
}

func (r *reloader) describe() string {
	names := make([]string, len(r.last))
	for i, z := range r.last {
		names[i] = z.Origin
	}
	return strings.Join(names, ",")
}
