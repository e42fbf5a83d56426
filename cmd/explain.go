package cmd

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/netip"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/explain"
	"github.com/r53d/r53d/zones"
	"github.com/spf13/cobra"
)

// ExplainOptions are the inputs of r53d explain.
type ExplainOptions struct {
	Name      string
	Type      string
	Client    string
	Zones     string
	GeoIPDB   string
	Unhealthy []string
	Healthy   []string
	// Admin is the admin API of a running server to read live health
	// from; "" does not ask. TokenFile holds its bearer token, if any.
	Admin     string
	TokenFile string
	JSON      bool
	TCP       bool
	Seed      uint64
	Out       io.Writer
}

// NewExplainCmd builds r53d explain.
func NewExplainCmd() *cobra.Command {
	opts := ExplainOptions{}
	c := &cobra.Command{
		Use:   "explain NAME [TYPE]",
		Short: "Show the answer a client would get, and why",
		Long: `explain answers NAME (type A unless TYPE is given) for one client exactly as
serve would, offline from a zones directory, then shows every routing
decision: the client location used, each record with its health and why it
was kept or dropped, the random draws and the rule that fired.

--client ADDR is the address the query comes from; ADDR/PREFIX is sent as an
EDNS Client Subnet, as a resolver would.

Health comes from the running server's admin API at --admin when one
answers there (within a second): the statuses its probes and overrides give
now. With no server there every check counts healthy, as a new Route 53
check does. --unhealthy and --healthy force checks on top of either, for
what-if questions; an id no zone file or server knows is an error. The
output says which health it used.`,
		Example: `  r53d explain geo.demo.test --client 11.4.0.0/24 --geoip-db testdata/geoip/city.mmdb
  r53d explain failover.demo.test --unhealthy demo-up
  r53d explain failover.demo.test --admin ''      # never ask a server: every check healthy
  r53d explain www.example.com AAAA --zones zones/ --client 2a11:6::/48 --json`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Name, opts.Type = args[0], "A"
			if len(args) == 2 {
				opts.Type = args[1]
			}
			opts.Out = c.OutOrStdout()
			if !c.Flags().Changed("seed") {
				opts.Seed = rand.Uint64()
			}
			return runExplain(opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Client, "client", "192.0.2.1", "client address, or ADDR/PREFIX sent as EDNS Client Subnet")
	f.StringVar(&opts.Zones, "zones", "", "zones directory (default: the built-in demo zones)")
	f.StringVar(&opts.GeoIPDB, "geoip-db", "", "MaxMind DB for location-based policies")
	f.StringArrayVar(&opts.Unhealthy, "unhealthy", nil, "treat this health check as unhealthy (repeatable)")
	f.StringArrayVar(&opts.Healthy, "healthy", nil, "treat this health check as healthy (repeatable)")
	f.StringVar(&opts.Admin, "admin", "127.0.0.1:8053", "admin address of a running server to read live health from; empty: do not ask")
	f.StringVar(&opts.TokenFile, "admin-token-file", "", "file holding the admin API's bearer token (the server's --admin-token-file)")
	f.BoolVar(&opts.JSON, "json", false, "print JSON for machines")
	f.BoolVar(&opts.TCP, "tcp", false, "ask over TCP (ANY then lists every RRset)")
	f.Uint64Var(&opts.Seed, "seed", 0, "seed of the random draws, to repeat an explanation (default: random)")
	return c
}

func runExplain(opts ExplainOptions) error {
	qtype, ok := dns.StringToType[strings.ToUpper(opts.Type)]
	if !ok {
		return fmt.Errorf("unknown record type %q", opts.Type)
	}
	client, err := explain.ParseClient(opts.Client)
	if err != nil {
		return fmt.Errorf("--client: %w", err)
	}
	fsys, display, err := zonesDir(opts.Zones, netip.AddrPort{})
	if err != nil {
		return fmt.Errorf("zones directory: %w", err)
	}
	gen, diags := config.LoadDir(fsys, display)
	if errs := diags.Errors(); len(errs) > 0 {
		return fmt.Errorf("zones did not load (run r53d check):\n%w", errs)
	}
	store, err := zones.NewStore()
	if err != nil {
		return err
	}
	if err := store.Publish(&gen.Generation); err != nil {
		return err
	}
	base, health, err := explainHealth(opts, gen)
	if err != nil {
		return err
	}
	routing := answer.Routing{Health: base}
	if opts.GeoIPDB != "" {
		db, err := openGeo(opts.GeoIPDB)
		if err != nil {
			return err
		}
		defer db.Close()
		routing.Locator = db
	}
	ex := explain.Run(store.View(), &routing, answer.Question{Name: dns.Fqdn(opts.Name), Type: qtype, TCP: opts.TCP}, client, opts.Seed)
	ex.Health = health
	if opts.JSON {
		return ex.WriteJSON(opts.Out)
	}
	return ex.WriteText(opts.Out)
}
