package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/gitfs"
	"github.com/r53d/r53d/impact"
	"github.com/spf13/cobra"
)

// DiffOptions are the inputs of r53d diff.
type DiffOptions struct {
	Old, New   string
	Repo       string // the git repository revisions are read from
	Subdir     string // the zones directory inside it
	GeoIPDB    string
	Population string
	JSON       bool
	Out        io.Writer
}

// NewDiffCmd builds r53d diff.
func NewDiffCmd() *cobra.Command {
	opts := DiffOptions{}
	c := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show which clients a change of the zones sends to another answer",
		Long: `diff compares two versions of a zones directory — directories, or git
revisions of the zones repository read straight from its objects (no
checkout) — and reports, for every name and type whose answer can differ,
which client populations get another answer: per continent and country of
the GeoIP database's networks (by address count), per CIDR location and
latency-table row, under every health state that matters for the name (all
checks healthy, then each check it reads down, and each load-balancer target
group it reads with every target down — per Availability Zone too when
cross-zone load balancing is off), with the change in shares of weighted and
other random answers. Aliases to AWS resources answer with the resources
file's load-balancer nodes, and policy records through their rules, as the
server answers. Record-set changes are listed too.

The output is a markdown summary for a pull request, or JSON with --json.
Exit status: 0 when no client's answer moved, 1 when some did (so CI can
require an approval), 2 on errors.`,
		Example: `  r53d diff origin/main HEAD --subdir zones --geoip-db GeoLite2-City.mmdb
  r53d diff zones-before/ zones/ --json
  r53d diff HEAD~1 HEAD --population queries.csv`,
		// Misuse exits 2 too: 1 means "something moved" to CI.
		Args: func(c *cobra.Command, args []string) error {
			if err := cobra.ExactArgs(2)(c, args); err != nil {
				return &exitStatus{code: 2, err: err}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Old, opts.New, opts.Out = args[0], args[1], c.OutOrStdout()
			return runDiff(opts)
		},
	}
	c.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitStatus{code: 2, err: withUsage(c, err)}
	})
	f := c.Flags()
	f.StringVar(&opts.Repo, "repo", ".", "git repository that OLD and NEW revisions are read from")
	f.StringVar(&opts.Subdir, "subdir", "", "zones directory inside the repository (default: its root)")
	f.StringVar(&opts.GeoIPDB, "geoip-db", "", "MaxMind DB: its networks are the population and place clients")
	f.StringVar(&opts.Population, "population", "", "CSV of subnet,weight to use as the population instead")
	f.BoolVar(&opts.JSON, "json", false, "print JSON for machines")
	return c
}

// exitStatus is an error that sets r53d's exit status; reported ones were
// already written for the user, so main only sets the status.
type exitStatus struct {
	code     int
	err      error
	reported bool
}

func (e *exitStatus) Error() string { return e.err.Error() }
func (e *exitStatus) Unwrap() error { return e.err }
func (e *exitStatus) ExitCode() int { return e.code }

// Is makes a reported status count as reported for IsReported.
func (e *exitStatus) Is(target error) bool { return e.reported && target == errCheckFailed }

// errMoved is diff's exit status 1: the report says what moved.
var errMoved = &exitStatus{code: 1, err: errors.New("answers moved"), reported: true}

func runDiff(opts DiffOptions) error {
	err := diff(opts)
	if err != nil && !errors.Is(err, errMoved) {
		return &exitStatus{code: 2, err: err}
	}
	return err
}

func diff(opts DiffOptions) error {
	start := time.Now()
	var db *geo.DB
	if opts.GeoIPDB != "" {
		var err error
		if db, err = openGeo(opts.GeoIPDB); err != nil {
			return err
		}
		defer db.Close()
	}
	located := db != nil
	old, err := loadVersion(opts, opts.Old, located)
	if err != nil {
		return err
	}
	new, err := loadVersion(opts, opts.New, located)
	if err != nil {
		return err
	}
	pop, err := population(opts.Population, db, old, new)
	if err != nil {
		return err
	}
	rep, err := impact.Diff(old, new, pop)
	if err != nil {
		return err
	}
	rep.Population.Seconds = time.Since(start).Seconds()
	if opts.JSON {
		enc := json.NewEncoder(opts.Out)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		err = rep.WriteMarkdown(opts.Out)
	}
	if err != nil {
		return err
	}
	if rep.Moved() {
		return errMoved
	}
	return nil
}

// loadVersion reads OLD or NEW: a directory when one exists by that name,
// else a revision of the repository.
func loadVersion(opts DiffOptions, arg string, located bool) (*impact.Side, error) {
	var fsys fs.FS
	if info, err := os.Stat(arg); err == nil && info.IsDir() {
		if fsys, err = config.OpenDir(arg); err != nil {
			return nil, err
		}
	} else {
		if fsys, err = gitfs.Open(opts.Repo, arg, opts.Subdir); err != nil {
			return nil, fmt.Errorf("%s is neither a directory nor a git revision: %w", arg, err)
		}
	}
	return impact.Load(fsys, arg, located)
}

// population is the file's population when one is named, else every
// network of the GeoIP database, else every address unlocated.
func population(file string, db *geo.DB, sides ...*impact.Side) (*impact.Population, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("--population: %w", err)
		}
		defer f.Close()
		var loc geo.Locator
		if db != nil {
			loc = db
		}
		return impact.ReadPopulation(f, file, loc)
	}
	if db == nil {
		return impact.Whole(impact.Cuts(sides...)), nil
	}
	return impact.NetworkPopulation(db, sides...)
}
