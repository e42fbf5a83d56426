package cmd

import (
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/r53d/r53d/config"
)

// reloader reloads the zones directory named on the command line,
// logging warnings; config.Reloader keeps the last good version of what
// fails.
type reloader struct {
	dir string
	cfg *config.Reloader
	log *slog.Logger
	// settled is held from a load until its garbage is handed back.
	settled sync.Mutex
}

func (r *reloader) load() error {
	fsys, display, err := zonesDir(r.dir)
	if err != nil {
		return fmt.Errorf("zones directory: %w", err)
	}
	r.settled.Lock()
	restore := loadingGC()
	res, err := r.cfg.Reload(fsys, display)
	// A load leaves garbage about the size of what it built (the parsed
	// text, the builder's lists), and the Go heap keeps such pages until
	// it grows again: hand them back now, in the background while queries
	// already read the new zones, so the server's resident memory is what
	// it serves. The GC percent goes back only then: lowered at once, the
	// heap would be far over its goal and every allocating goroutine
	// would help mark the new zones before going on.
	go func() {
		defer r.settled.Unlock()
		debug.FreeOSMemory()
		restore()
	}()
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
