package cmd

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"unicode/utf8"
)

// The admin port can force health checks and so move traffic: requests
// pass two guards before any handler sees them. hostGuard refuses a Host
// that is not a name of this server (a DNS-rebinding page in a browser
// sends its own name); authGuard asks for credentials when a token is
// configured.

// authScheme verifies the credentials of one HTTP authentication scheme
// (RFC 9110 §11.4): what follows the scheme name in Authorization.
// Bearer is the only one here: the Route 53 API verifies SigV4 itself
// (it needs the body, and answers in AWS's error form), so its paths are
// handed to it whole (authGuard.selfAuth).
type authScheme interface {
	verify(r *http.Request, credentials string) bool
}

// bearerToken is RFC 6750 bearer authentication with one shared token.
// It compares SHA-256 sums in constant time, so neither the token's bytes
// nor its length show in the time a wrong guess takes.
type bearerToken struct{ sum [sha256.Size]byte }

func newBearerToken(token string) bearerToken {
	return bearerToken{sum: sha256.Sum256([]byte(token))}
}

func (b bearerToken) verify(_ *http.Request, credentials string) bool {
	got := sha256.Sum256([]byte(credentials))
	return subtle.ConstantTimeCompare(got[:], b.sum[:]) == 1
}

// authGuard lets a request through when it carries valid credentials of
// a known scheme, or when it reads one of the open paths. With no scheme
// configured everyone is let through: r53d refuses to start that way
// unless the admin port listens on loopback only.
type authGuard struct {
	schemes map[string]authScheme // by lower-case scheme name (names are case-insensitive)
	open    map[string]bool       // paths anyone who reaches the port may GET
	// selfAuth, when set, is a path prefix whose handler authenticates
	// every request itself (the Route 53 API with --iam): AWS clients
	// cannot send the bearer token.
	selfAuth string
}

func (g authGuard) wrap(next http.Handler) http.Handler {
	if len(g.schemes) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g.selfAuth != "" && strings.HasPrefix(r.URL.Path, g.selfAuth) {
			next.ServeHTTP(w, r)
			return
		}
		if g.open[r.URL.Path] && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		if r.Header.Get("Authorization") == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="r53d admin"`)
			writeAdminError(w, http.StatusUnauthorized, "this admin API needs a token: Authorization: Bearer TOKEN (r53d health --admin-token-file FILE)")
			return
		}
		if !g.authenticate(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="r53d admin", error="invalid_token"`)
			writeAdminError(w, http.StatusUnauthorized, "the admin token was not accepted")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (g authGuard) authenticate(r *http.Request) bool {
	scheme, credentials, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok {
		return false
	}
	s, known := g.schemes[strings.ToLower(scheme)]
	return known && s.verify(r, strings.TrimSpace(credentials))
}

// hostGuard answers 421 Misdirected Request (RFC 9110 §15.5.20) to a
// request whose Host is not a name of this server. The port is not
// compared: rebinding needs a foreign name, not a foreign port, and a
// port mapping (a container's, a tunnel's) changes the port legitimately.
type hostGuard struct {
	names map[string]bool     // lower case, without a final dot
	addrs map[netip.Addr]bool // IP literals
	// anyIP accepts every IP literal: the server listens on all
	// addresses, and an IP literal cannot be a rebinding page's name.
	anyIP bool
}

// newHostGuard allows the host of --admin, the bound address, the names
// given with --admin-host and, when loopback is reachable, localhost,
// 127.0.0.1 and ::1.
func newHostGuard(configured string, bound netip.Addr, extra []string) hostGuard {
	g := hostGuard{names: map[string]bool{}, addrs: map[netip.Addr]bool{}}
	host, _, _ := net.SplitHostPort(configured)
	for _, h := range append([]string{host, bound.String()}, extra...) {
		g.add(h)
	}
	if bound.IsLoopback() || bound.IsUnspecified() {
		g.add("localhost")
		g.add("127.0.0.1")
		g.add("::1")
	}
	g.anyIP = bound.IsUnspecified()
	return g
}

func (g hostGuard) add(host string) {
	host = hostname(host)
	if a, err := netip.ParseAddr(host); err == nil {
		g.addrs[a.Unmap().WithZone("")] = true
	} else if host != "" {
		g.names[host] = true
	}
}

func (g hostGuard) allows(host string) bool {
	host = hostname(host)
	if a, err := netip.ParseAddr(host); err == nil {
		return g.anyIP || g.addrs[a.Unmap().WithZone("")]
	}
	return host != "" && g.names[host]
}

// hostname is the host of a Host header or a flag value without port,
// brackets, final dot or case.
func hostname(hostport string) string {
	h, _, err := net.SplitHostPort(hostport)
	if err != nil {
		h = strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
	}
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

func (g hostGuard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !g.allows(r.Host) {
			writeAdminError(w, http.StatusMisdirectedRequest, fmt.Sprintf("Host %q is not a name of this admin server (add it with --admin-host)", r.Host))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// readTokenFile reads the admin token: the file's one line, surrounding
// white space removed. It is read once, at start.
func readTokenFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		err = pe.Err // the path is named below
	}
	if err != nil {
		return "", fmt.Errorf("--admin-token-file %s: %w", path, err)
	}
	token := strings.TrimSpace(string(data))
	if token == "" {
		return "", fmt.Errorf("--admin-token-file %s: the file is empty", path)
	}
	if i := strings.IndexFunc(token, notTokenChar); i >= 0 {
		bad, _ := utf8.DecodeRuneInString(token[i:])
		return "", fmt.Errorf("--admin-token-file %s: %q cannot be part of a token (letters, digits and -._~+/= only, RFC 6750 §2.1)", path, bad)
	}
	return token, nil
}

// notTokenChar is false for the characters of RFC 6750's b64token.
func notTokenChar(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return false
	}
	return !strings.ContainsRune("-._~+/=", r)
}

// isLoopback reports whether the admin address addr (host:port) can be
// reached from this machine only.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

// adminFlags checks serve's admin flags before anything starts: an admin
// port that other machines can reach needs a token.
func adminFlags(opts ServeOptions) (adminOptions, error) {
	a := adminOptions{Addr: opts.Admin, Hosts: opts.AdminHosts}
	if opts.Admin == "" {
		return a, nil
	}
	if opts.AdminTokenFile != "" {
		token, err := readTokenFile(opts.AdminTokenFile)
		if err != nil {
			return a, err
		}
		a.Token = token
	}
	if a.Token == "" && !isLoopback(opts.Admin) {
		return a, fmt.Errorf("--admin %s is not a loopback address: give --admin-token-file FILE, "+
			"or anyone who reaches the port can force health checks and move traffic (and --iam FILE, or the Route 53 API "+
			"there can change every zone)", opts.Admin)
	}
	for _, h := range opts.AdminHosts {
		if hostname(h) == "" {
			return a, fmt.Errorf("--admin-host %q: want a name or an address", h)
		}
	}
	return a, nil
}
