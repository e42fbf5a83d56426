// Package cmd is r53d's command line: a thin cobra shell over functions
// that do the work (and that the tests call).
package cmd

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// NewRootCmd builds the r53d command with all its subcommands.
func NewRootCmd(out, errOut io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "r53d",
		Short: "An authoritative DNS server that answers the way Amazon Route 53 does",
		Long: `r53d serves RFC 1035 zone files and Route 53 record sets (as
aws route53 list-resource-record-sets prints them) as an authoritative DNS
server that answers the way Route 53 does: weighted, latency, failover,
geolocation, geoproximity, multivalue and IP-based routing, driven by
health checks it probes itself.

Run it with no zones directory to serve the built-in demo zone, then ask:
  r53d serve --geoip-db testdata/geoip/city.mmdb
  dig @127.0.0.1 -p 1053 geo.demo.test +subnet=11.4.0.0/24
  r53d explain geo.demo.test --client 11.4.0.0/24 --geoip-db testdata/geoip/city.mmdb
  r53d health`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.Version = versionString()
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetOut(out)
	root.SetErr(errOut)
	root.AddCommand(NewServeCmd(), NewCheckCmd(), NewExplainCmd(), NewHealthCmd(), NewVersionCmd())
	root.AddCommand(NewDiffCmd(), NewSimulateCmd())
	root.AddCommand(NewTestCmd())
	// Usage stays quiet for errors of the work itself, but a command
	// called with the wrong arguments or flags says how to call it.
	root.SetFlagErrorFunc(withUsage)
	usageOnArgErrors(root)
	return root
}

// usageOnArgErrors makes c and every command below it show their usage
// when the arguments do not fit.
func usageOnArgErrors(c *cobra.Command) {
	if args := c.Args; args != nil {
		c.Args = func(c *cobra.Command, a []string) error {
			if err := args(c, a); err != nil {
				return withUsage(c, err)
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		usageOnArgErrors(sub)
	}
}

// withUsage adds the command's usage to an error in how it was called.
func withUsage(c *cobra.Command, err error) error {
	return fmt.Errorf("%w\n\n%s", err, c.UsageString())
}
