package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/miekg/dns"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/api"
	"github.com/r53d/r53d/api/iam"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
	"github.com/spf13/pflag"
)

// The Route 53 API lives on the admin port under apiPrefix. With --iam it
// authenticates its own requests (SigV4, then the users' policies), so
// the admin bearer token does not apply there; without --iam it is open,
// which the admin port's loopback-or-token rule keeps to this machine.
const apiPrefix = "/2013-04-01/"

// defaultNameServers is the delegation set of zones the API creates when
// --name-servers is not given: four names, as Route 53 gives.
func defaultNameServers() []string {
	return []string{"ns1.r53d.test.", "ns2.r53d.test.", "ns3.r53d.test.", "ns4.r53d.test."}
}

func addAPIFlags(f *pflag.FlagSet, opts *ServeOptions) {
	f.StringVar(&opts.IAMFile, "iam", "", "users, access keys and policies of the Route 53 API at --admin (YAML or JSON; keep it out of --zones); "+
		"without it the API accepts any request, so --admin must be loopback")
	f.StringSliceVar(&opts.APIRegions, "api-regions", nil, "regions the Route 53 API accepts in request signatures, comma-separated (default: any)")
	f.StringSliceVar(&opts.NameServers, "name-servers", defaultNameServers(), "name servers (NS) of zones created through the Route 53 API, comma-separated")
}

// apiConfig is the Route 53 API's part of serve's flags, checked before
// anything starts.
type apiConfig struct {
	IAM         *iam.Directory // nil: every request is accepted
	Regions     []string
	NameServers []string // fully qualified, lower case
}

// apiFlags loads the --iam file and checks the API's flags.
func apiFlags(opts ServeOptions) (apiConfig, error) {
	cfg := apiConfig{Regions: opts.APIRegions}
	names := opts.NameServers
	if len(names) == 0 {
		names = defaultNameServers()
	}
	for _, n := range names {
		n = strings.ToLower(dns.Fqdn(strings.TrimSpace(n)))
		if _, ok := dns.IsDomainName(n); !ok || n == "." {
			return cfg, fmt.Errorf("--name-servers: %q is not a domain name", n)
		}
		cfg.NameServers = append(cfg.NameServers, n)
	}
	for _, r := range cfg.Regions {
		if r == "" || strings.ContainsAny(r, " /") {
			return cfg, fmt.Errorf("--api-regions: %q is not a region name (like eu-west-1)", r)
		}
	}
	if opts.IAMFile == "" {
		return cfg, nil
	}
	if err := outsideZones(opts.IAMFile, opts.Zones); err != nil {
		return cfg, err
	}
	dir, err := iam.Load(opts.IAMFile)
	if err != nil {
		if strings.Contains(err.Error(), opts.IAMFile) {
			return cfg, fmt.Errorf("--iam: %w", err)
		}
		return cfg, fmt.Errorf("--iam %s: %w", opts.IAMFile, err)
	}
	cfg.IAM = dir
	return cfg, nil
}

// outsideZones refuses an --iam file inside the zones directory: it holds
// secret keys, and the zones directory is meant to be committed to git
// and is read by every reload.
func outsideZones(iamFile, zonesDir string) error {
	if zonesDir == "" {
		return nil
	}
	file, err := realPath(iamFile)
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		err = pe.Err // the path is named below
	}
	if err != nil {
		return fmt.Errorf("--iam %s: %w", iamFile, err)
	}
	dir, err := realPath(zonesDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // the zones directory's own error says so
	} else if err != nil {
		return fmt.Errorf("--zones %s: %w", zonesDir, err)
	}
	rel, err := filepath.Rel(dir, file)
	if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("--iam %s is inside the zones directory %s: it holds secret access keys, keep it elsewhere (and out of git)", iamFile, zonesDir)
	}
	return nil
}

// realPath is path absolute with its symbolic links resolved.
func realPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// apiSources are what the API answers TestDNSAnswer and health-check
// status from, and where it logs and counts.
type apiSources struct {
	Store   *zones.Store
	Routing answer.Routing
	Monitor *healthcheck.Monitor
	Reg     prometheus.Registerer
	Log     *slog.Logger
}

// newAPI is the Route 53 API over the zones directory dir, or nil when
// serve has none (the built-in demo is not written to).
func newAPI(cfg apiConfig, admin adminOptions, dir *config.Dir, src apiSources) (routeMounter, error) {
	if dir == nil {
		src.Log.Info("the Route 53 API is off: it needs a zones directory to write (--zones)")
		return nil, nil
	}
	s, err := api.New(api.Options{Backend: dir, Store: src.Store, Routing: src.Routing, Monitor: src.Monitor,
		IAM: cfg.IAM, Regions: cfg.Regions, NameServer: strings.TrimSuffix(cfg.NameServers[0], "."),
		Log: src.Log, Registry: src.Reg})
	if err != nil {
		return nil, fmt.Errorf("route 53 API: %w", err)
	}
	return s, nil
}

// routeMounter is what the admin server mounts the API with
// ((*api.Server).Routes).
type routeMounter interface {
	Routes(mux *http.ServeMux)
}

// limitAPI serves at most half the cores' worth of API requests at once
// (one on a machine of two), the rest waiting their turn: fifty clients
// listing record sets must not take the cores DNS answers on. A request's
// body is read before its turn, so a client sending slowly holds no turn.
func limitAPI(next http.Handler) http.Handler {
	turns := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, api.MaxBody+1))
		if err != nil {
			http.Error(w, "reading the request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		select {
		case turns <- struct{}{}:
		case <-r.Context().Done():
			return
		}
		defer func() { <-turns }()
		next.ServeHTTP(w, r)
	})
}
