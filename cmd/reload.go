package cmd

import (
	"fmt"
	"log/slog"
	"runtime/debug"
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
	restore := loadingGC()
	res, err := r.cfg.Reload(fsys, display)
	restore()
	// A load leaves garbage about the size of what it built (the parsed
	// text, the builder's lists), and the Go heap keeps such pages until
	// it grows again: hand them back now, while queries already read the
	// new zones, so the server's resident memory is what it serves.
	go debug.FreeOSMemory()
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

// loadGCPercent is the GC percent while loading: a load allocates about as
// much again as it keeps (the parsed text, the builder's lists), and
// collecting at every doubling of the heap costs a fifth of a large
// zone's load time for little memory, since most of it stays live.
const loadGCPercent = 300

// loadingGC collects less often until the returned function restores the
// setting; GOGC=off, or a higher GOGC, is left alone.
func loadingGC() (restore func()) {
	prev := debug.SetGCPercent(loadGCPercent)
	if prev < 0 || prev >= loadGCPercent {
		debug.SetGCPercent(prev)
	}
	return func() { debug.SetGCPercent(prev) }
}
