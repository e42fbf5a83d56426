package zones

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/go-memdb"
	"github.com/miekg/dns"
)

const (
	zoneTable = "zones"
	genTable  = "generation"
)

// sideRow holds what a generation publishes besides its zones.
type sideRow struct {
	ID  string
	Gen *Generation
}

// Store holds the published zones. A reload builds and checks a whole
// generation off to the side, then replaces it in one go-memdb write
// transaction, the record of what is published. Queries do not open memdb
// transactions: after each commit the store also publishes an immutable
// index of the committed generation through an atomic pointer, so a query
// costs one atomic load and a few map lookups, with no allocation (a memdb
// read transaction and its radix-tree lookups cost about half of a
// query's allocations).
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
	schema := &memdb.DBSchema{Tables: map[string]*memdb.TableSchema{
		zoneTable: {
			Name: zoneTable,
			Indexes: map[string]*memdb.IndexSchema{
				"id": {Name: "id", Unique: true, Indexer: originIndexer{}},
			},
		},
		genTable: {
			Name: genTable,
			Indexes: map[string]*memdb.IndexSchema{
				"id": {Name: "id", Unique: true, Indexer: &memdb.StringFieldIndex{Field: "ID"}},
			},
		},
	}}
	db, err := memdb.NewMemDB(schema)
	if err != nil {
		return nil, fmt.Errorf("zone store: %w", err)
	}
	s := &Store{db: db}
	s.index.Store(&index{zones: map[string]*Zone{}, gen: &Generation{}})
	return s, nil
}

// Replace publishes zs as the whole set of zones in one transaction, with
// no health checks, CIDR collections or latency table.
func (s *Store) Replace(zs []*Zone) error { return s.Publish(&Generation{Zones: zs}) }

// Publish makes gen what every query reads, in one transaction.
func (s *Store) Publish(gen *Generation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	txn := s.db.Txn(true)
	defer txn.Abort()
	if _, err := txn.DeleteAll(zoneTable, "id"); err != nil {
		return fmt.Errorf("zone store: %w", err)
	}
	for _, z := range gen.Zones {
		if err := txn.Insert(zoneTable, z); err != nil {
			return fmt.Errorf("zone store: insert %s: %w", z.Origin, err)
		}
	}
	if err := txn.Insert(genTable, &sideRow{ID: "current", Gen: gen}); err != nil {
		return fmt.Errorf("zone store: %w", err)
	}
	txn.Commit()
	s.index.Store(s.snapshot())
	return nil
}

// snapshot indexes what memdb now holds.
func (s *Store) snapshot() *index {
	txn := s.db.Txn(false)
	idx := &index{zones: map[string]*Zone{}, gen: &Generation{}}
	if raw, err := txn.First(genTable, "id", "current"); err == nil && raw != nil {
		idx.gen = raw.(*sideRow).Gen
	}
	if it, err := txn.Get(zoneTable, "id"); err == nil {
		for raw := it.Next(); raw != nil; raw = it.Next() {
			z := raw.(*Zone)
			idx.zones[z.Origin] = z
		}
	}
	return idx
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
func (v View) All() []*Zone {
	out := make([]*Zone, 0, len(v.idx.zones))
	for _, z := range v.idx.zones {
		out = append(out, z)
	}
	sort.Slice(out, func(i, j int) bool { return string(reversedKey(out[i].Origin)) < string(reversedKey(out[j].Origin)) })
	return out
}

// Generation returns the published generation (its zones, health checks,
// CIDR collections and latency table).
func (v View) Generation() *Generation { return v.idx.gen }

// originIndexer keys zones by their labels in reverse order, each followed
// by a dot (".test.example." for example.test.), so memdb keeps zones in
// tree order and the zone closest to a name is the longest key that
// prefixes the name's key.
type originIndexer struct{}

func (originIndexer) FromObject(raw any) (bool, []byte, error) {
	z, ok := raw.(*Zone)
	if !ok {
		return false, nil, fmt.Errorf("zone store: indexing %T", raw)
	}
	return true, reversedKey(z.Origin), nil
}

func (originIndexer) FromArgs(args ...any) ([]byte, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("zone store: one name expected, got %d", len(args))
	}
	name, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("zone store: name is %T, not string", args[0])
	}
	return reversedKey(name), nil
}

func (i originIndexer) PrefixFromArgs(args ...any) ([]byte, error) { return i.FromArgs(args...) }

// reversedKey writes name's labels from the root down, dot-terminated.
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
