package impact

import (
	"fmt"
	"io/fs"
	"net/netip"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/zones"
)

// Side is one version of the zones, published in a store of its own so
// alias targets, CIDR collections and the latency table resolve as the
// server resolves them.
type Side struct {
	// Label names the version in reports: a directory or a git revision.
	Label string
	store *zones.Store
	view  zones.View
	// located is true when a GeoIP database places clients: without one
	// the server's policies answer from their fallbacks, and so do ours.
	located bool
}

// Key is one question: a name and a type.
type Key struct {
	Name string // lower-case FQDN
	Type uint16
}

func (k Key) String() string { return k.Name + " " + dns.TypeToString[k.Type] }

// NewSide publishes gen in a store of its own. located says whether clients
// are placed by a GeoIP database.
func NewSide(label string, gen *zones.Generation, located bool) (*Side, error) {
	store, err := zones.NewStore()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	if err := store.Publish(gen); err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	return &Side{Label: label, store: store, view: store.View(), located: located}, nil
}

// FromStore is a Side over a store already published, such as the running
// server's: nothing is copied.
func FromStore(label string, store *zones.Store, located bool) *Side {
	return &Side{Label: label, store: store, view: store.View(), located: located}
}

// Generation is the side's published generation.
func (s *Side) Generation() *zones.Generation { return s.view.Generation() }

// rrset finds the records of k: the zone that holds the name and its RRset,
// nil when there are none.
func (s *Side) rrset(k Key) (*zones.Zone, *zones.RRset) {
	z, ok := s.view.Closest(k.Name)
	if !ok {
		return nil, nil
	}
	n, ok := z.Node(k.Name)
	if !ok {
		return z, nil
	}
	return z, n.Get(k.Type)
}

// Keys lists every name and type of the side that holds records, in
// Route 53's listing order, zone by zone.
func (s *Side) Keys() ([]Key, error) {
	var out []Key
	for _, z := range s.view.All() {
		sets, err := s.listZone(z.Origin)
		if err != nil {
			return nil, err
		}
		for _, rs := range sets {
			k := Key{Name: rs.Name, Type: rs.Type}
			if n := len(out); n == 0 || out[n-1] != k {
				out = append(out, k)
			}
		}
	}
	return out, nil
}

// listZone lists the record sets of one zone.
func (s *Side) listZone(origin string) ([]zones.RecordSet, error) {
	var sets []zones.RecordSet
	err := s.store.Read(func(tx *zones.Txn) error {
		var err error
		sets, _, err = tx.ListRecordSets(origin, zones.RecordSetKey{}, 0)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Label, err)
	}
	return sets, nil
}

// valueSep separates the values of an answer in its key.
const valueSep = ", "

// canonical is an answer as a key: its values sorted, "NODATA" for none.
// Order and TTL do not make an answer different for a client.
func canonical(rrs []dns.RR) string {
	if len(rrs) == 0 {
		return "NODATA"
	}
	vals := make([]string, len(rrs))
	for i, rr := range rrs {
		vals[i] = rdata(rr)
	}
	slices.Sort(vals)
	return strings.Join(vals, valueSep)
}

// rdata is a record's data as a zone file writes it.
func rdata(rr dns.RR) string {
	return strings.TrimPrefix(rr.String(), rr.Header().String())
}

// maxAliasDepth bounds how deep fingerprints and needs follow aliases; the
// policy engine stops sooner.
const maxAliasDepth = 8

// Load reads a zones directory (any fs.FS: a directory, a git tree) into a
// Side. Errors in the zones are an error: a diff of zones that do not load
// would compare what the server refuses to serve.
func Load(fsys fs.FS, label string, located bool) (*Side, error) {
	gen, diags := config.LoadDir(fsys, label)
	if errs := diags.Errors(); len(errs) > 0 {
		return nil, fmt.Errorf("%s: zones did not load (run r53d check):\n%w", label, errs)
	}
	return NewSide(label, &gen.Generation, located)
}

// Cuts are the networks at which the sides' decisions change besides the
// GeoIP database: every CIDR block and latency-table row.
func Cuts(sides ...*Side) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range sides {
		gen := s.Generation()
		for _, c := range gen.CIDRCollections {
			for _, l := range c.Locations {
				out = append(out, l.Blocks...)
			}
		}
		out = append(out, gen.Latency.Networks()...)
	}
	return out
}

// NetworkPopulation is every network of db weighted by its address count,
// cut at the sides' CIDR blocks and latency rows.
func NetworkPopulation(db *geo.DB, sides ...*Side) (*Population, error) {
	var nets []geo.Network
	for n, err := range db.Networks() {
		if err != nil {
			return nil, err
		}
		nets = append(nets, n)
	}
	return FromNetworks(nets, Cuts(sides...), fmt.Sprintf("%d networks of the GeoIP database (%s)", len(nets), db.DatabaseType())), nil
}
