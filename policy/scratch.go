package policy

import (
	"net/netip"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/resources"
)

// Scratch is memory one goroutine lends Select from query to query, so a
// selection that needs room of its own — the values of several records,
// a shuffled copy, latency measurements — allocates nothing once warm.
// Within one Select it only grows: an alias target's decision takes room
// after its caller's, never over it. A Scratch is not safe for
// concurrent use; Result.RRs may live in it until the next Select that
// uses it.
type Scratch struct {
	rrs     []dns.RR
	ms      []float64
	regions []string
	addrs   []netip.Addr // a resource's addresses, one alias at a time

	// The records of resource addresses answered so far, for the
	// resources Set they belong to (see resourceRR).
	resourceSet   *resources.Set
	resourceCache map[*resources.Resource][]resourceRecord
}

// reset makes the whole Scratch free again, at the start of a Select.
func (sc *Scratch) reset() {
	if sc != nil {
		clear(sc.rrs) // drop references to records of earlier answers
		sc.rrs, sc.ms, sc.regions = sc.rrs[:0], sc.ms[:0], sc.regions[:0]
	}
}

// take returns n elements of *buf past the ones already taken, growing
// into a new array when *buf is full (slices taken before keep the old
// one). Without a Scratch (buf nil) it allocates.
func take[T any](buf *[]T, n int) []T {
	if buf == nil {
		return make([]T, n)
	}
	b := *buf
	if cap(b)-len(b) < n {
		b = make([]T, 0, max(2*cap(b), n, 16))
	}
	start := len(b)
	b = b[:start+n]
	*buf = b
	return b[start : start+n : start+n]
}

func (sc *Scratch) takeRRs(n int) []dns.RR {
	if sc == nil {
		return make([]dns.RR, n)
	}
	return take(&sc.rrs, n)
}

func (sc *Scratch) takeMs(n int) []float64 {
	if sc == nil {
		return make([]float64, n)
	}
	return take(&sc.ms, n)
}

func (sc *Scratch) takeRegions(n int) []string {
	if sc == nil {
		return make([]string, n)
	}
	return take(&sc.regions, n)
}
