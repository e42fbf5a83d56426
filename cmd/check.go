package cmd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/zones"
	"github.com/spf13/cobra"
)

// CheckOptions are the inputs of r53d check.
type CheckOptions struct {
	Dir string
	Out io.Writer
	// Limits bound the load (zero fields: defaults), as serve's do.
	Limits zones.Limits
}

// errCheckFailed makes the process exit 1 after the errors were printed.
var errCheckFailed = errors.New("check failed")

// NewCheckCmd builds r53d check.
func NewCheckCmd() *cobra.Command {
	var limits zones.Limits
	c := &cobra.Command{
		Use:   "check DIR|FILE",
		Short: "Load a zones directory exactly as serve would and report every problem",
		Long: `check loads every zone of DIR with the loader serve uses and prints every
error and warning as file:line:col: message [rule]. It exits 1 when any error
was found, 0 otherwise, printing one summary line per zone.

Given one FILE of a zones directory, it loads the directory as serve
would and reports the problems of that file and of the side files it
depends on (health checks, CIDR collections, latency table, AWS resources,
traffic policies); problems of the other zone files do not fail it. FILE
may be a side file too.`,
		Example: `  r53d check zones/
  r53d check zones/example.com.json
  r53d check zones/ && git push`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runCheck(CheckOptions{Dir: args[0], Out: c.OutOrStdout(), Limits: limits})
		},
	}
	addLimitFlags(c.Flags(), &limits)
	return c
}

func runCheck(opts CheckOptions) error {
	fsys, display, file, err := checkTarget(opts.Dir)
	if err != nil {
		return fmt.Errorf("zones directory: %w", err)
	}
	restore := loadingGC()
	gen, diags := config.LoadDir(fsys, display, config.WithLimits(opts.Limits))
	restore()
	zs := gen.Zones
	if file != "" {
		diags, zs = ofFile(file, display, diags, zs)
	}
	for _, d := range diags {
		fmt.Fprintln(opts.Out, d.Error())
	}
	if n := len(diags.Errors()); n > 0 {
		fmt.Fprintf(opts.Out, "%d error(s), %d warning(s)\n", n, len(diags.Warnings()))
		return errCheckFailed
	}
	if len(zs) == 0 && (file == "" || isZoneFile(file)) {
		fmt.Fprintf(opts.Out, "%s: no zones (*.zone, *.json or *.yaml files) found\n", display)
		return errCheckFailed
	}
	for _, z := range zs {
		fmt.Fprintf(opts.Out, "%s: zone %s serial %d, %d records, %d routed groups, %d names: OK\n", strings.Join(z.Files, ", "), z.Origin, z.SOA.Serial, z.Len(), z.Routed(), z.Names())
	}
	if n := len(gen.HealthChecks); n > 0 {
		fmt.Fprintf(opts.Out, "%s: %d health checks: OK\n", display, n)
	}
	if r := gen.Resources; r != nil {
		fmt.Fprintf(opts.Out, "%s: %d AWS resources, %d load-balancer targets: OK\n", display, len(r.Resources()), len(r.TargetChecks()))
	}
	if f := gen.Flows; f != nil && len(f.Policies)+len(f.Instances) > 0 {
		fmt.Fprintf(opts.Out, "%s: %s, %s: OK\n", display, counted(len(f.Policies), "traffic policy version"), counted(len(f.Records), "policy record"))
	}
	return nil
}

// checkTarget opens what check was asked about: a zones directory (or
// the demo), or the directory of one file, whose name it returns.
func checkTarget(path string) (fsys fs.FS, display, file string, err error) {
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		dir, name := filepath.Split(path)
		if dir == "" {
			dir = "."
		}
		fsys, err := config.OpenDir(dir)
		return fsys, dir, name, err
	}
	fsys, display, err = zonesDir(path, netip.AddrPort{})
	return fsys, display, "", err
}

// ofFile keeps what check FILE reports: every problem except those of the
// directory's other zone files (a zone is loaded whole, so its policy
// records and aliases find every zone, but a broken neighbour does not
// fail FILE), and the zones FILE is part of.
func ofFile(file, display string, diags zones.Diagnostics, zs []*zones.Zone) (zones.Diagnostics, []*zones.Zone) {
	dir := filepath.Clean(display)
	var kept zones.Diagnostics
	for _, d := range diags {
		base := filepath.Base(d.File)
		other := filepath.Clean(filepath.Dir(d.File)) == dir && base != file && isZoneFile(base)
		if !other {
			kept = append(kept, d)
		}
	}
	var mine []*zones.Zone
	for _, z := range zs {
		for _, f := range z.Files {
			if filepath.Base(f) == file {
				mine = append(mine, z)
				break
			}
		}
	}
	return kept, mine
}

// isZoneFile tells a master or record-set file from a side file.
func isZoneFile(name string) bool {
	k := zones.Classify(name)
	return k == zones.MasterFile || k == zones.RecordSetFile
}

// IsReported tells whether err was already printed for the user (so main
// only sets the exit status).
func IsReported(err error) bool { return errors.Is(err, errCheckFailed) }

// counted is "1 thing" or "n things".
func counted(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}
