package healthcheck

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// searchWindow is how much of the body string matching reads, as Route
// 53's checkers do (docs/health-checks.md#probes).
const searchWindow = 5120

// Timeouts bound the steps of one probe. A zero field means Route 53's
// limit, which DefaultTimeouts holds; tests set short ones so that a
// timeout costs milliseconds, not seconds.
type Timeouts struct {
	// TCPConnect bounds a TCP check's connection.
	TCPConnect time.Duration
	// HTTPConnect bounds an HTTP(S) check's connection, and resolving the
	// FullyQualifiedDomainName.
	HTTPConnect time.Duration
	// Headers bounds the TLS handshake, and then the status line and
	// headers once the request is sent.
	Headers time.Duration
	// Body bounds reading the searched part of the body (string matching).
	Body time.Duration
}

// DefaultTimeouts returns the limits of Route 53's checkers.
func DefaultTimeouts() Timeouts {
	return Timeouts{TCPConnect: 10 * time.Second, HTTPConnect: 4 * time.Second, Headers: 2 * time.Second, Body: 2 * time.Second}
}

// orDefault fills the zero fields of t from DefaultTimeouts.
func (t Timeouts) orDefault() Timeouts {
	def := DefaultTimeouts()
	pick := func(v, d time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return d
	}
	return Timeouts{TCPConnect: pick(t.TCPConnect, def.TCPConnect), HTTPConnect: pick(t.HTTPConnect, def.HTTPConnect),
		Headers: pick(t.Headers, def.Headers), Body: pick(t.Body, def.Body)}
}

// UserAgent names r53d's checker; like Route 53's it says what it is.
const UserAgent = "r53d-health-check/1 (Amazon-Route53-Health-Check-Service compatible)"

// TargetUserAgent names r53d's checker of load-balancer targets.
const TargetUserAgent = "r53d-elb-health-check/1 (ELB-HealthChecker/2.0 compatible)"

// Result is one probe's outcome.
type Result struct {
	OK     bool
	Reason string // why it failed; "" on success
	// Detail is what a passed probe saw, in the words of Route 53's
	// status reports ("HTTP Status Code 200, OK"); "" when it failed.
	Detail  string
	Latency time.Duration
	At      time.Time
}

// Prober runs the probes of endpoint checks. The zero value is ready:
// it resolves names with the system resolver.
type Prober struct {
	// Resolver resolves FullyQualifiedDomainName when no IPAddress is given.
	Resolver *net.Resolver
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Timeouts bound each probe; the zero value means Route 53's limits.
	Timeouts Timeouts
}

func (p *Prober) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Probe checks the endpoint of cfg once. It never runs for CALCULATED
// checks (their status comes from their children).
func (p *Prober) Probe(ctx context.Context, cfg *Config) Result {
	start := p.now()
	lim := p.Timeouts.orDefault()
	if cfg.elb != nil && cfg.elb.timeout > 0 {
		// ELB bounds the whole check by the group's timeout.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.elb.timeout)
		defer cancel()
		t := cfg.elb.timeout
		lim = Timeouts{TCPConnect: t, HTTPConnect: t, Headers: t, Body: t}
	}
	ip, err := p.address(ctx, cfg, lim.HTTPConnect)
	if err != nil {
		return Result{Reason: err.Error(), At: start}
	}
	addr := net.JoinHostPort(ip.String(), strconv.Itoa(cfg.port()))
	var detail string
	switch cfg.Type {
	case TypeTCP:
		err = probeTCP(ctx, addr, lim.TCPConnect)
		detail = "TCP connection established"
	case TypeHTTP, TypeHTTPS, TypeHTTPStrMatch, TypeHTTPSStrMatch:
		detail, err = probeHTTP(ctx, cfg, addr, ip, lim)
	default:
		err = fmt.Errorf("%s checks are not probed", cfg.Type)
	}
	r := Result{OK: err == nil, Latency: p.now().Sub(start), At: start}
	if err != nil {
		r.Reason = err.Error()
	} else {
		r.Detail = detail
	}
	return r
}

// address is the IP to probe: IPAddress, else FullyQualifiedDomainName
// resolved now, IPv4 only, as Route 53 does (§3.2).
func (p *Prober) address(ctx context.Context, cfg *Config, timeout time.Duration) (netip.Addr, error) {
	if cfg.IPAddress != "" {
		return netip.ParseAddr(cfg.IPAddress)
	}
	r := p.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ips, err := r.LookupNetIP(ctx, "ip4", cfg.FullyQualifiedDomainName)
	if err != nil || len(ips) == 0 {
		return netip.Addr{}, fmt.Errorf("DNS resolution failed for %s", cfg.FullyQualifiedDomainName)
	}
	return ips[0].Unmap(), nil
}

func probeTCP(ctx context.Context, addr string, timeout time.Duration) error {
	d := net.Dialer{Timeout: timeout}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("TCP connection to %s failed: %w", addr, unwrapOp(err))
	}
	return c.Close()
}

// probeHTTP makes one request on a fresh connection: connected within
// lim.HTTPConnect (4 s), a 2xx or 3xx status within lim.Headers (2 s;
// redirects are not followed), and for string matching the SearchString
// within the first 5,120 bytes of the body, received within lim.Body (2 s)
// more. Certificates are not validated. A pass is described by its status.
func probeHTTP(ctx context.Context, cfg *Config, addr string, ip netip.Addr, lim Timeouts) (string, error) {
	https := strings.HasPrefix(cfg.Type, "HTTPS")
	dialer := &net.Dialer{Timeout: lim.HTTPConnect}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ResponseHeaderTimeout:  lim.Headers,
		DisableKeepAlives:      true,
		MaxResponseHeaderBytes: 16 << 10, // Route 53 fails responses with more than 16 KiB of headers
	}
	if https {
		sni := cfg.sniName()
		tr.DialTLSContext = func(ctx context.Context, network, a string) (net.Conn, error) {
			raw, err := dialer.DialContext(ctx, network, a)
			if err != nil {
				return nil, err
			}
			c := tls.Client(raw, &tls.Config{ServerName: sni, InsecureSkipVerify: true, MinVersion: tls.VersionTLS10}) //nolint:gosec // Route 53 does not validate certificates
			// The transport's TLSHandshakeTimeout does not cover a custom
			// dialer; without a bound a silent server holds the probe forever.
			hctx, cancel := context.WithTimeout(ctx, lim.Headers)
			defer cancel()
			if err := c.HandshakeContext(hctx); err != nil {
				raw.Close()
				return nil, err
			}
			return c, nil
		}
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	scheme := "http"
	if https {
		scheme = "https"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, scheme+"://"+addr+cfg.path(), nil)
	if err != nil {
		return "", fmt.Errorf("request: %w", err)
	}
	req.Host = cfg.hostHeader(ip, https)
	req.Header.Set("User-Agent", UserAgent)
	if cfg.elb != nil {
		req.Header.Set("User-Agent", TargetUserAgent)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("%s request to %s failed: %w", strings.ToUpper(scheme), addr, unwrapOp(err))
	}
	defer resp.Body.Close()
	if k := invalidFieldName(resp.Header); k != "" {
		return "", fmt.Errorf("invalid header field name %q from %s (RFC 7230 section 3.2)", k, addr)
	}
	// Worded as Route 53's checkers report it, success or failure alike.
	detail := fmt.Sprintf("HTTP Status Code %d, %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	if !cfg.accepts(resp.StatusCode) {
		return "", fmt.Errorf("%s. Resolved IP: %s", detail, ip)
	}
	if !strings.HasSuffix(cfg.Type, "_STR_MATCH") {
		return detail, nil
	}
	return detail + ", search string found", searchBody(resp.Body, cfg.SearchString, lim.Body)
}

// searchBody looks for s in the first 5,120 bytes of the body, read
// within timeout.
func searchBody(body io.Reader, s string, timeout time.Duration) error {
	type read struct {
		b   []byte
		err error
	}
	done := make(chan read, 1)
	go func() {
		b, err := io.ReadAll(io.LimitReader(body, searchWindow))
		done <- read{b, err}
	}()
	select {
	case r := <-done:
		if r.err != nil && !errors.Is(r.err, io.EOF) {
			return fmt.Errorf("reading the body: %w", unwrapOp(r.err))
		}
		if !strings.Contains(string(r.b), s) {
			return fmt.Errorf("search string %q not found in the first %d bytes of the body", s, searchWindow)
		}
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("the body did not arrive within %s", timeout)
	}
}

// invalidFieldName returns a header name that is not an RFC 7230 token,
// else "". Go's client accepts names with spaces (golang.org/issue/34540);
// Route 53 fails such responses (§3.1).
func invalidFieldName(h http.Header) string {
	for k := range h {
		if k == "" || strings.IndexFunc(k, notTokenChar) >= 0 {
			return k
		}
	}
	return ""
}

func notTokenChar(r rune) bool {
	return r <= ' ' || r > '~' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r)
}

// unwrapOp drops Go's "dial tcp x:y:" prefixes down to the cause.
func unwrapOp(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

// accepts tells whether a response status passes: 2xx or 3xx for Route
// 53, the group's matcher for a load-balancer target.
func (cfg *Config) accepts(status int) bool {
	switch {
	case cfg.elb != nil && len(cfg.elb.matcher) == 0:
		return status == 200 // ELB's default
	case cfg.elb != nil:
		return cfg.elb.matcher.Match(status)
	}
	return status >= 200 && status <= 399
}

// port is the configured port, else 80 for HTTP and 443 for HTTPS.
func (cfg *Config) port() int {
	if cfg.Port != 0 {
		return cfg.Port
	}
	if strings.HasPrefix(cfg.Type, "HTTPS") {
		return 443
	}
	return 80
}

// path is ResourcePath with its leading slash (Route 53 adds it).
func (cfg *Config) path() string {
	if !strings.HasPrefix(cfg.ResourcePath, "/") {
		return "/" + cfg.ResourcePath
	}
	return cfg.ResourcePath
}

// hostHeader follows §3.2: the FQDN (else the IP) alone on the scheme's
// default port, with ":port" otherwise.
func (cfg *Config) hostHeader(ip netip.Addr, https bool) string {
	host := cfg.FullyQualifiedDomainName
	if host == "" {
		host = ip.String()
		if ip.Is6() {
			host = "[" + host + "]"
		}
	}
	if (https && cfg.port() == 443) || (!https && cfg.port() == 80) {
		return host
	}
	return host + ":" + strconv.Itoa(cfg.port())
}

// sniName is the TLS server name: the FQDN when EnableSNI is on (the
// default when a name is given), else none.
func (cfg *Config) sniName() string {
	if cfg.EnableSNI != nil && !*cfg.EnableSNI {
		return ""
	}
	return cfg.FullyQualifiedDomainName
}

// target describes what the check probes, for status views.
func (cfg *Config) target() string {
	switch cfg.Type {
	case TypeCalculated:
		return fmt.Sprintf("%d of %v", cfg.HealthThreshold, cfg.ChildHealthChecks)
	}
	host := cfg.IPAddress
	if host == "" {
		host = cfg.FullyQualifiedDomainName
	}
	t := net.JoinHostPort(host, strconv.Itoa(cfg.port()))
	if strings.HasPrefix(cfg.Type, "HTTP") {
		return strings.ToLower(strings.TrimSuffix(cfg.Type, "_STR_MATCH")) + "://" + t + cfg.path()
	}
	return t
}
