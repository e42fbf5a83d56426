package cmd

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/r53d/r53d/config"
)

// reloader reloads the zones directory named on the command line,
// logging warnings; config.Reloader keeps the last good version of what
// fails.
type reloader struct {
	dir string
	cfg *config.Reloader
	log *slog.Logger
	// status, when set, receives the outcome of every load, for the
	// admin server's /readyz.
	status *reloadStatus
}

func (r *reloader) load() error {
	res, err := r.reload()
	if r.status != nil {
		r.status.record(time.Now(), res, err)
	}
	if err != nil {
		return err
	}
	return res.Err()
}

// reload loads the directory; its error means nothing was published.
func (r *reloader) reload() (config.Result, error) {
	fsys, display, err := zonesDir(r.dir)
	if err != nil {
		return config.Result{}, fmt.Errorf("zones directory: %w", err)
	}
	res, err := r.cfg.Reload(fsys, display)
	for _, d := range res.Warnings {
		r.log.Warn(d.Error())
	}
	return res, err
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
