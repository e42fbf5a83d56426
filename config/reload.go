package config

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
)

// Reloader loads a zones directory into the store of record, again and
// again. A file that fails to load keeps its last good version serving —
// the zones made of it, or the side data it defines — and the rest are
// replaced, all in one transaction.
type Reloader struct {
	Store *zones.Store
	// BeforePublish, when set, receives the health checks of the
	// generation about to be published, before any query can see the
	// zones that use them. It runs inside the transaction, as its last
	// step: the loader's side data was checked, so the commit follows.
	BeforePublish func([]healthcheck.Check)
	// BeforePublishTargets, when set, receives the load-balancer targets
	// of the AWS resources about to be published, in the same way.
	BeforePublishTargets func([]healthcheck.TargetCheck)
	// Limits bound what master files may expand to; zero means
	// zones.DefaultLimits().
	Limits zones.Limits
	// Strict makes the first load all or nothing, as it was for CI: any
	// error and nothing is published. Otherwise the first load publishes
	// every zone that loaded, as Knot and NSD start.
	Strict bool
	// AllowEmpty publishes a directory without zone files (and without
	// errors) as no zones, instead of failing: the API can create the
	// first zone of a new directory.
	AllowEmpty bool
	loaded     bool // a generation was published: errors keep its parts
	// onLoad, when set, sees each load's generation (Dir keeps what the
	// files define beside the store).
	onLoad func(*Generation)
}

// Result is what one reload did.
type Result struct {
	Warnings zones.Diagnostics
	// Errors are the problems of the files whose last good version (if
	// any) kept serving.
	Errors zones.Diagnostics
	// Failed are the zones that did not load this time.
	Failed []zones.FailedZone
}

// Reload loads the directory and publishes it. It fails, publishing
// nothing, when no zone would be served, when the directory as a whole was
// refused, or (Strict) when the first load has errors; otherwise it
// publishes and returns the errors of what kept its last good version, or
// of what is left out on a first load.
func (r *Reloader) Reload(fsys fs.FS, display string) (Result, error) {
	limits := r.Limits
	if r.loaded {
		// Serving already: the load takes one core, the queries the rest.
		limits.Cores = 1
	}
	fresh, diags := LoadDir(fsys, display, WithLimits(limits))
	if r.onLoad != nil {
		r.onLoad(fresh)
	}
	res := Result{Warnings: diags.Warnings(), Errors: diags.Errors(), Failed: fresh.Failed}
	if fresh.Refused {
		return res, fmt.Errorf("zones directory not loaded:\n%w", res.Errors)
	}
	if len(res.Errors) > 0 && !r.loaded && r.Strict {
		return res, fmt.Errorf("zones did not load:\n%w", res.Errors)
	}
	err := r.Store.Update(func(tx *zones.Txn) error {
		if err := apply(tx, fresh, res.Errors); err != nil {
			return err
		}
		if hz, _, err := tx.ListZones("", 1); err != nil {
			return err
		} else if len(hz) == 0 && len(res.Errors) > 0 {
			return fmt.Errorf("no zone loaded, nothing to serve:\n%w", res.Errors)
		} else if len(hz) == 0 && !r.AllowEmpty {
			return errors.New("no zones to serve: the directory has no *.zone, *.json or *.yaml zone files")
		}
		return r.beforePublish(tx)
	})
	if err != nil {
		return res, err
	}
	r.loaded = true
	return res, nil
}

// beforePublish hands the health checks and targets about to be
// published to the prober.
func (r *Reloader) beforePublish(tx *zones.Txn) error {
	if r.BeforePublishTargets != nil {
		set, err := tx.Resources()
		if err != nil {
			return err
		}
		r.BeforePublishTargets(set.TargetChecks())
	}
	if r.BeforePublish == nil {
		return nil
	}
	checks, err := tx.HealthChecks()
	if err == nil {
		r.BeforePublish(checks)
	}
	return err
}

// apply writes fresh into tx, keeping what tx holds for every zone and side
// file that failed this time: a zone whose origin failed, or one made of a
// file that did (an error in an $INCLUDE counts for its zone).
func apply(tx *zones.Txn, fresh *Generation, errs zones.Diagnostics) error {
	broken := brokenFiles(fresh, errs)
	failed := map[string]bool{}
	for _, f := range fresh.Failed {
		failed[f.Origin] = true
	}
	keep := map[string]bool{}
	for _, z := range fresh.Zones {
		keep[z.Origin] = true
	}
	stored, _, err := tx.ListZones("", 0)
	if err != nil {
		return err
	}
	for _, hz := range stored {
		if failed[hz.Zone.Origin] || anyBroken(broken, hz.Zone.Files) {
			keep[hz.Zone.Origin] = true
		}
	}
	if err := tx.DeleteZonesExcept(keep); err != nil {
		return err
	}
	for _, z := range fresh.Zones {
		if _, err := tx.PutZone(z); err != nil {
			return err
		}
	}
	return applySide(tx, fresh, broken)
}

// applySide replaces each kind of side data unless its file broke.
func applySide(tx *zones.Txn, fresh *Generation, broken map[string]bool) error {
	if !broken[fresh.Side[zones.HealthChecks]] {
		if err := tx.ReplaceHealthChecks(fresh.HealthChecks); err != nil {
			return err
		}
	}
	if !broken[fresh.Side[zones.CIDRCollections]] {
		if err := tx.ReplaceCIDRCollections(fresh.CIDRCollections); err != nil {
			return err
		}
	}
	if !broken[fresh.Side[zones.LatencyTable]] {
		if err := tx.SetLatency(fresh.Latency); err != nil {
			return err
		}
	}
	if !broken[fresh.Side[zones.AWSResources]] {
		return tx.SetResources(fresh.Resources)
	}
	return nil
}

// brokenFiles is every file with an error, as diagnostics name files.
func brokenFiles(fresh *Generation, errs zones.Diagnostics) map[string]bool {
	broken := map[string]bool{}
	for _, d := range errs {
		broken[d.File] = true
	}
	for _, f := range fresh.Failed {
		for _, file := range f.Files {
			broken[file] = true
		}
	}
	delete(broken, "") // a side kind with no file never broke
	return broken
}

func anyBroken(broken map[string]bool, files []string) bool {
	for _, f := range files {
		if broken[f] {
			return true
		}
	}
	return false
}

// Err is the reload's errors as one error, nil when there were none.
func (r Result) Err() error {
	if len(r.Errors) == 0 {
		return nil
	}
	return fmt.Errorf("%d error(s); what those files define keeps its last good version:\n%w", len(r.Errors), r.Errors)
}
