package zones

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/go-memdb"
	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/resources"
)

// Generation is what one commit of the store publishes: the zones and what
// their records refer to. Queries read it through a View; it is never
// modified once published.
type Generation struct {
	Zones        []*Zone // ordered by name from the root down
	HealthChecks []healthcheck.Check
	// CIDRCollections are the collections of IP-based routing; CIDR is
	// them compiled for lookups (the store derives it on publishing).
	CIDRCollections []policy.CIDRCollection
	CIDR            *policy.CIDRCollections
	Latency         *geo.LatencyTable // nil when there is none
	// Resources are the AWS resources aliases and traffic policies
	// answer through; nil when there is no resources file.
	Resources *resources.Set
}

// Store is the store of record: every writer (the loader, and later an API
// applying change batches) goes through its go-memdb write transactions
// (Update), so a batch is published whole or not at all. Queries never open
// memdb transactions: each commit derives an immutable index of what it
// committed, published through an atomic pointer, so a query costs one
// atomic load and a few map lookups, with no allocation.
//
// A row holds one whole zone (with its record sets sorted for listing on
// demand), not one record set: a row per RRset makes a 1,000,000-record
// zone cost seconds and hundreds of MiB more to load, for indexes a zone
// can keep in one sorted slice.
type Store struct {
	db    *memdb.MemDB
	mu    sync.Mutex // one writer at a time
	index atomic.Pointer[index]
}

// index is one published generation, keyed for lookups. Never modified.
type index struct {
	zones map[string]*Zone
	gen   *Generation
}

// NewStore returns an empty store.
func NewStore() (*Store, error) {
	db, err := memdb.NewMemDB(schema())
	if err != nil {
		return nil, fmt.Errorf("zone store: %w", err)
	}
	s := &Store{db: db}
	s.index.Store(&index{zones: map[string]*Zone{}, gen: &Generation{}})
	return s, nil
}

// Update runs fn in one write transaction. When fn returns an error, or
// what it wrote does not make a consistent generation, nothing of it is
// published. Otherwise the transaction commits and queries see all of it
// at once: the index is derived again for the zones fn touched only.
func (s *Store) Update(fn func(*Txn) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &Txn{tx: s.db.Txn(true), zones: map[string]bool{}}
	defer tx.tx.Abort() // no-op once committed
	if err := fn(tx); err != nil {
		return err
	}
	next, err := s.derive(tx)
	if err != nil {
		return err
	}
	tx.tx.Commit()
	s.index.Store(next)
	return nil
}

// Read runs fn in a read transaction: a consistent snapshot of the store
// of record, for listings. Writes through it fail.
func (s *Store) Read(fn func(*Txn) error) error {
	return fn(&Txn{tx: s.db.Txn(false), zones: map[string]bool{}})
}

// Publish makes gen the whole content of the store, in one transaction.
func (s *Store) Publish(gen *Generation) error {
	return s.Update(func(tx *Txn) error {
		keep := map[string]bool{}
		for _, z := range gen.Zones {
			keep[z.Origin] = true
		}
		if err := tx.DeleteZonesExcept(keep); err != nil {
			return err
		}
		if err := tx.releaseIDs(gen.Zones); err != nil {
			return err
		}
		for _, z := range gen.Zones {
			if _, err := tx.PutZone(z); err != nil {
				return err
			}
		}
		if err := tx.ReplaceHealthChecks(gen.HealthChecks); err != nil {
			return err
		}
		if err := tx.ReplaceCIDRCollections(gen.CIDRCollections); err != nil {
			return err
		}
		if err := tx.SetLatency(gen.Latency); err != nil {
			return err
		}
		return tx.SetResources(gen.Resources)
	})
}

// Replace publishes zs as the whole set of zones, with no health checks,
// CIDR collections, latency table or resources.
func (s *Store) Replace(zs []*Zone) error { return s.Publish(&Generation{Zones: zs}) }

// derive builds the index after tx: the previous one with the zones tx
// touched replaced, and the side data read again when tx changed it.
func (s *Store) derive(tx *Txn) (*index, error) {
	prev := s.index.Load()
	if len(tx.zones) == 0 && !tx.side {
		return prev, nil
	}
	next := &index{zones: prev.zones, gen: prev.gen}
	if len(tx.zones) > 0 {
		next.zones = maps.Clone(prev.zones)
		for origin := range tx.zones {
			if hz, ok := tx.zoneRow(origin); ok {
				next.zones[origin] = hz.Zone
			} else {
				delete(next.zones, origin)
			}
		}
	}
	gen := *prev.gen
	gen.Zones = sortedZones(next.zones)
	if tx.side {
		var err error
		if gen.HealthChecks, err = tx.HealthChecks(); err != nil {
			return nil, err
		}
		if gen.CIDRCollections, err = tx.CIDRCollections(); err != nil {
			return nil, err
		}
		gen.CIDR = nil // none: IP-based records answer their default
		if len(gen.CIDRCollections) > 0 {
			if gen.CIDR, err = policy.NewCIDRCollections(gen.CIDRCollections); err != nil {
				return nil, fmt.Errorf("zone store: CIDR collections: %w", err)
			}
		}
		if gen.Latency, err = tx.Latency(); err != nil {
			return nil, err
		}
		if gen.Resources, err = tx.Resources(); err != nil {
			return nil, err
		}
	}
	next.gen = &gen
	return next, nil
}

func sortedZones(m map[string]*Zone) []*Zone {
	out := slices.Collect(maps.Values(m))
	slices.SortFunc(out, func(a, b *Zone) int {
		return strings.Compare(string(reversedKey(a.Origin)), string(reversedKey(b.Origin)))
	})
	return out
}

// View is one consistent read of the store: every lookup through it sees
// the same generation.
type View struct{ idx *index }

// View opens a read view: one atomic load, no lock, no allocation.
func (s *Store) View() View { return View{idx: s.index.Load()} }

// Closest returns the zone that most closely encloses name (lower case).
func (v View) Closest(name string) (*Zone, bool) {
	for off := 0; ; {
		if z, ok := v.idx.zones[name[off:]]; ok {
			return z, true
		}
		var end bool
		if off, end = dns.NextLabel(name, off); end {
			break
		}
	}
	z, ok := v.idx.zones["."]
	return z, ok
}

// Zone returns the zone named exactly origin.
func (v View) Zone(origin string) (*Zone, bool) {
	z, ok := v.idx.zones[origin]
	return z, ok
}

// All returns every zone, ordered by name from the root down.
func (v View) All() []*Zone { return v.idx.gen.Zones }

// Generation returns the published generation (its zones, health checks,
// CIDR collections and latency table).
func (v View) Generation() *Generation { return v.idx.gen }

// reversedKey writes name's labels from the root down, dot-terminated
// (".test.example." for example.test.): the order of zone trees, and of
// Route 53's listings.
func reversedKey(name string) []byte {
	name = strings.ToLower(dns.Fqdn(name))
	key := make([]byte, 1, len(name)+1)
	key[0] = '.'
	end := len(name) - 1 // drop the root's dot
	for end > 0 {
		start := end
		for start > 0 && !(name[start-1] == '.' && !escaped(name, start-1)) {
			start--
		}
		key = append(key, name[start:end]...)
		key = append(key, '.')
		end = start - 1
	}
	return key
}

// escaped reports whether the byte at i is escaped by a backslash.
func escaped(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}
