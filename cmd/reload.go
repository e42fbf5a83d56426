package cmd

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/r53d/r53d/config"
)

// reloader reloads the zones directory named on the command line,
// logging warnings; config.Reloader keeps the last good version of what
// fails.
type reloader struct {
	dir string
	cfg *config.Reloader
	log *slog.Logger
}

func (r *reloader) load() error {
	fsys, display, err := zonesDir(r.dir)
	if err != nil {
		return fmt.Errorf("zones directory: %w", err)
	}
	res, err := r.cfg.Reload(fsys, display)
	for _, d := range res.Warnings {
		r.log.Warn(d.Error())
	}
	if err != nil {
		return err
	}
	return res.Err()
}

// describe names the zones being served, for the log.
func (r *reloader) describe() string {
	zs := r.cfg.Store.View().All()
	names := make([]string, len(zs))
	for i, z := range zs {
		names[i] = z.Origin
	}
	return strings.Join(names, ",")
}
