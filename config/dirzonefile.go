package config

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/r53d/r53d/zones"
)

// zoneEdit is what one write of a zone's record-set file works on.
type zoneEdit struct {
	hz      *zones.HostedZone
	origin  string
	file    string   // the record-set file the API writes
	files   []string // every file of the zone, file included
	existed bool     // file was on disk
	text    []byte   // its text when it was
	meta    zones.ZoneMeta
	sets    []zones.ResourceRecordSet // file's record sets
}

// hostedZone finds a stored zone by id.
func (d *Dir) hostedZone(id string) (*zones.HostedZone, error) {
	var hz *zones.HostedZone
	err := d.store.Read(func(tx *zones.Txn) error {
		hz, _ = tx.ZoneByID(id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if hz == nil {
		return nil, noSuchZone(id)
	}
	return hz, nil
}

func noSuchZone(id string) *zones.Fault {
	return &zones.Fault{Code: "NoSuchHostedZone", Message: "No hosted zone found with ID: " + id}
}

// editableFile is the record-set file of a zone the API writes: the one
// named after the zone, else the first record-set file it is made of,
// else (a zone of master files only) <zone>.json beside them.
func editableFile(origin string, files []string) string {
	base := strings.TrimSuffix(origin, ".")
	var first string
	for _, f := range files {
		if zones.Classify(f) != zones.RecordSetFile {
			continue
		}
		if strings.TrimSuffix(f, path.Ext(f)) == base {
			return f
		}
		if first == "" {
			first = f
		}
	}
	if first != "" {
		return first
	}
	return base + ".json"
}

// openZoneEdit reads what a write of the zone with id needs, refusing
// when any of its files changed since the load.
func (d *Dir) openZoneEdit(st *dirState, id string) (*zoneEdit, error) {
	hz, err := d.hostedZone(id)
	if err != nil {
		return nil, err
	}
	e := &zoneEdit{hz: hz, origin: hz.Zone.Origin, files: slices.Clone(st.zoneFiles[hz.Zone.Origin])}
	e.file = editableFile(e.origin, e.files)
	own := slices.Contains(e.files, e.file)
	if !own {
		e.files = append(e.files, e.file)
	}
	var data []byte
	for _, f := range e.files {
		text, present, err := d.current(st, f)
		if err != nil {
			return nil, err
		}
		if f == e.file {
			data, e.existed = text, present
		}
	}
	if e.existed && !own {
		return nil, invalidInput("zone %s is defined in %s, and %s, where r53d would write its record sets, is not part of it; rename one of them",
			e.origin, strings.Join(st.zoneFiles[e.origin], ", "), e.file)
	}
	e.meta = hz.Zone.Meta
	if e.existed {
		if err := rewritable(e.file, data); err != nil {
			return nil, err
		}
		meta, sets, diags := zones.ParseRecordSetsFile(e.file, data)
		if errs := diags.Errors(); len(errs) > 0 {
			return nil, invalidInput("%s does not load; fix it by hand first: %s", e.file, strings.ReplaceAll(errs.Error(), "\n", "; "))
		}
		e.meta, e.sets, e.text = meta, sets, data
	}
	// A zone written by hand gets its metadata on its first API write,
	// with the id it has been served under.
	e.meta.ID = hz.ID
	return e, nil
}

// commitZone validates the zone with its record-set file replaced by sets
// (the loader's rules, with the directory's health checks and CIDR
// collections), then writes the file and publishes the zone. The change
// is recorded, and INSYNC when this returns.
func (d *Dir) commitZone(st *dirState, e *zoneEdit, comment string) (zones.ChangeInfo, error) {
	data, err := zones.MarshalRecordSetsFile(e.origin, e.meta, e.sets)
	if err != nil {
		return zones.ChangeInfo{}, fmt.Errorf("zone %s: %w", e.origin, err)
	}
	if isYAML(e.file) {
		if data, err = jsonToYAML(data); err != nil {
			return zones.ChangeInfo{}, fmt.Errorf("zone %s: %w", e.origin, err)
		}
	} else if e.existed {
		data = indentLike(e.text, data)
	}
	z, fault := d.buildZone(st, e.origin, e.files, e.file, data)
	if fault != nil {
		return zones.ChangeInfo{}, fault
	}
	change := d.changes.begin(d.opts.Now(), comment)
	sum, err := d.writeFile(e.file, data)
	if err != nil {
		d.changes.forget(change)
		return zones.ChangeInfo{}, err
	}
	next := st.clone()
	next.files[e.file] = sum
	next.zoneFiles[e.origin] = e.files
	d.state.Store(next)
	if err := d.publish(func(tx *zones.Txn) error {
		_, err := tx.PutZone(z)
		return err
	}); err != nil {
		d.changes.forget(change)
		return zones.ChangeInfo{}, fmt.Errorf("publish zone %s (written to %s; a reload will publish it): %w", e.origin, e.file, err)
	}
	return d.changes.done(change), nil
}

// buildZone loads the zone origin from its files, with file's text
// replaced by data, exactly as a reload would.
func (d *Dir) buildZone(st *dirState, origin string, files []string, file string, data []byte) (*zones.Zone, *zones.Fault) {
	var masters, recordSets []string
	for _, f := range files {
		switch zones.Classify(f) {
		case zones.MasterFile:
			masters = append(masters, f)
		case zones.RecordSetFile:
			recordSets = append(recordSets, f)
		}
	}
	limits := withDefaults(d.opts.Limits)
	limits.Cores = 1 // the queries keep the other cores
	fsys := overlayFS{FS: d.fsys(), name: file, data: data}
	zs, _, diags := zones.LoadZones(fsys, d.opts.Display, masters, recordSets, st.zoneRefs(origin), limits)
	if errs := diags.Errors(); len(errs) > 0 {
		return nil, invalidBatch(errs)
	}
	for _, z := range zs {
		if z.Origin == origin {
			return z, nil
		}
	}
	return nil, &zones.Fault{Code: "InvalidChangeBatch", Message: fmt.Sprintf("[%s would no longer define zone %s]", file, origin),
		Messages: []string{fmt.Sprintf("%s would no longer define zone %s", file, origin)}}
}

// lineRef is a loader message's reference to a line of the file ("(the
// first at line 40)"), which means nothing to a client.
var lineRef = regexp.MustCompile(` ?\((?:[^()]* )?line \d+\)`)

// recordThenRoute53 is a loader message that names its record set before
// a message of Route 53's own ("Tried to create an alias ..."), which
// names it already.
var recordThenRoute53 = regexp.MustCompile(`^RRSet with DNS name [^ ]+, type [A-Z0-9]+(?:, SetIdentifier "[^"]*")? (Tried to .*)$`)

// invalidBatch is Route 53's InvalidChangeBatch with the loader's
// messages, without their file and line: the client sent no file.
func invalidBatch(errs zones.Diagnostics) *zones.Fault {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = recordThenRoute53.ReplaceAllString(lineRef.ReplaceAllString(e.Message, ""), "$1")
	}
	return &zones.Fault{Code: "InvalidChangeBatch", Message: "[" + strings.Join(msgs, ", ") + "]", Messages: msgs}
}
