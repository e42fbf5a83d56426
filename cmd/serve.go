package cmd

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/resolver"
	"github.com/r53d/r53d/zones"
	"github.com/spf13/cobra"
)

// ServeOptions are the inputs of r53d serve.
type ServeOptions struct {
	Zones  string
	Listen string
	// AlsoListen are more addresses served like Listen (--listen given
	// more than once).
	AlsoListen    []string
	LogLevel      string
	LogFormat     string // text or json
	AllowTransfer []string
	GeoIPDB       string
	Admin         string
	// AdminTokenFile holds the bearer token of the admin API; required
	// when Admin is not a loopback address.
	AdminTokenFile string
	// AdminHosts are more names clients may use in Host for Admin.
	AdminHosts []string
	// IAMFile holds the users of the Route 53 API (--iam); without it the
	// API is open, which r53d allows on loopback only.
	IAMFile string
	// APIRegions are the regions the API accepts in signatures (empty:
	// any); NameServers are the delegation set of zones the API creates.
	APIRegions  []string
	NameServers []string
	Watch       bool
	// Strict refuses to start unless every file loads (for CI).
	Strict bool
	// TCPMaxConns and TCPMaxPerClient bound TCP connections (0: the
	// resolver's defaults).
	TCPMaxConns     int
	TCPMaxPerClient int
	// QueryLog is where every answered query is logged in Route 53's
	// query-log format: a file (appended to), "-" for QueryOut, or "" for
	// none. One query in QueryLogSample is logged.
	QueryLog       string
	QueryLogSample int
	QueryOut       io.Writer
	// Limits bound a load of the zones directory (zero fields: defaults).
	Limits zones.Limits
	// RRLRate limits UDP responses a second per client network and
	// answer (0: no limit); RRLExempt lists the networks never limited.
	RRLRate   int
	RRLExempt []string
	// ExplainOverDNS answers CHAOS TXT queries with decision traces, to
	// the networks of ExplainOverDNSFrom (empty: loopback).
	ExplainOverDNS     bool
	ExplainOverDNSFrom []string
	Log                io.Writer
	// Ready, when set, receives the bound DNS address (and the admin
	// address, "" when disabled) once the server answers.
	Ready func(dns netip.AddrPort, admin string)
}

// drainTimeout bounds how long a stopping server waits for queries in flight.
const drainTimeout = 5 * time.Second

// NewServeCmd builds r53d serve.
func NewServeCmd() *cobra.Command {
	opts := ServeOptions{Listen: defaultListen}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the zones of a directory (or the built-in demo) over UDP and TCP",
		Long: `serve answers authoritatively for every zone in --zones, on UDP and TCP at
--listen. Without --zones it serves the built-in demo zone demo.test.

At start every zone that loads is served and each file that does not is
logged with its file and line (/readyz then says degraded); --strict
refuses to start instead. A change to a file of --zones (or SIGHUP)
reloads the directory; a zone that fails to load keeps its last good
version serving, and the errors are logged with their file and line.
SIGINT and SIGTERM stop the server after the queries in flight are
answered.

The admin API at --admin can force health checks. Off loopback it needs
--admin-token-file: every request but /healthz and /readyz then carries
"Authorization: Bearer TOKEN". Requests whose Host is not the --admin
address (or localhost on loopback, or an --admin-host name) are refused.

--explain-over-dns answers "dig NAME TXT CH" with the routing decisions
of NAME's answer, one TXT record a line, for the client of the query's
EDNS Client Subnet (dig +subnet=ADDR/PREFIX) or its address; loopback
clients only unless --explain-over-dns-from widens it. Off, CHAOS queries
are refused.

With --zones, --admin also answers Route 53's API under /2013-04-01/, for
the AWS CLI, the SDKs and Terraform (aws route53 --endpoint-url
http://127.0.0.1:8053 ...); its changes are written to the zones directory
and served at once. --iam FILE gives its users, access keys and policies
(requests are then signed with SigV4, not the bearer token); without it the
API accepts any request, on a loopback --admin only.`,
		Example: `  r53d serve
  dig @127.0.0.1 -p 1053 www.demo.test
  r53d serve --zones ./zones --listen 127.0.0.1:5300 --allow-transfer 127.0.0.0/8
  r53d serve --zones ./zones --iam ./iam.yaml
  aws route53 --endpoint-url http://127.0.0.1:8053 --region eu-west-1 list-hosted-zones`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			opts.Log = c.ErrOrStderr()
			opts.QueryOut = c.OutOrStdout()
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runServe(ctx, opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Zones, "zones", "", "zones directory (default: the built-in demo zones)")
	f.Var(&listenFlag{opts: &opts}, "listen", "address for UDP and TCP; repeat it to serve on several")
	f.StringVar(&opts.LogLevel, "log-level", "info", "debug, info, warn or error")
	f.StringVar(&opts.LogFormat, "log-format", "text", "text (key=value) or json, one object a line")
	f.StringSliceVar(&opts.AllowTransfer, "allow-transfer", nil, "CIDRs allowed to AXFR over TCP, comma-separated")
	f.BoolVar(&opts.Watch, "watch", true, "reload when a file in --zones changes (SIGHUP always reloads)")
	f.StringVar(&opts.Admin, "admin", "127.0.0.1:8053", "admin HTTP address (health checks, overrides, the Route 53 API, /metrics, /healthz, /readyz); empty disables it")
	f.StringVar(&opts.AdminTokenFile, "admin-token-file", "", "file holding the admin API's bearer token (read at start); required when --admin is not loopback")
	f.StringArrayVar(&opts.AdminHosts, "admin-host", nil, "a name clients use for --admin in Host, besides its address (repeatable)")
	addAPIFlags(f, &opts)
	f.StringVar(&opts.GeoIPDB, "geoip-db", "", "MaxMind DB (GeoIP2/GeoLite2 City or Country, DB-IP lite, country-only) for geolocation, geoproximity and latency")
	f.BoolVar(&opts.Strict, "strict", false, "refuse to start unless every file loads (default: serve the zones that load, report the rest, /readyz degraded)")
	addLimitFlags(f, &opts.Limits)
	tcp := resolver.DefaultTCPLimits()
	f.IntVar(&opts.TCPMaxConns, "tcp-max-conns", tcp.MaxConns, "TCP connections open at once; past it a new one replaces the idlest")
	f.IntVar(&opts.TCPMaxPerClient, "tcp-max-per-client", tcp.MaxPerClient, "TCP connections one client (IPv4 address, IPv6 /64) holds")
	f.StringVar(&opts.QueryLog, "query-log", "", "log answered queries in Route 53's query-log format to FILE (appended), or - for standard output")
	f.IntVar(&opts.QueryLogSample, "query-log-sample", 1, "log one query in N")
	f.IntVar(&opts.RRLRate, "rrl-rate", resolver.DefaultRRLRate, "UDP responses a second per client network (IPv4 /24, IPv6 /56) and answer; over it every 2nd is sent truncated (TC=1), the rest dropped; 0 disables")
	f.StringSliceVar(&opts.RRLExempt, "rrl-exempt", nil, "CIDRs never rate-limited, comma-separated")
	f.BoolVar(&opts.ExplainOverDNS, "explain-over-dns", false, "answer a TXT query in class CHAOS for a name with its routing decisions (dig NAME TXT CH +subnet=...)")
	f.StringArrayVar(&opts.ExplainOverDNSFrom, "explain-over-dns-from", nil, "a CIDR that may ask with --explain-over-dns (repeatable; default loopback only)")
	return c
}

func runServe(ctx context.Context, opts ServeOptions) error {
	log, err := newLogger(opts.Log, opts.LogLevel, opts.LogFormat)
	if err != nil {
		return err
	}
	allow, err := parsePrefixes(opts.AllowTransfer)
	if err != nil {
		return fmt.Errorf("--allow-transfer: %w", err)
	}
	rrlExempt, err := parsePrefixes(opts.RRLExempt)
	if err != nil {
		return fmt.Errorf("--rrl-exempt: %w", err)
	}
	explainFrom, err := parsePrefixes(opts.ExplainOverDNSFrom)
	if err != nil {
		return fmt.Errorf("--explain-over-dns-from: %w", err)
	}
	if len(explainFrom) > 0 && !opts.ExplainOverDNS {
		return fmt.Errorf("--explain-over-dns-from needs --explain-over-dns")
	}
	adminOpts, err := adminFlags(opts)
	if err != nil {
		return err
	}
	apiCfg, err := apiFlags(opts)
	if err != nil {
		return err
	}
	adminOpts.APIAuth = apiCfg.IAM != nil
	store, err := zones.NewStore()
	if err != nil {
		return err
	}
	reg := newRegistry()
	hcMetrics, err := healthcheck.NewMetrics(reg)
	if err != nil {
		return err
	}
	queryMetrics, err := resolver.NewMetrics(reg)
	if err != nil {
		return err
	}
	monitor := healthcheck.NewMonitor(healthcheck.Options{Log: log, Metrics: hcMetrics})
	reloads := &reloadStatus{}
	if err := reg.Register(newZoneCollector(store, reloads)); err != nil {
		return err
	}
	listen, _ := netip.ParseAddrPort(opts.Listen) // a host name: the demo keeps its default probe
	if opts.Zones == "" {
		// The demo's load balancers probe targets the demo itself runs.
		defer startDemoTargets(log)()
	}
	rl := &reloader{dir: opts.Zones, listen: listen, log: log, status: reloads, cfg: &config.Reloader{Store: store, BeforePublish: monitor.Update, BeforePublishTargets: monitor.UpdateTargets, Limits: opts.Limits, Strict: opts.Strict}}
	if opts.Zones != "" {
		// The API writes the directory: its writes and the reloads go
		// through one Dir, which orders them and tells a hand edit. With
		// the API on (the admin listener), a new, empty directory serves
		// nothing until the API makes its first zone.
		rl.zones, err = config.NewDir(opts.Zones, store, config.DirOptions{Limits: opts.Limits, Strict: opts.Strict,
			BeforePublish: monitor.Update, BeforePublishTargets: monitor.UpdateTargets, NameServers: apiCfg.NameServers, Log: log, AllowEmpty: opts.Admin != ""})
		if err != nil {
			return err
		}
	}
	if err := startCancellable(ctx, rl.start); err != nil {
		return err
	}
	routing, closeGeo, err := openRouting(opts.GeoIPDB, log)
	if err != nil {
		return err
	}
	defer closeGeo()
	routing.Monitor = monitor
	handlerOpts := []resolver.Option{resolver.WithRouting(routing), resolver.WithMetrics(queryMetrics),
		resolver.WithRateLimit(resolver.RateLimit{Rate: opts.RRLRate, Slip: 2, Exempt: rrlExempt})}
	if opts.ExplainOverDNS {
		handlerOpts = append(handlerOpts, resolver.WithExplainOverDNS(resolver.ExplainOverDNS{From: explainFrom}))
	}
	handler := resolver.NewHandler(store, allow, handlerOpts...)
	qlog, closeQueryLog, err := openQueryLog(opts, store)
	if err != nil {
		return err
	}
	defer closeQueryLog() // after the server has stopped: its workers have flushed
	srv, err := listenAll(opts, handler, log, resolver.WithQueryLog(qlog),
		resolver.WithTCPLimits(resolver.TCPLimits{MaxConns: opts.TCPMaxConns, MaxPerClient: opts.TCPMaxPerClient}))
	if err != nil {
		return err
	}
	srv.Serve()
	monCtx, stopMonitor := context.WithCancel(context.Background())
	defer stopMonitor()
	go monitor.Run(monCtx)
	adminAddr := ""
	if opts.Admin != "" {
		src := adminSources{Store: store, Monitor: monitor, Reg: reg, Reloads: reloads, Log: log, Locator: routing.Locator, GeoIP: geoDB(routing.Locator)}
		if src.API, err = newAPI(apiCfg, adminOpts, rl.zones, apiSources{store, routing, monitor, reg, log}); err != nil {
			return err
		}
		admin, err := startAdmin(adminOpts, src)
		if err != nil {
			sctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
			defer cancel()
			_ = srv.Shutdown(sctx)
			return err
		}
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
			defer cancel()
			_ = admin.shutdown(sctx)
		}()
		adminAddr = admin.Addr()
	}
	var changed <-chan struct{}
	if opts.Watch && opts.Zones != "" {
		if changed, err = config.Watch(monCtx, opts.Zones, log); err != nil {
			log.Warn("not watching the zones directory; SIGHUP reloads", "err", err)
		}
	}
	log.Info("serving", "addr", srv.Addrs(), "admin", adminAddr, "zones", rl.describe())
	if opts.Ready != nil {
		opts.Ready(srv.Addr(), adminAddr)
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	reload := func(why string) {
		if err := rl.load(); err != nil {
			log.Error("reload failed; still serving the last good version of what failed", "trigger", why, "err", err)
			return
		}
		log.Info("reloaded", "trigger", why, "zones", rl.describe())
	}
	waitForStop(ctx, hup, changed, reload)
	log.Info("stopping: answering queries in flight")
	sctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	return srv.Shutdown(sctx)
}

// startCancellable runs the first load, but returns as soon as ctx ends
// (SIGINT, SIGTERM): a stop must not wait for a big zone to finish
// loading. The abandoned load ends with the process.
func startCancellable(ctx context.Context, start func() error) error {
	done := make(chan error, 1)
	go func() { done <- start() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("stopped while loading the zones: %w", ctx.Err())
	}
}

// waitForStop reloads on SIGHUP and on changes until ctx ends. Reloads run
// one at a time beside this loop, so a slow load never delays a stop, and
// triggers that come during one are one more reload after it.
func waitForStop(ctx context.Context, hup <-chan os.Signal, changed <-chan struct{}, reload func(why string)) {
	pending := make(chan string, 1)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case why := <-pending:
				reload(why)
			}
		}
	}()
	request := func(why string) {
		select {
		case pending <- why:
		default: // a reload is already pending: it reads the files as they will be
		}
	}
	for {
		select {
		case <-hup:
			request("SIGHUP")
		case <-changed:
			request("file change")
		case <-ctx.Done():
			return
		}
	}
}

// openRouting opens the GeoIP database, if any, and says once when there
// is none: location-based policies then answer from their defaults.
func openRouting(path string, log *slog.Logger) (answer.Routing, func(), error) {
	if path == "" {
		log.Info("no --geoip-db: geolocation, geoproximity and latency records answer from their defaults")
		return answer.Routing{}, func() {}, nil
	}
	db, err := openGeo(path)
	if err != nil {
		return answer.Routing{}, nil, err
	}
	log.Info("GeoIP database", "file", path, "type", db.DatabaseType(), "built", db.BuildTime().Format(time.RFC3339))
	return answer.Routing{Locator: db}, func() { db.Close() }, nil
}

func openGeo(path string) (*geo.DB, error) {
	db, err := geo.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--geoip-db: %w", err)
	}
	return db, nil
}

func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	if w == nil {
		w = os.Stderr
	}
	o := &slog.HandlerOptions{Level: l}
	switch format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, o)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, o)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}

func parsePrefixes(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
