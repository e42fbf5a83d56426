package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/netip"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/resolver"
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
EDNS Client Subnet, as a resolver would. --unhealthy and --healthy force
health checks for what-if questions (every other check counts healthy, as a
new Route 53 check does).`,
		Example: `  r53d explain geo.demo.test --client 11.4.0.0/24 --geoip-db testdata/geoip/city.mmdb
  r53d explain failover.demo.test --unhealthy demo-up
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
	f.BoolVar(&opts.JSON, "json", false, "print JSON for machines")
	f.BoolVar(&opts.TCP, "tcp", false, "ask over TCP (ANY then lists every RRset)")
	f.Uint64Var(&opts.Seed, "seed", 0, "seed of the random draws, to repeat an explanation (default: random)")
	return c
}

// whatIf is a health view with forced statuses; unnamed checks are healthy.
type whatIf map[string]bool

func (w whatIf) Healthy(id string) bool {
	if v, ok := w[id]; ok {
		return v
	}
	return true
}

func runExplain(opts ExplainOptions) error {
	qtype, ok := dns.StringToType[strings.ToUpper(opts.Type)]
	if !ok {
		return fmt.Errorf("unknown record type %q", opts.Type)
	}
	client, err := parseClient(opts.Client)
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
	health := whatIf{}
	for _, id := range opts.Unhealthy {
		health[id] = false
	}
	for _, id := range opts.Healthy {
		health[id] = true
	}
	routing := answer.Routing{Health: health}
	if opts.GeoIPDB != "" {
		db, err := openGeo(opts.GeoIPDB)
		if err != nil {
			return err
		}
		defer db.Close()
		routing.Locator = db
	}
	ex := explain(store.View(), &routing, answer.Question{Name: dns.Fqdn(opts.Name), Type: qtype, TCP: opts.TCP}, client, opts.Seed)
	if opts.JSON {
		return writeExplainJSON(opts.Out, client, ex)
	}
	return writeExplainText(opts.Out, client, ex)
}

// explanation is the answer the server would send and every routing
// decision that built it.
type explanation struct {
	Answer *dns.Msg
	Traces []*policy.Trace
}

// explain answers q as serve would for a client: a prefix shorter than its
// address is sent as an EDNS Client Subnet option by a resolver on this
// host, a full-length one is the socket address. The reply is shown whole
// (explain does not truncate).
func explain(view zones.View, routing *answer.Routing, q answer.Question, client netip.Prefix, seed uint64) *explanation {
	socket, ecs := client.Addr(), netip.Prefix{}
	if client.Bits() < client.Addr().BitLen() {
		socket, ecs = netip.MustParseAddr("127.0.0.1"), client.Masked()
	}
	var f answer.Finder
	f.Explain(seed)
	who := answer.ClientOf(ecs, socket)
	res := f.Lookup(view, routing, q, who)
	m := new(dns.Msg)
	m.SetQuestion(q.Name, q.Type)
	m.Id, m.Response, m.RecursionDesired = 1, true, false // as a resolver asks an authoritative server
	m.Rcode, m.Authoritative = res.Rcode, res.Authoritative
	m.Answer, m.Extra = res.Records()
	m.Ns = res.Authority
	opt := &dns.OPT{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT}}
	opt.SetUDPSize(resolver.Advertised)
	if ecs.IsValid() {
		family := uint16(1)
		if ecs.Addr().Is6() {
			family = 2
		}
		opt.Option = append(opt.Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: family, SourceNetmask: uint8(ecs.Bits()),
			SourceScope: uint8(res.ECSScope(who, ecs.Bits(), false)), Address: ecs.Addr().AsSlice()})
	}
	m.Extra = append(m.Extra, opt)
	return &explanation{Answer: m, Traces: res.Traces}
}

// parseClient reads ADDR or ADDR/PREFIX.
func parseClient(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func writeExplainText(w io.Writer, client netip.Prefix, ex *explanation) error {
	how := "from address " + client.Addr().String()
	if client.Bits() < client.Addr().BitLen() {
		how = "with EDNS Client Subnet " + client.String()
	}
	fmt.Fprintf(w, ";; The answer a client %s gets:\n\n%s\n", how, ex.Answer.String())
	if len(ex.Traces) == 0 {
		_, err := fmt.Fprintln(w, ";; No routing policy was involved: static records, answered as in the zone.")
		return err
	}
	for _, tr := range ex.Traces {
		fmt.Fprintf(w, ";; Why:\n%s\n", tr.String())
	}
	return nil
}

// explainJSON is explain's machine-readable form.
type explainJSON struct {
	Client     string          `json:"client"`
	Rcode      string          `json:"rcode"`
	Flags      []string        `json:"flags"`
	Answer     []string        `json:"answer"`
	Authority  []string        `json:"authority"`
	Additional []string        `json:"additional"`
	Decisions  []*policy.Trace `json:"decisions"`
}

func writeExplainJSON(w io.Writer, client netip.Prefix, ex *explanation) error {
	m := ex.Answer
	out := explainJSON{Client: client.String(), Rcode: dns.RcodeToString[m.Rcode], Decisions: ex.Traces,
		Answer: rrTexts(m.Answer), Authority: rrTexts(m.Ns), Additional: rrTexts(m.Extra)}
	out.Flags = []string{"qr"}
	if m.Authoritative {
		out.Flags = append(out.Flags, "aa")
	}
	if m.Truncated {
		out.Flags = append(out.Flags, "tc")
	}
	if out.Decisions == nil {
		out.Decisions = []*policy.Trace{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func rrTexts(rrs []dns.RR) []string {
	out := []string{}
	for _, rr := range rrs {
		out = append(out, rr.String())
	}
	return out
}
