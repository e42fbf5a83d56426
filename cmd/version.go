package cmd

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// NewVersionCmd prints the module version and the VCS revision it was built from.
func NewVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print r53d's version",
		Long: `version prints the module version, the VCS revision r53d was built
from (+dirty when the work tree had changes) and the Go version; the same
as r53d --version. "(devel)" means built from a checkout, not a release.`,
		Example: `  r53d version
  r53d --version`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(c.OutOrStdout(), versionString())
			return err
		},
	}
}

func versionString() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "r53d (unknown version)"
	}
	v := "r53d " + info.Main.Version
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v += " " + s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			if s.Value == "true" {
				v += "+dirty"
			}
		}
	}
	return v + " " + info.GoVersion
}
