// Package config loads a zones directory into one generation — its zones,
// health checks, CIDR collections, latency table and AWS resources — and publishes it to
// the store of record, keeping the last good version of whatever failed.
package config

import (
	"fmt"
	"io/fs"
	"os"
	"path"

	"github.com/r53d/r53d/zones"
)

// Generation is one complete load of a zones directory: what a reload
// publishes at once, and where each part came from, so a reload can keep
// the last good version of what failed.
type Generation struct {
	zones.Generation
	// Failed lists the zones that did not load, with their files.
	Failed []zones.FailedZone
	// Side names the file each side kind came from ("" when there is none).
	Side map[zones.FileKind]string
	// Flows are the traffic policies and policy records read.
	Flows *Flows
	// Refused: the directory as a whole could not be loaded (unreadable,
	// or more files than the limit), so nothing of it may be published.
	Refused bool
}

// Load reads a zones directory (see LoadDir) and returns the zones that
// loaded.
func Load(fsys fs.FS, display string) ([]*zones.Zone, zones.Diagnostics) {
	gen, diags := LoadDir(fsys, display)
	return gen.Zones, diags
}

// Option changes how LoadDir loads.
type Option func(*options)

type options struct {
	limits zones.Limits
}

// WithLimits bounds the files and records of a load; a zero field takes
// its value from zones.DefaultLimits().
func WithLimits(l zones.Limits) Option {
	return func(o *options) { o.limits = withDefaults(l) }
}

func withDefaults(l zones.Limits) zones.Limits {
	d := zones.DefaultLimits()
	if l.RecordsPerZone <= 0 {
		l.RecordsPerZone = d.RecordsPerZone
	}
	if l.FileSize <= 0 {
		l.FileSize = d.FileSize
	}
	if l.Records <= 0 {
		l.Records = d.Records
	}
	if l.Files <= 0 {
		l.Files = d.Files
	}
	return l
}

// LoadDir reads a zones directory: *.zone master files, Route 53 record
// sets (*.json, *.yaml, *.yml), health-checks, cidr-collections,
// latency.yaml and aws-resources. display prefixes file names in diagnostics (the directory
// as the user named it). It returns what loaded and every problem found,
// ordered by position; a zone with an error is left out.
func LoadDir(fsys fs.FS, display string, opts ...Option) (*Generation, zones.Diagnostics) {
	o := options{limits: zones.DefaultLimits()}
	for _, opt := range opts {
		opt(&o)
	}
	show := func(name string) string {
		if display == "" {
			return name
		}
		return path.Join(display, name)
	}
	gen := &Generation{Side: map[zones.FileKind]string{}}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		gen.Refused = true
		return gen, zones.Diagnostics{{File: display, Rule: "read", Message: err.Error()}}
	}
	if d := tooManyFiles(entries, display, o.limits.Files); d != nil {
		gen.Refused = true
		return gen, zones.Diagnostics{*d}
	}
	side := &sideFiles{fsys: fsys, show: show, maxSize: o.limits.FileSize, gen: gen}
	var masters, recordSets, policies []string
	var instances string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := e.Name()
		switch kind := zones.Classify(name); kind {
		case zones.MasterFile:
			masters = append(masters, name)
		case zones.RecordSetFile:
			recordSets = append(recordSets, name)
		case zones.HealthChecks, zones.CIDRCollections, zones.LatencyTable, zones.AWSResources:
			gen.Side[kind] = show(name)
			side.read(kind, name)
		case zones.TrafficPolicy:
			policies = append(policies, name)
		case zones.TrafficPolicyInstances:
			instances = name
		}
	}
	side.trafficFlow(policies, instances)
	zs, failed, diags := zones.LoadZones(fsys, display, masters, recordSets, side.refs, o.limits)
	gen.Zones, gen.Failed = zs, failed
	diags = append(side.diags, diags...)
	diags.Sort()
	return gen, diags
}

// tooManyFiles reports a directory with more zone and side files than
// limit (<= 0: no limit), before any is read.
func tooManyFiles(entries []fs.DirEntry, display string, limit int) *zones.Diagnostic {
	n := 0
	for _, e := range entries {
		if !e.IsDir() && zones.Classify(e.Name()) != zones.OtherFile {
			n++
		}
	}
	if limit <= 0 || n <= limit {
		return nil
	}
	return &zones.Diagnostic{File: display, Rule: "limit",
		Message: fmt.Sprintf("%d zone and side files, more than the loader's limit of %d (raise --max-files)", n, limit)}
}

func (s *sideFiles) read(kind zones.FileKind, name string) {
	switch kind {
	case zones.HealthChecks:
		s.healthChecks(name)
	case zones.CIDRCollections:
		s.cidrCollections(name)
	case zones.LatencyTable:
		s.latency(name)
	case zones.AWSResources:
		s.awsResources(name)
	}
}

// OpenDir opens the zones directory dir.
func OpenDir(dir string) (fs.FS, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: fs.ErrInvalid}
	}
	return os.DirFS(dir), nil
}
