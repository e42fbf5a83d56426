package healthcheck

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseMatcher(t *testing.T) {
	for _, tc := range []struct {
		in      string
		lo, hi  int
		match   []int
		nomatch []int
		err     string
	}{
		{in: "200", match: []int{200}, nomatch: []int{201, 199, 302}},
		{in: "200-299", match: []int{200, 250, 299}, nomatch: []int{199, 300}},
		{in: "200,202", match: []int{200, 202}, nomatch: []int{201}},
		{in: "200, 300-302", match: []int{200, 301}, nomatch: []int{299}},
		{in: "abc", err: `"abc" is not an HTTP status code`},
		{in: "200-", err: `"" is not an HTTP status code`},
		{in: "299-200", err: "runs backwards"},
		{in: "500", lo: 200, hi: 499, err: "500 is outside 200-499"},
		{in: "600", err: "600 is outside 100-599"},
	} {
		m, err := ParseMatcher(tc.in, tc.lo, tc.hi)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		for _, c := range tc.match {
			assert.True(t, m.Match(c), "%s matches %d", tc.in, c)
		}
		for _, c := range tc.nomatch {
			assert.False(t, m.Match(c), "%s does not match %d", tc.in, c)
		}
	}
	m, _ := ParseMatcher("200,300-302", 0, 0)
	assert.Equal(t, "200,300-302", m.String())
}

// TestTargetProbeMatcher: a target's probe passes by the group's matcher,
// not Route 53's 2xx/3xx, and sends ELB's kind of User-Agent.
func TestTargetProbeMatcher(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ping" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	addr := netip.MustParseAddrPort(srv.Listener.Addr().String())
	p := &Prober{}
	for _, tc := range []struct {
		matcher string
		ok      bool
	}{{"200", false}, {"200,202", true}, {"200-299", true}, {"", false}} {
		m, _ := ParseMatcher(tc.matcher, 0, 0)
		c := TargetCheck{Target: addr, Protocol: "HTTP", Port: int(addr.Port()), Path: "/ping", Matcher: m, Timeout: 2 * time.Second}
		cfg := c.config()
		r := p.Probe(context.Background(), &cfg)
		assert.Equal(t, tc.ok, r.OK, "matcher %q: %s", tc.matcher, r.Reason)
	}
}
