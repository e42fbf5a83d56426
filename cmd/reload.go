package cmd

import (
	"fmt"
	"log/slog"
	"net/netip"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/r53d/r53d/config"
)

// reloader reloads the zones directory named on the command line,
// logging warnings; config.Reloader keeps the last good version of what
// fails.
type reloader struct {
	dir string
	// listen is the DNS address, which the demo's demo-up check probes.
	listen netip.AddrPort
	cfg    *config.Reloader
	// zones, when set, loads dir instead of cfg: the directory the
	// Route 53 API writes, whose loads and writes take turns.
	zones *config.Dir
	log   *slog.Logger
	// status, when set, receives the outcome of every load, for the
	// admin server's /readyz.
	status *reloadStatus
	// settled is held from a load until its garbage is collected.
	settled    sync.Mutex
	loadedOnce bool // a load was tried: the next ones are reloads
}

func (r *reloader) load() error {
	res, err := r.timedReload()
	if err != nil {
		return err
	}
	return res.Err()
}

// start is the first load: serve starts with every zone that loaded, as
// Knot and NSD do, each file's errors logged with their position; the
// error says why nothing could be served (or, with --strict, that a file
// had an error).
func (r *reloader) start() error {
	res, err := r.timedReload()
	if err != nil {
		return err
	}
	for _, d := range res.Errors {
		r.log.Error(d.Error())
	}
	if len(res.Errors) > 0 {
		failed := make([]string, len(res.Failed))
		for i, f := range res.Failed {
			failed[i] = f.Origin
		}
		r.log.Warn("serving degraded: the files with errors are left out (--strict refuses to start instead)",
			"errors", len(res.Errors), "failed_zones", strings.Join(failed, ","))
	}
	return nil
}

// timedReload reloads and records the outcome and how long it took.
func (r *reloader) timedReload() (config.Result, error) {
	began := time.Now()
	res, err := r.reload()
	if r.status != nil {
		r.status.record(time.Now(), res, err)
		r.status.took(time.Since(began))
	}
	return res, err
}

// reload loads the directory; its error means nothing was published.
func (r *reloader) reload() (config.Result, error) {
	load, err := r.loader()
	if err != nil {
		return config.Result{}, err
	}
	r.settled.Lock()
	first := !r.loadedOnce
	r.loadedOnce = true
	restore := loadingGC()
	var out loadResult
	if first {
		out = load()
	} else {
		// Queries are being answered: the reload yields to them.
		out = atLowPriority(load)
	}
	go r.settle(first, restore)
	for _, d := range out.res.Warnings {
		r.log.Warn(d.Error())
	}
	return out.res, out.err
}

// loader is one load of the zones: through the Dir when the API writes
// the directory, else straight from it (or from the demo).
func (r *reloader) loader() (func() loadResult, error) {
	if r.zones != nil {
		return func() loadResult {
			res, err := r.zones.Reload()
			return loadResult{res, err}
		}, nil
	}
	fsys, display, err := zonesDir(r.dir, r.listen)
	if err != nil {
		return nil, fmt.Errorf("zones directory: %w", err)
	}
	return func() loadResult {
		res, err := r.cfg.Reload(fsys, display)
		return loadResult{res, err}
	}, nil
}

type loadResult struct {
	res config.Result
	err error
}

// settle collects a load's garbage, about the size of what it built (the
// parsed text, the builder's lists), so the server's resident memory is
// what it serves; it runs in the background while queries already read
// the new zones. The first load hands the pages back to the OS at once;
// after a reload the runtime's scavenger does it gradually, since handing
// back everything at once holds the heap lock long enough to stall
// queries. The GC percent goes back only then: lowered at once, the heap
// would be far over its goal and every allocating goroutine would help
// mark the new zones before going on.
func (r *reloader) settle(first bool, restore func()) {
	defer r.settled.Unlock()
	// Queries that began before the publish still hold the old zones:
	// let them finish, or the collection keeps those too.
	time.Sleep(settleDelay)
	if first {
		debug.FreeOSMemory()
	} else {
		runtime.GC()
	}
	restore()
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

// settleDelay is how long after a load its garbage is collected: far
// longer than any query takes.
const settleDelay = 200 * time.Millisecond

// loadGCPercent is the GC percent while loading. A load allocates about
// 1.6 times what it keeps (the parsed text, the builder's lists) and most
// of it stays live, so collecting while it runs frees little and takes a
// core from the parser: at 1000% a load collects about once, at the start,
// and its peak is about what it allocates (a 1,000,000-record zone: 383
// MB at 1000%, 377 MB at 300%, 10% faster).
const loadGCPercent = 1000

// loadingGC collects less often until the returned function restores the
// setting; GOGC=off, or a higher GOGC, is left alone.
func loadingGC() (restore func()) {
	prev := debug.SetGCPercent(loadGCPercent)
	if prev < 0 || prev >= loadGCPercent {
		debug.SetGCPercent(prev)
	}
	return func() { debug.SetGCPercent(prev) }
}
