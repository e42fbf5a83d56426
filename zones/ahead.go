package zones

import (
	"sync/atomic"

	"github.com/miekg/dns"
)

// aheadBatch is how many records the parser hands the builder at a time:
// enough that the hand-over costs nothing next to the records.
const aheadBatch = 4096

// buildAhead files a master file's records into a builder while the file
// is still being read, so a large zone loads on two cores: the parser on
// one, the builder on the other. It is the builder buildZone would make
// for the zone the file's first SOA names; the loader uses it only when
// that is the zone's origin and these records are all the zone's records,
// and builds from the records again otherwise (adding a record twice
// gives the same record: names in canonical form, the RRset's TTL).
type buildAhead struct {
	batches chan []sourced // the parser's records so far, one backing array
	done    chan struct{}
	stop    atomic.Bool // the parser gave up on it: ignore what is left
	sent    int         // records handed over (parser side)
	b       *builder    // nil until a SOA names the zone
	scanned int         // records searched for that SOA
}

func newBuildAhead() *buildAhead {
	a := &buildAhead{batches: make(chan []sourced, 4), done: make(chan struct{})}
	go a.run()
	return a
}

// offer hands over the records not yet sent, once there are a batch of
// them (or all of them, when final).
func (a *buildAhead) offer(out []sourced, final bool) {
	if len(out)-a.sent >= aheadBatch || final && len(out) > a.sent {
		a.batches <- out
		a.sent = len(out)
	}
}

// finish tells the builder the file is read; abandon, that its records
// will not be used (they are about to move, or reading stopped).
func (a *buildAhead) finish() { close(a.batches) }

func (a *buildAhead) abandon() {
	a.stop.Store(true)
	close(a.batches)
	<-a.done
}

// result waits for the builder and returns it if it holds exactly
// records; nil otherwise (and for no buildAhead). The caller checks its
// origin.
func (a *buildAhead) result(records []sourced) *builder {
	if a == nil {
		return nil
	}
	<-a.done
	b := a.b
	if a.stop.Load() || b == nil || len(b.places) != len(records) || len(records) == 0 || &b.places[0] != &records[0] {
		return nil
	}
	return b
}

func (a *buildAhead) run() {
	defer close(a.done)
	next := 0
	for recs := range a.batches {
		if a.stop.Load() {
			continue
		}
		if a.b == nil {
			if a.b = builderFor(recs, a.scanned); a.b == nil {
				a.scanned = len(recs)
				continue
			}
		}
		a.b.places = recs
		for ; next < len(recs); next++ {
			a.b.add(next)
		}
	}
}

// builderFor starts the builder of the zone named by the first SOA among
// recs (none before from), as the loader names a master file's zone, with
// that SOA's class as the zone's; nil when there is no SOA yet.
func builderFor(recs []sourced, from int) *builder {
	for _, s := range recs[from:] {
		if soa, ok := s.rr.(*dns.SOA); ok {
			b := newBuilder(dns.CanonicalName(soa.Hdr.Name), cap(recs))
			b.class = soa.Hdr.Class
			return b
		}
	}
	return nil
}
