package zones

import (
	"fmt"
	"strings"

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
// generation off to the side, then replaces it in one write transaction;
// queries read through View without locking (go-memdb's immutable radix
// trees make every read transaction a consistent snapshot).
type Store struct {
	db *memdb.MemDB
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
	return &Store{db: db}, nil
}

// Replace publishes zs as the whole set of zones in one transaction, with
// no health checks, CIDR collections or latency table.
func (s *Store) Replace(zs []*Zone) error { return s.Publish(&Generation{Zones: zs}) }

// Publish makes gen what every query reads, in one transaction.
func (s *Store) Publish(gen *Generation) error {
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
	return nil
}

// Generation returns the published generation (its zones, health checks,
// CIDR collections and latency table), or an empty one.
func (v View) Generation() *Generation {
	raw, err := v.txn.First(genTable, "id", "current")
	if err != nil || raw == nil {
		return &Generation{}
	}
	return raw.(*sideRow).Gen
}

// View is one consistent read of the store.
type View struct{ txn *memdb.Txn }

// View opens a read view. It never blocks writers or other readers.
func (s *Store) View() View { return View{txn: s.db.Txn(false)} }

// Closest returns the zone that most closely encloses name (lower case).
func (v View) Closest(name string) (*Zone, bool) {
	raw, err := v.txn.LongestPrefix(zoneTable, "id_prefix", name)
	if err != nil || raw == nil {
		return nil, false
	}
	return raw.(*Zone), true
}

// Zone returns the zone named exactly origin.
func (v View) Zone(origin string) (*Zone, bool) {
	raw, err := v.txn.First(zoneTable, "id", origin)
	if err != nil || raw == nil {
		return nil, false
	}
	return raw.(*Zone), true
}

// All returns every zone, ordered by name key.
func (v View) All() []*Zone {
	it, err := v.txn.Get(zoneTable, "id")
	if err != nil {
		return nil
	}
	var out []*Zone
	for raw := it.Next(); raw != nil; raw = it.Next() {
		out = append(out, raw.(*Zone))
	}
	return out
}

// originIndexer keys zones by their labels in reverse order, each followed
// by a dot (".test.example." for example.test.), so that the zone closest
// to a name is the longest key that prefixes the name's key. memdb's string
// indexer cannot do this: its terminating NUL defeats prefix matching.
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
