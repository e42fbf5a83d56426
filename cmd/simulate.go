package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/impact"
	"github.com/spf13/cobra"
)

// SimulateOptions are the inputs of r53d simulate.
type SimulateOptions struct {
	Name, Type string
	Zones      string
	GeoIPDB    string
	Population string
	Unhealthy  []string
	Family     int
	SVG        string
	JSON       bool
	Out        io.Writer
}

// NewSimulateCmd builds r53d simulate.
func NewSimulateCmd() *cobra.Command {
	opts := SimulateOptions{}
	c := &cobra.Command{
		Use:   "simulate NAME [TYPE]",
		Short: "Show the share of queries each answer gets from a client population",
		Long: `simulate answers NAME (type A unless TYPE is given) for a whole client
population, offline, and prints the share of queries each answer gets, per
continent and country. The population is every network of the GeoIP
database weighted by its address count (IPv4 unless --family 6), or a CSV
file of subnet,weight lines (--population), such as query counts per client
subnet from a resolver's log. Random answers (weighted, multivalue) count
with their probabilities. --unhealthy asks what-if: that check or target
(target/GROUP/IP:PORT) down, or with target/GROUP/* every target of a
target group, every other healthy.

--svg FILE writes a picture: a bar per continent split by answer, and a
world map with a point per place colored by its answer.`,
		Example: `  r53d simulate geo.demo.test --geoip-db testdata/geoip/city.mmdb --svg geo.svg
  r53d simulate failover.demo.test --geoip-db testdata/geoip/city.mmdb --unhealthy demo-up
  r53d simulate www.example.com AAAA --zones zones/ --population queries.csv`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Name, opts.Type = args[0], "A"
			if len(args) == 2 {
				opts.Type = args[1]
			}
			opts.Out = c.OutOrStdout()
			return runSimulate(opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Zones, "zones", "", "zones directory (default: the built-in demo zones)")
	f.StringVar(&opts.GeoIPDB, "geoip-db", "", "MaxMind DB: its networks are the population and place clients")
	f.StringVar(&opts.Population, "population", "", "CSV of subnet,weight to use as the population instead")
	f.StringArrayVar(&opts.Unhealthy, "unhealthy", nil, "treat this health check, target or target/GROUP/* as unhealthy (repeatable)")
	f.IntVar(&opts.Family, "family", 4, "address family of the GeoIP population: 4 or 6")
	f.StringVar(&opts.SVG, "svg", "", "write the picture to this SVG file")
	f.BoolVar(&opts.JSON, "json", false, "print JSON for machines")
	return c
}

func runSimulate(opts SimulateOptions) error {
	sim, err := simulate(opts)
	if err != nil {
		return err
	}
	if opts.SVG != "" {
		f, err := os.Create(opts.SVG)
		if err != nil {
			return fmt.Errorf("--svg: %w", err)
		}
		err = sim.WriteSVG(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("--svg: %w", err)
		}
	}
	if opts.JSON {
		enc := json.NewEncoder(opts.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(sim)
	}
	return sim.WriteTable(opts.Out)
}

// simulate loads the zones and the population and shares out the queries.
func simulate(opts SimulateOptions) (*impact.Simulation, error) {
	qtype, ok := dns.StringToType[strings.ToUpper(opts.Type)]
	if !ok {
		return nil, fmt.Errorf("unknown record type %q", opts.Type)
	}
	if opts.Family != 4 && opts.Family != 6 {
		return nil, fmt.Errorf("--family %d: want 4 or 6", opts.Family)
	}
	if opts.GeoIPDB == "" && opts.Population == "" {
		return nil, fmt.Errorf("give --geoip-db (its networks are the population) or --population")
	}
	var db *geo.DB
	if opts.GeoIPDB != "" {
		var err error
		if db, err = openGeo(opts.GeoIPDB); err != nil {
			return nil, err
		}
		defer db.Close()
	}
	fsys, display, err := zonesDir(opts.Zones, netip.AddrPort{})
	if err != nil {
		return nil, fmt.Errorf("zones directory: %w", err)
	}
	side, err := impact.Load(fsys, display, db != nil)
	if err != nil {
		return nil, err
	}
	pop, err := population(opts.Population, db, side)
	if err != nil {
		return nil, err
	}
	return impact.Simulate(side, pop, impact.Key{Name: strings.ToLower(dns.Fqdn(opts.Name)), Type: qtype}, opts.Unhealthy, impact.Family(opts.Family))
}
