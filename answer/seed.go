package answer

import "math/rand/v2"

// Seed makes the Finder draw its random numbers from seed, the same
// sequence Explain(seed) draws, without recording traces: r53d test
// repeats a case's draws fast and explains only the ones that failed.
func (f *Finder) Seed(seed uint64) {
	f.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}
