package cmd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
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

Given one FILE of a zones directory, it checks that file alone, with the
health checks, CIDR collections and latency table beside it (a zone split
over a .zone and a record-set file needs both: check the directory).`,
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
	fsys, display, err := checkTarget(opts.Dir)
	if err != nil {
		return fmt.Errorf("zones directory: %w", err)
	}
	restore := loadingGC()
	gen, diags := config.LoadDir(fsys, display, config.WithLimits(opts.Limits))
	restore()
	zs := gen.Zones
	for _, d := range diags {
		fmt.Fprintln(opts.Out, d.Error())
	}
	if n := len(diags.Errors()); n > 0 {
		fmt.Fprintf(opts.Out, "%d error(s), %d warning(s)\n", n, len(diags.Warnings()))
		return errCheckFailed
	}
	if len(zs) == 0 {
		fmt.Fprintf(opts.Out, "%s: no zones (*.zone, *.json or *.yaml files) found\n", display)
		return errCheckFailed
	}
	for _, z := range zs {
		fmt.Fprintf(opts.Out, "%s: zone %s serial %d, %d records, %d routed groups, %d names: OK\n", strings.Join(z.Files, ", "), z.Origin, z.SOA.Serial, z.Len(), z.Routed(), z.Names())
	}
	if n := len(gen.HealthChecks); n > 0 {
		fmt.Fprintf(opts.Out, "%s: %d health checks: OK\n", display, n)
	}
	if f := gen.Flows; f != nil && len(f.Policies)+len(f.Instances) > 0 {
		fmt.Fprintf(opts.Out, "%s: %d traffic policy versions, %d policy records: OK\n", display, len(f.Policies), len(f.Records))
	}
	return nil
}

// checkTarget opens what check was asked about: a zones directory (or
// the demo), or one file of one.
func checkTarget(path string) (fs.FS, string, error) {
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		dir, name := filepath.Split(path)
		if dir == "" {
			dir = "."
		}
		fsys, err := config.OpenDir(dir)
		if err != nil {
			return nil, "", err
		}
		return oneFile{FS: fsys, name: name}, dir, nil
	}
	return zonesDir(path, netip.AddrPort{})
}

// oneFile is a zones directory that lists one of its files and its side
// files only (others stay readable, for $INCLUDE).
type oneFile struct {
	fs.FS
	name string
}

func (o oneFile) ReadDir(name string) ([]fs.DirEntry, error) {
	all, err := fs.ReadDir(o.FS, name)
	if err != nil || name != "." {
		return all, err
	}
	var out []fs.DirEntry
	for _, e := range all {
		switch zones.Classify(e.Name()) {
		case zones.HealthChecks, zones.CIDRCollections, zones.LatencyTable, zones.AWSResources, zones.TrafficPolicy, zones.TrafficPolicyInstances:
			out = append(out, e)
		default:
			if e.Name() == o.name {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// IsReported tells whether err was already printed for the user (so main
// only sets the exit status).
func IsReported(err error) bool { return errors.Is(err, errCheckFailed) }
