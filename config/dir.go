package config

import (
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path"
	"sync"
	"sync/atomic"
	"time"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/resources"
	"github.com/r53d/r53d/zones"
)

// DefaultNameServers is the delegation set of zones created through the
// API when none is configured.
func DefaultNameServers() []string {
	return []string{"ns1.r53d.test.", "ns2.r53d.test.", "ns3.r53d.test.", "ns4.r53d.test."}
}

// DirOptions configure a Dir.
type DirOptions struct {
	// Limits, Strict and BeforePublish are the Reloader's (see there).
	// BeforePublish also receives the health checks after every API
	// change of them, inside the same transaction, so the prober starts
	// on a new check at once.
	Limits        zones.Limits
	Strict        bool
	BeforePublish func([]healthcheck.Check)
	// BeforePublishTargets is the Reloader's (see there).
	BeforePublishTargets func([]healthcheck.TargetCheck)
	// AllowEmpty loads a directory without zones as serving none (the
	// API creates the first), where Reloader would fail.
	AllowEmpty bool
	// NameServers is the delegation set of created zones (FQDNs);
	// empty: DefaultNameServers.
	NameServers []string
	// Display names the directory in diagnostics; empty: its path.
	Display string
	Now     func() time.Time // nil: time.Now
	Log     *slog.Logger     // nil: discard
}

// Dir is the zones directory as the API's backend, and the one place that
// loads it: reloads and API writes take turns under one lock, and every
// write lands in the directory's files (atomically) and in the store of
// record before it returns, so DNS answers it. A file changed by hand
// since the last load is never overwritten: the write fails until a
// reload has read it.
type Dir struct {
	path  string
	store *zones.Store
	opts  DirOptions
	rl    Reloader

	mu sync.Mutex // orders reloads and writes
	// clean: the last load published with no error, and every write
	// since was published too; last is that load's result.
	clean bool
	last  Result
	// deletedRefs are the CallerReferences of health checks deleted
	// since the start: Route 53 refuses to reuse them for a while.
	deletedRefs map[string]string

	state   atomic.Pointer[dirState]
	changes *changeLog
}

// dirState is what the last load (and the API writes since) know of the
// directory beside the store. Never modified once published: a write
// publishes a changed copy.
type dirState struct {
	files map[string]fileSum // every zone and side file, by name
	// zoneFiles names the files each zone (origin) is made of.
	zoneFiles map[string][]string
	checks    []checkEntry
	cidrs     []cidrEntry
	// sideFile names the file of each side kind ("" when there is none);
	// sideBroken holds its errors when it did not load.
	sideFile   map[zones.FileKind]string
	sideBroken map[zones.FileKind]zones.Diagnostics
	// resources are the AWS resources the last load declared, which
	// aliases written through the API are checked against.
	resources *resources.Set
	// flows are the traffic policies and policy records; never nil.
	flows *Flows
}

// NewDir opens the zones directory dirPath as the backend of store. It
// does not load it: call Reload.
func NewDir(dirPath string, store *zones.Store, opts DirOptions) (*Dir, error) {
	if _, err := OpenDir(dirPath); err != nil {
		return nil, fmt.Errorf("zones directory: %w", err)
	}
	if len(opts.NameServers) == 0 {
		opts.NameServers = DefaultNameServers()
	}
	if opts.Display == "" {
		opts.Display = dirPath
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	d := &Dir{path: dirPath, store: store, opts: opts, changes: newChangeLog(maxChanges), deletedRefs: map[string]string{}}
	d.rl = Reloader{Store: store, BeforePublish: opts.BeforePublish, BeforePublishTargets: opts.BeforePublishTargets, Limits: opts.Limits, Strict: opts.Strict, AllowEmpty: opts.AllowEmpty}
	d.state.Store(&dirState{files: map[string]fileSum{}, zoneFiles: map[string][]string{},
		sideFile: map[zones.FileKind]string{}, sideBroken: map[zones.FileKind]zones.Diagnostics{}, flows: &Flows{Files: map[string]string{}}})
	return d, nil
}

// Path is the directory's path.
func (d *Dir) Path() string { return d.path }

// Reload loads the directory and publishes it as Reloader.Reload does,
// keeping the last good version of what fails, and remembers what it read
// so that the API's next writes can tell a hand edit made since.
func (d *Dir) Reload() (Result, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.clean && d.unchanged() {
		// The watcher's reload after an API write: the store holds
		// exactly what the files say.
		return d.last, nil
	}
	rec := newRecordingFS(os.DirFS(d.path))
	var fresh *Generation
	d.rl.onLoad = func(g *Generation) { fresh = g }
	res, err := d.rl.Reload(rec, d.opts.Display)
	d.rl.onLoad = nil
	// Even when nothing could be published (no zone at all yet, say),
	// writes must compare the files with what this load read.
	if fresh != nil && !fresh.Refused {
		d.state.Store(d.stateAfterLoad(rec, fresh, res))
	}
	d.clean, d.last = err == nil && len(res.Errors) == 0, res
	return res, err
}

// show is how diagnostics name a file of the directory.
func (d *Dir) show(name string) string { return path.Join(d.opts.Display, name) }

// stateAfterLoad builds the directory state of a load from what the
// loader read.
func (d *Dir) stateAfterLoad(rec *recordingFS, gen *Generation, res Result) *dirState {
	prev := d.state.Load()
	st := &dirState{files: rec.sums(), zoneFiles: map[string][]string{},
		sideFile: map[zones.FileKind]string{}, sideBroken: map[zones.FileKind]zones.Diagnostics{},
		resources: gen.Resources}
	byShow := map[string]string{}
	for name := range st.files {
		byShow[d.show(name)] = name
	}
	names := func(shown []string) []string {
		out := make([]string, 0, len(shown))
		for _, s := range shown {
			if n, ok := byShow[s]; ok {
				out = append(out, n)
			}
		}
		return out
	}
	for _, z := range gen.Zones {
		st.zoneFiles[z.Origin] = names(z.Files)
	}
	for _, f := range gen.Failed {
		st.zoneFiles[f.Origin] = names(f.Files)
	}
	errs := map[string]zones.Diagnostics{}
	for _, e := range res.Errors {
		errs[e.File] = append(errs[e.File], e)
	}
	for kind, shown := range gen.Side {
		st.sideFile[kind] = byShow[shown]
		if len(errs[shown]) > 0 {
			st.sideBroken[kind] = errs[shown]
		}
	}
	st.checks, st.cidrs, st.flows = prev.checks, prev.cidrs, prev.flows
	if gen.Flows != nil {
		st.flows = gen.Flows
	}
	if name := st.sideFile[zones.HealthChecks]; name == "" {
		st.checks = nil
	} else if checks, err := parseCheckEntries(name, rec.content(name)); err != nil {
		st.sideBroken[zones.HealthChecks] = append(st.sideBroken[zones.HealthChecks], zones.Diagnostic{File: d.show(name), Message: err.Error()})
	} else {
		st.checks = checks
	}
	if name := st.sideFile[zones.CIDRCollections]; name == "" {
		st.cidrs = nil
	} else if cidrs, err := parseCIDREntries(name, rec.content(name)); err != nil {
		st.sideBroken[zones.CIDRCollections] = append(st.sideBroken[zones.CIDRCollections], zones.Diagnostic{File: d.show(name), Message: err.Error()})
	} else {
		st.cidrs = cidrs
	}
	return st
}

// clone returns a copy of st for a write to change.
func (st *dirState) clone() *dirState {
	c := *st
	c.files = maps.Clone(st.files)
	c.zoneFiles = maps.Clone(st.zoneFiles)
	c.sideFile = maps.Clone(st.sideFile)
	c.sideBroken = maps.Clone(st.sideBroken)
	return &c
}

// refs is what record sets may refer to: the checks and collections the
// directory defines now.
func (st *dirState) refs() zones.Refs {
	r := zones.Refs{HealthChecks: map[string]bool{}, Collections: map[string]map[string]bool{}, Resources: st.resources}
	for _, c := range st.checks {
		r.HealthChecks[c.ID] = true
	}
	for _, c := range st.cidrs {
		locs := map[string]bool{}
		for _, l := range c.Locations {
			locs[l.LocationName] = true
		}
		r.Collections[c.ID] = locs
	}
	return r
}

// fsys is the directory as the loader reads it.
func (d *Dir) fsys() fs.FS { return os.DirFS(d.path) }

// unchanged reports whether every zone and side file is as the last load
// read it (or an API write wrote it), and no other has appeared.
func (d *Dir) unchanged() bool {
	st := d.state.Load()
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if _, known := st.files[e.Name()]; !known && !e.IsDir() && zones.Classify(e.Name()) != zones.OtherFile {
			return false
		}
	}
	for name, was := range st.files {
		_, now, present, err := sumOf(d.path, name)
		if err != nil || !present || !was.read || now.sum != was.sum {
			return false
		}
	}
	return true
}

// publish runs fn in a store transaction after a write. If it fails, the
// files say more than the store holds: the next reload must load them.
func (d *Dir) publish(fn func(*zones.Txn) error) error {
	err := d.store.Update(fn)
	if err != nil {
		d.clean = false
	}
	return err
}
