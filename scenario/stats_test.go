package scenario

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func weightedCase(t *testing.T, seed uint64, shares string, tolerance string) (*Runner, *File) {
	t.Helper()
	text := fmt.Sprintf("seed: %d\ncases:\n  - question: weighted.demo.test\n    expect:\n      distribution: {shares: %s, tolerance: %s}\n", seed, shares, tolerance)
	f, err := Parse("w.yaml", []byte(text))
	require.NoError(t, err)
	return demoRunner(t), f
}

// A correct weighted split passes under many seeds, a wrong one fails
// under every seed, and a seed repeats its run exactly.
func TestDistribution(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		r, f := weightedCase(t, seed, "{192.0.2.101: 70, 192.0.2.102: 30}", "0.02")
		res := r.Run(f)[0]
		assert.Equal(t, Pass, res.Status, "seed %d: %v", seed, res.Problems)
		again := r.Run(f)[0]
		assert.Equal(t, res.Draws, again.Draws, "seeded: the same draws")

		r, f = weightedCase(t, seed, "{192.0.2.101: 65, 192.0.2.102: 35}", "0.02")
		res = r.Run(f)[0]
		assert.Equal(t, Fail, res.Status, "seed %d: 5 points off with a tolerance of 2 fails", seed)
		again = r.Run(f)[0]
		assert.Equal(t, res.Problems, again.Problems, "repeatable to the digit")
	}
}

// An answer that is not in the shares counts as expected 0%.
func TestDistributionUnexpectedAnswer(t *testing.T) {
	r, f := weightedCase(t, 1, "{192.0.2.101: 1}", "5%")
	res := r.Run(f)[0]
	require.Equal(t, Fail, res.Status)
	assert.Contains(t, res.Problems[0], "192.0.2.102: expected 0.0% ± 5.0%")
}

// A share right at the edge of the tolerance cannot be decided by the
// intervals; the draws stop at max-draws and the observed share decides.
func TestDistributionUndecidedStopsAtMaxDraws(t *testing.T) {
	text := "cases:\n  - question: weighted.demo.test\n    expect:\n      distribution: {shares: {192.0.2.101: 72, 192.0.2.102: 28}, tolerance: 0.02, max-draws: 5000}\n"
	f, err := Parse("w.yaml", []byte(text))
	require.NoError(t, err)
	res := demoRunner(t).Run(f)[0]
	assert.Equal(t, 5000, res.Draws)
}

func TestWilson(t *testing.T) {
	lo, hi := wilson(700, 1000, 1.96)
	assert.InDelta(t, 0.6711, lo, 1e-3)
	assert.InDelta(t, 0.7274, hi, 1e-3)
	lo, hi = wilson(0, 1000, 1.96)
	assert.Equal(t, 0.0, lo)
	assert.InDelta(t, 0.0038, hi, 1e-3)
	assert.InDelta(t, 1.96, zFor(0.05), 1e-3)
}
