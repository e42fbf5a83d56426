// Package cmd is r53d's command line: a thin cobra shell over functions
// that do the work (and that the tests call).
package cmd

import (
	"io"

	"github.com/spf13/cobra"
)

// NewRootCmd builds the r53d command with all its subcommands.
func NewRootCmd(out, errOut io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "r53d",
		Short: "An authoritative DNS server that answers the way Amazon Route 53 does",
		Long: `r53d serves RFC 1035 zone files (and Route 53 record sets) as an
authoritative DNS server, for labs, CI and learning.

Run it with no zones directory to serve the built-in demo zone:
  r53d serve
  dig @127.0.0.1 -p 1053 www.demo.test`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(out)
	root.SetErr(errOut)
	root.AddCommand(NewServeCmd(), NewCheckCmd(), NewExplainCmd(), NewHealthCmd(), NewVersionCmd())
	return root
}
