package config

import (
	"strings"

	"github.com/r53d/r53d/zones"
)

// writeSide validates a side file's new text (JSON; written as YAML when
// the file is YAML) as the loader reads it, then writes it and records
// it in the directory state. It returns what the loader made of it, for
// the caller to publish.
func (d *Dir) writeSide(st *dirState, kind zones.FileKind, name string, data []byte) (*Generation, error) {
	if errs := st.sideBroken[kind]; len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		return nil, invalidInput("%s did not load; fix it by hand first (r53d would overwrite the edit): %s", name, strings.Join(msgs, "; "))
	}
	old, present, err := d.current(st, name)
	if err != nil {
		return nil, err
	}
	if present {
		if err := rewritable(name, old); err != nil {
			return nil, err
		}
	}
	if isYAML(name) {
		if data, err = jsonToYAML(data); err != nil {
			return nil, err
		}
	}
	side := &sideFiles{fsys: overlayFS{FS: d.fsys(), name: name, data: data}, show: func(n string) string { return n },
		maxSize: withDefaults(d.opts.Limits).FileSize, gen: &Generation{}}
	side.read(kind, name)
	if errs := side.diags.Errors(); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Message
		}
		return nil, invalidInput("%s", strings.Join(msgs, "; "))
	}
	sum, err := d.writeFile(name, data)
	if err != nil {
		return nil, err
	}
	next := st.clone()
	next.files[name] = sum
	next.sideFile[kind] = name
	delete(next.sideBroken, kind)
	d.state.Store(next)
	return side.gen, nil
}

// writeChecks validates checks as the loader reads the file, writes the
// file and publishes the checks; BeforePublish hands them to the prober
// inside the transaction, so a new check is probed at once.
func (d *Dir) writeChecks(st *dirState, checks []checkEntry) error {
	name := st.sideFile[zones.HealthChecks]
	if name == "" {
		name = healthChecksFile
	}
	if checks == nil {
		checks = []checkEntry{}
	}
	data, err := jsonDocument("HealthChecks", checks)
	if err != nil {
		return err
	}
	gen, err := d.writeSide(st, zones.HealthChecks, name, data)
	if err != nil {
		return err
	}
	next := d.state.Load().clone()
	next.checks = checks
	d.state.Store(next)
	return d.publish(func(tx *zones.Txn) error {
		if err := tx.ReplaceHealthChecks(gen.HealthChecks); err != nil {
			return err
		}
		if d.opts.BeforePublish == nil {
			return nil
		}
		all, err := tx.HealthChecks()
		if err == nil {
			d.opts.BeforePublish(all)
		}
		return err
	})
}

// writeCIDR validates, writes and publishes the collections.
func (d *Dir) writeCIDR(st *dirState, cidrs []cidrEntry) error {
	name := st.sideFile[zones.CIDRCollections]
	if name == "" {
		name = cidrCollectionsFile
	}
	if cidrs == nil {
		cidrs = []cidrEntry{}
	}
	for i := range cidrs {
		if cidrs[i].Locations == nil {
			cidrs[i].Locations = []cidrLocation{}
		}
	}
	data, err := jsonDocument("CidrCollections", cidrs)
	if err != nil {
		return err
	}
	gen, err := d.writeSide(st, zones.CIDRCollections, name, data)
	if err != nil {
		return err
	}
	next := d.state.Load().clone()
	next.cidrs = cidrs
	d.state.Store(next)
	return d.publish(func(tx *zones.Txn) error { return tx.ReplaceCIDRCollections(gen.CIDRCollections) })
}
