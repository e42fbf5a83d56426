package scenario

import (
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strings"

	"github.com/r53d/r53d/answer"
)

// familyAlpha is the chance, over all the shares of one distribution,
// that a test of shares that are right fails (or of wrong ones passes)
// at one look: small enough that a suite of hundreds of distributions
// stays reliable, and the draws are seeded anyway.
const familyAlpha = 1e-4

// firstDraws is how many lookups a distribution starts with; it doubles
// them until every share is decided.
const firstDraws = 1000

// verdict is what the draws so far say about the shares.
type verdict int

const (
	undecided verdict = iota
	within
	outside
)

// distribution draws the case's answer again and again from seed and
// tests each answer's share against the expectation: the Wilson score
// interval of every observed share (at a confidence that holds for all of
// them together, Bonferroni) must lie inside expected ± tolerance to pass,
// and a share whose interval lies wholly outside fails. It doubles the
// draws until one or the other, up to MaxDraws, then judges by the
// observed shares alone.
func (r *Runner) distribution(c *Case, routing *answer.Routing, client netip.Prefix, seed uint64, got *Got) ([]string, int) {
	d := c.Expect.Distribution
	counts := map[string]int{}
	r.finder.Seed(seed)
	n, target := 0, min(firstDraws, d.MaxDraws)
	for {
		for ; n < target; n++ {
			g := r.ask(&r.finder, routing, c, client)
			counts[g.key()]++
		}
		v, problems := judge(d, counts, n, false)
		if v != undecided {
			return problems, n
		}
		if n >= d.MaxDraws {
			_, problems = judge(d, counts, n, true)
			return problems, n
		}
		target = min(2*target, d.MaxDraws)
	}
}

// judge tests every answer seen or expected; final judges the undecided
// ones by their observed share.
func judge(d *Distribution, counts map[string]int, n int, final bool) (verdict, []string) {
	expected := map[string]float64{}
	keys := []string{}
	for _, s := range d.Shares {
		expected[s.Answer] += s.Share
		if !slices.Contains(keys, s.Answer) {
			keys = append(keys, s.Answer)
		}
	}
	var extra []string
	for k := range counts {
		if _, ok := expected[k]; !ok {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	keys = append(keys, extra...)
	z := zFor(familyAlpha / float64(len(keys)))
	all, bad := within, []string{}
	for _, k := range keys {
		e, c := expected[k], counts[k]
		lo, hi := wilson(c, n, z)
		observed := float64(c) / float64(n)
		switch {
		case hi < e-d.Tolerance || lo > e+d.Tolerance, final && math.Abs(observed-e) > d.Tolerance:
			all = outside
			bad = append(bad, fmt.Sprintf("%s: expected %.1f%% ± %.1f%%, got %.1f%% (%.1f–%.1f%%)",
				k, 100*e, 100*d.Tolerance, 100*observed, 100*lo, 100*hi))
		case lo >= e-d.Tolerance && hi <= e+d.Tolerance, final:
		default:
			if all == within {
				all = undecided
			}
		}
	}
	if all != outside {
		return all, nil
	}
	msg := fmt.Sprintf("distribution over %d draws: %s", n, strings.Join(bad, "; "))
	return outside, []string{msg}
}

// wilson is the Wilson score interval of a proportion c/n at the normal
// quantile z.
func wilson(c, n int, z float64) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	p, nf := float64(c)/float64(n), float64(n)
	z2 := z * z
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return max(0, centre-half), min(1, centre+half)
}

// zFor is the two-sided normal quantile for a false-alarm chance alpha.
func zFor(alpha float64) float64 {
	return math.Sqrt2 * math.Erfinv(1-alpha)
}
