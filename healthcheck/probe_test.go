package healthcheck

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// serverConfig is a check of type typ aimed at a test server by IP.
func serverConfig(t *testing.T, typ string, srv *httptest.Server) Config {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	return Config{Type: typ, IPAddress: "127.0.0.1", Port: port}
}

func probe(t *testing.T, cfg Config) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	return (&Prober{}).Probe(ctx, &cfg)
}

func wantHealthy(t *testing.T, r Result) {
	t.Helper()
	if !r.OK || r.Reason != "" || r.At.IsZero() || r.Latency <= 0 {
		t.Fatalf("want a healthy result, got %+v", r)
	}
}

func wantUnhealthy(t *testing.T, r Result, reason string) {
	t.Helper()
	if r.OK || !strings.Contains(r.Reason, reason) {
		t.Fatalf("want unhealthy with a reason containing %q, got %+v", reason, r)
	}
}

// request is what a test server saw of the probe's request.
type request struct {
	host, path, userAgent, serverName, acceptEncoding string
	tls                                               bool
}

// recordingServer answers code (and body) and hands each request to seen.
func recordingServer(t *testing.T, tlsServer bool, code int, body string) (*httptest.Server, chan request) {
	t.Helper()
	seen := make(chan request, 8)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := request{host: r.Host, path: r.URL.RequestURI(), userAgent: r.UserAgent(), acceptEncoding: r.Header.Get("Accept-Encoding"), tls: r.TLS != nil}
		if r.TLS != nil {
			req.serverName = r.TLS.ServerName
		}
		seen <- req
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	})
	srv := httptest.NewUnstartedServer(h)
	if tlsServer {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv, seen
}

func TestProbeHTTPStatus(t *testing.T) {
	tests := []struct {
		code int
		ok   bool
	}{{200, true}, {204, true}, {302, true}, {399, true}, {404, false}, {500, false}, {503, false}}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.code), func(t *testing.T) {
			srv, seen := recordingServer(t, false, tt.code, "")
			r := probe(t, serverConfig(t, TypeHTTP, srv))
			if tt.ok {
				wantHealthy(t, r)
				if want := "HTTP Status Code " + strconv.Itoa(tt.code) + ", " + http.StatusText(tt.code); r.Detail != want {
					t.Errorf("detail %q, want %q", r.Detail, want)
				}
			} else {
				// Route 53's wording: Status Code, its text, the address.
				wantUnhealthy(t, r, "HTTP Status Code "+strconv.Itoa(tt.code)+", "+http.StatusText(tt.code)+". Resolved IP: 127.0.0.1")
			}
			if req := <-seen; req.tls || req.path != "/" {
				t.Errorf("request %+v", req)
			}
		})
	}
}

// TestProbeRedirectNotFollowed: a 3xx is healthy as it stands (§3.1).
func TestProbeRedirectNotFollowed(t *testing.T) {
	var followed atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/target", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/target", func(w http.ResponseWriter, _ *http.Request) {
		followed.Add(1)
		http.Error(w, "down", http.StatusInternalServerError)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	wantHealthy(t, probe(t, serverConfig(t, TypeHTTP, srv)))
	srv.Close() // waits for any request in flight
	if n := followed.Load(); n != 0 {
		t.Fatalf("the redirect target got %d requests", n)
	}
}

func TestProbeRequest(t *testing.T) {
	tests := []struct {
		name           string
		https          bool
		fqdn, path     string
		sni            *bool
		wantHost       string // "%p" is the server's port
		wantPath       string
		wantServerName string
	}{
		{name: "HTTP by IP", wantHost: "127.0.0.1:%p", wantPath: "/"},
		{name: "HTTP by IP with FQDN", fqdn: "www.example.com", path: "health?full=1", wantHost: "www.example.com:%p", wantPath: "/health?full=1"},
		{name: "HTTPS by IP", https: true, path: "/status", wantHost: "127.0.0.1:%p", wantPath: "/status"},
		{name: "HTTPS with SNI", https: true, fqdn: "www.example.com", sni: ptr(true), wantHost: "www.example.com:%p", wantPath: "/", wantServerName: "www.example.com"},
		{name: "HTTPS SNI by default", https: true, fqdn: "www.example.com", wantHost: "www.example.com:%p", wantPath: "/", wantServerName: "www.example.com"},
		{name: "HTTPS without SNI", https: true, fqdn: "www.example.com", sni: ptr(false), wantHost: "www.example.com:%p", wantPath: "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, seen := recordingServer(t, tt.https, http.StatusOK, "")
			typ := TypeHTTP
			if tt.https {
				typ = TypeHTTPS
			}
			cfg := serverConfig(t, typ, srv)
			cfg.FullyQualifiedDomainName, cfg.ResourcePath, cfg.EnableSNI = tt.fqdn, tt.path, tt.sni
			wantHealthy(t, probe(t, cfg))
			req := <-seen
			wantHost := strings.ReplaceAll(tt.wantHost, "%p", strconv.Itoa(cfg.Port))
			if req.host != wantHost || req.path != tt.wantPath || req.tls != tt.https || req.serverName != tt.wantServerName {
				t.Errorf("server saw %+v; want host %q path %q TLS %v server name %q", req, wantHost, tt.wantPath, tt.https, tt.wantServerName)
			}
			if req.userAgent != UserAgent || !strings.Contains(UserAgent, "Amazon-Route53-Health-Check-Service") {
				t.Errorf("User-Agent %q", req.userAgent)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestHostHeader covers the default-port rules of §3.2, which need ports
// 80 and 443 a test cannot bind.
func TestHostHeader(t *testing.T) {
	v4, v6 := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("2001:db8::1")
	tests := []struct {
		typ  string
		port int
		fqdn string
		ip   netip.Addr
		want string
	}{
		{TypeHTTP, 0, "", v4, "192.0.2.1"},
		{TypeHTTP, 80, "www.example.com", v4, "www.example.com"},
		{TypeHTTP, 443, "www.example.com", v4, "www.example.com:443"},
		{TypeHTTP, 8080, "", v4, "192.0.2.1:8080"},
		{TypeHTTPS, 0, "www.example.com", v4, "www.example.com"},
		{TypeHTTPSStrMatch, 443, "", v4, "192.0.2.1"},
		{TypeHTTPS, 80, "", v4, "192.0.2.1:80"},
		{TypeHTTPS, 443, "", v6, "[2001:db8::1]"},
		{TypeHTTPStrMatch, 8080, "", v6, "[2001:db8::1]:8080"},
	}
	for _, tt := range tests {
		cfg := Config{Type: tt.typ, Port: tt.port, FullyQualifiedDomainName: tt.fqdn}
		if got := cfg.hostHeader(tt.ip, strings.HasPrefix(tt.typ, "HTTPS")); got != tt.want {
			t.Errorf("%s port %d fqdn %q ip %s: Host %q, want %q", tt.typ, tt.port, tt.fqdn, tt.ip, got, tt.want)
		}
	}
}

func TestProbeTCP(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
			accepted <- struct{}{}
		}
	}()
	r := probe(t, Config{Type: TypeTCP, IPAddress: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port})
	wantHealthy(t, r)
	if r.Detail != "TCP connection established" {
		t.Errorf("detail %q", r.Detail)
	}
	<-accepted
}

func TestProbeClosedPort(t *testing.T) {
	port := closedPort(t)
	for _, typ := range []string{TypeTCP, TypeHTTP, TypeHTTPS, TypeHTTPSStrMatch} {
		cfg := Config{Type: typ, IPAddress: "127.0.0.1", Port: port, SearchString: "x"}
		r := probe(t, cfg)
		wantUnhealthy(t, r, "127.0.0.1:"+strconv.Itoa(port))
		if !strings.Contains(r.Reason, "refused") {
			t.Errorf("%s: reason %q does not say the connection was refused", typ, r.Reason)
		}
	}
}

func TestProbeBadConfig(t *testing.T) {
	wantUnhealthy(t, probe(t, Config{Type: TypeTCP, IPAddress: "not-an-ip", Port: 1}), "not-an-ip")
	wantUnhealthy(t, probe(t, Config{Type: TypeCalculated, IPAddress: "127.0.0.1", Port: 1}), "not probed")
}

// rawServer accepts connections and hands each to serve.
func rawServer(t *testing.T, serve func(net.Conn)) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go serve(c)
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// TestProbeBadResponses: headers that break RFC 7230 §3.2 or exceed
// 16 KiB fail the check (§3.1).
func TestProbeBadResponses(t *testing.T) {
	tests := []struct {
		name, response string
		ok             bool
	}{
		{"well-formed", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true},
		{"token characters in field names", "HTTP/1.1 200 OK\r\nX-A_b.c!#$%&'*+^`|~9: x\r\nContent-Length: 0\r\n\r\n", true},
		{"space in a field name", "HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n", false},
		{"space before the colon", "HTTP/1.1 200 OK\r\nX-Name : x\r\nContent-Length: 0\r\n\r\n", false},
		{"parenthesis in a field name", "HTTP/1.1 200 OK\r\nBad(Name): x\r\nContent-Length: 0\r\n\r\n", false},
		{"line without a colon", "HTTP/1.1 200 OK\r\nNoColon\r\nContent-Length: 0\r\n\r\n", false},
		{"not HTTP", "SSH-2.0-OpenSSH_9.6\r\n", false},
		{"8 KiB of headers", "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("a", 8<<10) + "\r\nContent-Length: 0\r\n\r\n", true},
		{"20 KiB of headers", "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("a", 20<<10) + "\r\nContent-Length: 0\r\n\r\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port := rawServer(t, func(c net.Conn) {
				defer c.Close()
				buf := make([]byte, 4096)
				_, _ = c.Read(buf)
				_, _ = c.Write([]byte(tt.response))
			})
			r := probe(t, Config{Type: TypeHTTP, IPAddress: "127.0.0.1", Port: port})
			if r.OK != tt.ok {
				t.Fatalf("OK = %v, want %v (%s)", r.OK, tt.ok, r.Reason)
			}
		})
	}
}

// shortTimeouts stand in for Route 53's 2 s limits, so that a timeout
// test waits a tenth of a second; the code paths are the same.
var shortTimeouts = Timeouts{Headers: 100 * time.Millisecond, Body: 100 * time.Millisecond}

// probeWith probes cfg with the given timeouts and says how long it took.
func probeWith(t *testing.T, lim Timeouts, cfg Config) (Result, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	start := time.Now()
	r := (&Prober{Timeouts: lim}).Probe(ctx, &cfg)
	return r, time.Since(start)
}

// wantAbout fails unless a probe gave up after about limit: not before it,
// and not long after (slack covers a loaded machine).
func wantAbout(t *testing.T, took, limit time.Duration) {
	t.Helper()
	if took < limit || took > limit+time.Second {
		t.Errorf("gave up after %v, want about %v", took, limit)
	}
}

// TestProbeTimeouts: a server that sends no headers, one that accepts TCP
// but never finishes the TLS handshake, and one that sends headers but no
// body to search all fail once their limit passes.
func TestProbeTimeouts(t *testing.T) {
	t.Run("slow headers", func(t *testing.T) {
		t.Parallel()
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			<-release
			w.WriteHeader(http.StatusOK)
		}))
		defer srv.Close()
		defer close(release) // lets the handler go before Close waits for it
		r, took := probeWith(t, shortTimeouts, serverConfig(t, TypeHTTP, srv))
		wantUnhealthy(t, r, "timeout awaiting response headers")
		wantAbout(t, took, shortTimeouts.Headers)
	})
	t.Run("silent TLS", func(t *testing.T) {
		t.Parallel()
		hold := make(chan struct{})
		defer close(hold)
		port := rawServer(t, func(c net.Conn) {
			defer c.Close()
			<-hold
		})
		r, took := probeWith(t, shortTimeouts, Config{Type: TypeHTTPS, IPAddress: "127.0.0.1", Port: port})
		if r.OK {
			t.Fatalf("a server that never answers TLS is healthy: %+v", r)
		}
		wantAbout(t, took, shortTimeouts.Headers)
	})
	t.Run("slow body", func(t *testing.T) {
		t.Parallel()
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			<-release
			_, _ = w.Write([]byte("ready"))
		}))
		defer srv.Close()
		defer close(release)
		cfg := serverConfig(t, TypeHTTPStrMatch, srv)
		cfg.SearchString = "ready"
		r, took := probeWith(t, shortTimeouts, cfg)
		wantUnhealthy(t, r, "the body did not arrive within 100ms")
		wantAbout(t, took, shortTimeouts.Body)
	})
}

// TestDefaultTimeouts: a Prober without Timeouts uses Route 53's limits,
// and a partial Timeouts keeps them for the fields it leaves zero.
func TestDefaultTimeouts(t *testing.T) {
	want := Timeouts{TCPConnect: 10 * time.Second, HTTPConnect: 4 * time.Second, Headers: 2 * time.Second, Body: 2 * time.Second}
	if got := DefaultTimeouts(); got != want {
		t.Errorf("DefaultTimeouts() = %+v, want %+v", got, want)
	}
	if got := (Timeouts{}).orDefault(); got != want {
		t.Errorf("zero Timeouts mean %+v, want %+v", got, want)
	}
	partial := want
	partial.Headers = 100 * time.Millisecond
	if got := (Timeouts{Headers: 100 * time.Millisecond}).orDefault(); got != partial {
		t.Errorf("Timeouts{Headers: 100ms} mean %+v, want %+v", got, partial)
	}
}
