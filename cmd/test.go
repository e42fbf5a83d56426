package cmd

import (
	"fmt"
	"io"
	"net/netip"
	"os"
	"slices"
	"time"

	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/scenario"
	"github.com/r53d/r53d/zones"
	"github.com/spf13/cobra"
)

// TestOptions are the inputs of r53d test.
type TestOptions struct {
	Zones   string
	Files   []string // scenario files or directories; default: ZONES/tests
	GeoIPDB string
	JUnit   string
	Update  bool
	Seed    uint64
	SeedSet bool
	Verbose bool
	Out     io.Writer
	ErrOut  io.Writer
}

// testExit ends r53d test with a status after its output was printed: 1
// a case failed, 2 bad input.
type testExit struct{ code int }

func (e testExit) Error() string { return fmt.Sprintf("r53d test: exit status %d", e.code) }
func (e testExit) ExitCode() int { return e.code }
func (e testExit) Unwrap() error { return errCheckFailed } // already reported

func badInput() error { return testExit{2} }

// NewTestCmd builds r53d test.
func NewTestCmd() *cobra.Command {
	opts := TestOptions{}
	c := &cobra.Command{
		Use:   "test [SCENARIO-FILE|DIR ...]",
		Short: "Run the scenario files of a zones directory offline and check every answer",
		Long: `test asks the questions of the scenario files (tests/*.yaml, *.yml and
*.json beside the zone files, unless files or directories are named) on
serve's own answer path, offline, and checks what comes back: exact values,
one of several answers, the rcode or NODATA, the TTL, the ECS scope, or the
shares of a random policy, tested statistically over seeded draws.

Every failure is printed with what was expected, what came back and the
decision trace of that answer. --junit writes JUnit XML for CI. --update
records the current answers of the cases marked snapshot: true into their
files, keeping everything else of the files as it was.

Exit status: 0 every case passed, 1 a case failed, 2 bad input (a
malformed scenario file, zones that do not load).`,
		Example: `  r53d test --zones zones/ --geoip-db GeoLite2-City.mmdb
  r53d test --zones zones/ tests/geo.yaml --junit report.xml
  r53d test --zones zones/ --update`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Files, opts.Out, opts.ErrOut = args, c.OutOrStdout(), c.ErrOrStderr()
			opts.SeedSet = c.Flags().Changed("seed")
			return runTest(opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Zones, "zones", "", "zones directory (default: the built-in demo zones)")
	f.StringVar(&opts.GeoIPDB, "geoip-db", "", "MaxMind DB for clients given by place and location-based policies")
	f.StringVar(&opts.JUnit, "junit", "", "also write the results as JUnit XML to this file")
	f.BoolVar(&opts.Update, "update", false, "record the answers of snapshot cases into their files")
	f.Uint64Var(&opts.Seed, "seed", 0, "seed of every file's draws (default: each file's seed:, else 1)")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "list passing cases too")
	return c
}

func runTest(opts TestOptions) error {
	start := time.Now()
	fsys, display, err := zonesDir(opts.Zones, netip.AddrPort{})
	if err != nil {
		fmt.Fprintf(opts.ErrOut, "zones directory: %v\n", err)
		return badInput()
	}
	gen, diags := config.LoadDir(fsys, display)
	if errs := diags.Errors(); len(errs) > 0 {
		fmt.Fprintf(opts.ErrOut, "zones did not load (run r53d check):\n%v\n", errs)
		return badInput()
	}
	files, err := readScenarios(opts, fsys)
	if err != nil {
		fmt.Fprintln(opts.ErrOut, err)
		if errs, ok := scenario.AsErrors(err); ok && opts.JUnit != "" {
			// CI shows the malformed files too, not only a red job.
			if err := writeFileWith(opts.JUnit, func(w io.Writer) error { return scenario.WriteJUnitErrors(w, errs) }); err != nil {
				fmt.Fprintln(opts.ErrOut, err)
			}
		}
		return badInput()
	}
	store, err := zones.NewStore()
	if err == nil {
		err = store.Publish(&gen.Generation)
	}
	if err != nil {
		return err
	}
	runner := &scenario.Runner{View: store.View(), Updating: opts.Update, KnownHealth: knownChecks(&gen.Generation), KnownTarget: knownTargets(&gen.Generation)}
	if opts.GeoIPDB != "" {
		db, err := openGeo(opts.GeoIPDB)
		if err != nil {
			fmt.Fprintln(opts.ErrOut, err)
			return badInput()
		}
		defer db.Close()
		runner.Locator = db
		if usesPlaces(files) {
			if runner.Places, err = scenario.NewPlaceIndex(db, gen.Latency); err != nil {
				fmt.Fprintln(opts.ErrOut, err)
				return badInput()
			}
		}
	}
	var results []scenario.Result
	sum := scenario.Summary{Files: len(files)}
	for _, f := range files {
		rs := runner.Run(f.File)
		results = append(results, rs...)
		sum.Count(rs)
	}
	sum.Elapsed = time.Since(start)
	scenario.WriteText(opts.Out, results, opts.Verbose)
	fmt.Fprintln(opts.Out, sum.String())
	if err := writeReports(opts, files, results); err != nil {
		fmt.Fprintln(opts.ErrOut, err)
		return badInput()
	}
	switch {
	case sum.Bad > 0:
		return badInput()
	case sum.Fail > 0:
		return testExit{1}
	}
	return nil
}

// knownChecks tells the health check ids of the zones directory.
func knownChecks(gen *zones.Generation) func(string) bool {
	ids := map[string]bool{}
	for _, c := range gen.HealthChecks {
		ids[c.ID] = true
	}
	return func(id string) bool { return ids[id] }
}

// knownTargets accepts the load-balancer targets the resources file declares.
func knownTargets(gen *zones.Generation) func(string) bool {
	ids := map[string]bool{}
	for _, t := range gen.Resources.TargetChecks() {
		ids[t.ID] = true
	}
	return func(id string) bool { return ids[id] }
}

func usesPlaces(files []scenarioFile) bool {
	for _, f := range files {
		for _, c := range f.Cases {
			if c.Client.IsPlace() {
				return true
			}
		}
	}
	return false
}

// writeReports writes the JUnit file and, with --update, the snapshots.
func writeReports(opts TestOptions, files []scenarioFile, results []scenario.Result) error {
	if opts.JUnit != "" {
		parsed := make([]*scenario.File, len(files))
		for i, f := range files {
			parsed[i] = f.File
		}
		err := writeFileWith(opts.JUnit, func(w io.Writer) error { return scenario.WriteJUnit(w, parsed, results) })
		if err != nil {
			return err
		}
	}
	if !opts.Update {
		return nil
	}
	for _, f := range files {
		if !slices.ContainsFunc(f.Cases, func(c *scenario.Case) bool { return c.Snapshot }) {
			continue
		}
		if f.osPath == "" {
			return fmt.Errorf("%s: the built-in demo's files cannot be updated: name a zones directory", f.Path)
		}
		text, changed, err := scenario.Update(f.File, results)
		if err != nil {
			return err
		}
		if changed > 0 {
			if err := os.WriteFile(f.osPath, text, 0o644); err != nil {
				return fmt.Errorf("--update: %w", err)
			}
		}
		fmt.Fprintf(opts.Out, "%s: %d snapshot(s) updated\n", f.Path, changed)
	}
	return nil
}

// writeFileWith writes the file at name with write, for --junit.
func writeFileWith(name string, write func(io.Writer) error) error {
	out, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("--junit: %w", err)
	}
	if err := write(out); err != nil {
		_ = out.Close()
		return fmt.Errorf("--junit: %w", err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("--junit: %w", err)
	}
	return nil
}
