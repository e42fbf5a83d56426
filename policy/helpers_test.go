package policy

import (
	"math"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
)

// mustRR parses one RR in zone-file syntax.
func mustRR(t testing.TB, s string) dns.RR {
	t.Helper()
	rr, err := dns.NewRR(s)
	if err != nil {
		t.Fatalf("bad RR %q: %v", s, err)
	}
	return rr
}

// a builds one A RR of name with TTL 60 per address.
func a(t testing.TB, name string, addrs ...string) []dns.RR {
	t.Helper()
	var rrs []dns.RR
	for _, ip := range addrs {
		rrs = append(rrs, mustRR(t, name+" 60 IN A "+ip))
	}
	return rrs
}

// values lists the answer's A addresses, sorted.
func values(r Result) []string {
	var out []string
	for _, rr := range r.RRs {
		switch v := rr.(type) {
		case *dns.A:
			out = append(out, v.A.String())
		default:
			out = append(out, rr.String())
		}
	}
	slices.Sort(out)
	return out
}

func joined(r Result) string { return strings.Join(values(r), " ") }

// health is a fake Health: listed checks have the given status, others are
// healthy.
type health map[string]bool

func (h health) Healthy(id string) bool {
	ok, listed := h[id]
	return ok || !listed
}

// down builds a health map in which every listed check is unhealthy.
func down(ids ...string) health {
	h := health{}
	for _, id := range ids {
		h[id] = false
	}
	return h
}

// pinned is a fake Rand that returns its values in turn.
type pinned struct {
	t      testing.TB
	values []int
	ranges []int // the n of every call
}

func (p *pinned) IntN(n int) int {
	p.ranges = append(p.ranges, n)
	if len(p.values) == 0 {
		p.t.Fatalf("pinned rand: unexpected draw from [0, %d)", n)
	}
	v := p.values[0]
	p.values = p.values[1:]
	if v < 0 || v >= n {
		p.t.Fatalf("pinned rand: value %d outside [0, %d)", v, n)
	}
	return v
}

// Shuffle fails the test: pinned draws are for choices, not orders.
func (p *pinned) Shuffle(n int, _ func(i, j int)) {
	p.t.Fatalf("pinned rand: unexpected shuffle of %d", n)
}

func seeded() *rand.Rand { return rand.New(rand.NewPCG(20260101, 53)) }

// locator is a fake geo.Locator answering for the listed addresses.
type locator map[netip.Addr]geo.Location

func (l locator) Locate(addr netip.Addr) (geo.Location, bool) {
	loc, ok := l[addr]
	return loc, ok
}

// targets is a fake Targets keyed by name.
type targets map[string]*Set

func (ts targets) Lookup(name string, qtype uint16) (*Set, bool) {
	s, ok := ts[name]
	if !ok || s.Type != qtype {
		return nil, false
	}
	return s, true
}

func client(s string) Client {
	p := netip.MustParsePrefix(s)
	return Client{Subnet: p, FromECS: p.Bits() < p.Addr().BitLen()}
}

// count runs Select n times and counts answers by their joined values.
func count(set *Set, c Client, env *Env, n int) map[string]int {
	got := map[string]int{}
	for range n {
		got[joined(Select(set, c, env))]++
	}
	return got
}

// chiSquare is Pearson's statistic for observed counts against expected
// probabilities; categories missing from observed count 0.
func chiSquare(observed map[string]int, expected map[string]float64) float64 {
	total := 0
	for _, n := range observed {
		total += n
	}
	var x float64
	for k, p := range expected {
		e := p * float64(total)
		d := float64(observed[k]) - e
		x += d * d / e
	}
	return x
}

// chiSquareCritical is the critical value at p = 0.001: exact table values
// for small df, the Wilson–Hilferty approximation above.
func chiSquareCritical(df int) float64 {
	table := []float64{0, 10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877, 29.588, 31.264}
	if df < len(table) {
		return table[df]
	}
	const z = 3.0902 // upper 0.001 quantile of the standard normal
	k := float64(df)
	return k * math.Pow(1-2/(9*k)+z*math.Sqrt(2/(9*k)), 3)
}

// checkDistribution fails unless observed fits expected at p = 0.001 and
// holds no category outside it.
func checkDistribution(t *testing.T, observed map[string]int, expected map[string]float64) {
	t.Helper()
	for k := range observed {
		if _, ok := expected[k]; !ok {
			t.Fatalf("unexpected answer %q (%d times); observed %v", k, observed[k], observed)
		}
	}
	x, crit := chiSquare(observed, expected), chiSquareCritical(len(expected)-1)
	if x > crit {
		t.Errorf("chi-square %.2f > critical %.2f (df %d): observed %v, expected %v", x, crit, len(expected)-1, observed, expected)
	}
}

func TestChiSquareHelper(t *testing.T) {
	// A fair split passes, a 60/40 split of 20,000 fails.
	fair := map[string]float64{"a": 0.5, "b": 0.5}
	if x := chiSquare(map[string]int{"a": 10050, "b": 9950}, fair); x > chiSquareCritical(1) {
		t.Errorf("fair split rejected: %.2f", x)
	}
	if x := chiSquare(map[string]int{"a": 12000, "b": 8000}, fair); x <= chiSquareCritical(1) {
		t.Errorf("biased split accepted: %.2f", x)
	}
	// Wilson–Hilferty is close to the exact quantile (596.7 for df 494).
	if c := chiSquareCritical(494); math.Abs(c-596.7) > 2 {
		t.Errorf("critical(494) = %.1f, want about 596.7", c)
	}
}

func atoi(t testing.TB, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }
