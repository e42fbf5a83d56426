package zones

import (
	"errors"
	"fmt"
	"sync"

	"github.com/hashicorp/go-memdb"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/resources"
)

// Tables of the store of record.
const (
	tableZones        = "zones"            // *HostedZone: by id, and by name in tree order
	tableHealthChecks = "health_checks"    // *healthcheck.Check by id
	tableCIDR         = "cidr_collections" // *policy.CIDRCollection by id
	tableLatency      = "latency"          // one *latencyRow
	tableResources    = "resources"        // one *resourcesRow
)

func schema() *memdb.DBSchema {
	byID := func(field string) map[string]*memdb.IndexSchema {
		return map[string]*memdb.IndexSchema{"id": {Name: "id", Unique: true, Indexer: &memdb.StringFieldIndex{Field: field}}}
	}
	zoneIndexes := byID("ID")
	zoneIndexes["name"] = &memdb.IndexSchema{Name: "name", Unique: true, Indexer: nameIndexer{}}
	return &memdb.DBSchema{Tables: map[string]*memdb.TableSchema{
		tableZones:        {Name: tableZones, Indexes: zoneIndexes},
		tableHealthChecks: {Name: tableHealthChecks, Indexes: byID("ID")},
		tableCIDR:         {Name: tableCIDR, Indexes: byID("ID")},
		tableLatency:      {Name: tableLatency, Indexes: byID("ID")},
		tableResources:    {Name: tableResources, Indexes: byID("ID")},
	}}
}

// HostedZone is one zone as the store of record holds it: its hosted-zone
// id and the built zone. Rows are never modified: a change puts a new one.
type HostedZone struct {
	ID   string
	Zone *Zone

	listing sync.Once
	sets    []RecordSet // sorted for listing, built on first use
}

type latencyRow struct {
	ID    string
	Table *geo.LatencyTable
}

type resourcesRow struct {
	ID  string
	Set *resources.Set
}

// Txn is one transaction on the store of record. Its typed helpers are
// what a writer uses; a write through a read transaction fails.
type Txn struct {
	tx    *memdb.Txn
	zones map[string]bool // origins written, for deriving the index
	side  bool            // health checks, CIDR collections, latency or resources written
}

// PutZone stores z, replacing the zone of the same origin, and returns its
// id: the one its file gives (z.Meta.ID), else the one the zone already
// had, else one derived from its origin. Two zones may not share an id.
func (t *Txn) PutZone(z *Zone) (string, error) {
	id := z.Meta.ID
	old, had := t.zoneRow(z.Origin)
	switch {
	case id != "":
	case had:
		id = old.ID
	default:
		id = ZoneID(z.Origin)
	}
	if other, ok := t.ZoneByID(id); ok && other.Zone.Origin != z.Origin {
		return "", fmt.Errorf("zone store: put %s: hosted-zone id %s is already the id of zone %s", z.Origin, id, other.Zone.Origin)
	}
	if had && old.ID != id {
		// The id index would keep the old id pointing at the new row.
		if err := t.tx.Delete(tableZones, old); err != nil {
			return "", fmt.Errorf("zone store: put %s: %w", z.Origin, err)
		}
	}
	if err := t.tx.Insert(tableZones, &HostedZone{ID: id, Zone: z}); err != nil {
		return "", fmt.Errorf("zone store: put %s: %w", z.Origin, err)
	}
	t.zones[z.Origin] = true
	return id, nil
}

// DeleteZone removes the zone named origin; false when there was none.
func (t *Txn) DeleteZone(origin string) (bool, error) {
	hz, ok := t.zoneRow(origin)
	if !ok {
		return false, nil
	}
	if err := t.tx.Delete(tableZones, hz); err != nil {
		return false, fmt.Errorf("zone store: delete %s: %w", origin, err)
	}
	t.zones[origin] = true
	return true, nil
}

// DeleteZonesExcept removes every zone whose origin keep does not hold.
func (t *Txn) DeleteZonesExcept(keep map[string]bool) error {
	all, _, err := t.ListZones("", 0)
	if err != nil {
		return err
	}
	for _, hz := range all {
		if !keep[hz.Zone.Origin] {
			if _, err := t.DeleteZone(hz.Zone.Origin); err != nil {
				return err
			}
		}
	}
	return nil
}

// Zone returns the stored zone named origin (lower-case FQDN).
func (t *Txn) Zone(origin string) (*HostedZone, bool) { return t.zoneRow(origin) }

// ZoneByID returns the stored zone with hosted-zone id id.
func (t *Txn) ZoneByID(id string) (*HostedZone, bool) {
	raw, err := t.tx.First(tableZones, "id", id)
	if err != nil || raw == nil {
		return nil, false
	}
	return raw.(*HostedZone), true
}

func (t *Txn) zoneRow(origin string) (*HostedZone, bool) {
	raw, err := t.tx.First(tableZones, "name", origin)
	if err != nil || raw == nil {
		return nil, false
	}
	return raw.(*HostedZone), true
}

// ListZones lists up to limit zones (0: all) in Route 53's order, by name
// with the labels reversed, starting at the zone named from ("" for the
// first). next names the first zone of the following page, "" at the end.
func (t *Txn) ListZones(from string, limit int) (page []*HostedZone, next string, err error) {
	it, err := t.tx.LowerBound(tableZones, "name", from)
	if err != nil {
		return nil, "", fmt.Errorf("zone store: list zones: %w", err)
	}
	for raw := it.Next(); raw != nil; raw = it.Next() {
		hz := raw.(*HostedZone)
		if limit > 0 && len(page) == limit {
			return page, hz.Zone.Origin, nil
		}
		page = append(page, hz)
	}
	return page, "", nil
}

// PutHealthCheck stores c, replacing the check of the same id.
func (t *Txn) PutHealthCheck(c healthcheck.Check) error {
	if err := t.tx.Insert(tableHealthChecks, &c); err != nil {
		return fmt.Errorf("zone store: put health check %q: %w", c.ID, err)
	}
	t.side = true
	return nil
}

// HealthCheck returns the stored health check with id id.
func (t *Txn) HealthCheck(id string) (healthcheck.Check, bool) {
	raw, err := t.tx.First(tableHealthChecks, "id", id)
	if err != nil || raw == nil {
		return healthcheck.Check{}, false
	}
	return *raw.(*healthcheck.Check), true
}

// DeleteHealthCheck removes the health check with id id; false when there
// was none.
func (t *Txn) DeleteHealthCheck(id string) (bool, error) {
	n, err := t.tx.DeleteAll(tableHealthChecks, "id", id)
	if err != nil {
		return false, fmt.Errorf("zone store: delete health check %q: %w", id, err)
	}
	t.side = t.side || n > 0
	return n > 0, nil
}

// ReplaceHealthChecks makes checks the whole set of health checks.
func (t *Txn) ReplaceHealthChecks(checks []healthcheck.Check) error {
	if _, err := t.tx.DeleteAll(tableHealthChecks, "id"); err != nil {
		return fmt.Errorf("zone store: health checks: %w", err)
	}
	t.side = true
	for _, c := range checks {
		if err := t.PutHealthCheck(c); err != nil {
			return err
		}
	}
	return nil
}

// HealthChecks returns every stored health check, ordered by id.
func (t *Txn) HealthChecks() ([]healthcheck.Check, error) {
	return all[healthcheck.Check](t, tableHealthChecks)
}

// PutCIDRCollection stores c, replacing the collection of the same id.
func (t *Txn) PutCIDRCollection(c policy.CIDRCollection) error {
	if err := t.tx.Insert(tableCIDR, &c); err != nil {
		return fmt.Errorf("zone store: put CIDR collection %q: %w", c.ID, err)
	}
	t.side = true
	return nil
}

// DeleteCIDRCollection removes the collection with id id; false when
// there was none.
func (t *Txn) DeleteCIDRCollection(id string) (bool, error) {
	n, err := t.tx.DeleteAll(tableCIDR, "id", id)
	if err != nil {
		return false, fmt.Errorf("zone store: delete CIDR collection %q: %w", id, err)
	}
	t.side = t.side || n > 0
	return n > 0, nil
}

// ReplaceCIDRCollections makes cols the whole set of CIDR collections.
func (t *Txn) ReplaceCIDRCollections(cols []policy.CIDRCollection) error {
	if _, err := t.tx.DeleteAll(tableCIDR, "id"); err != nil {
		return fmt.Errorf("zone store: CIDR collections: %w", err)
	}
	t.side = true
	for _, c := range cols {
		if err := t.PutCIDRCollection(c); err != nil {
			return err
		}
	}
	return nil
}

// CIDRCollections returns every stored CIDR collection, ordered by id.
func (t *Txn) CIDRCollections() ([]policy.CIDRCollection, error) {
	return all[policy.CIDRCollection](t, tableCIDR)
}

// SetLatency stores the latency table (nil: none).
func (t *Txn) SetLatency(table *geo.LatencyTable) error {
	if err := t.tx.Insert(tableLatency, &latencyRow{ID: "table", Table: table}); err != nil {
		return fmt.Errorf("zone store: latency table: %w", err)
	}
	t.side = true
	return nil
}

// Latency returns the stored latency table, nil when there is none.
func (t *Txn) Latency() (*geo.LatencyTable, error) {
	raw, err := t.tx.First(tableLatency, "id", "table")
	if err != nil {
		return nil, fmt.Errorf("zone store: latency table: %w", err)
	}
	if raw == nil {
		return nil, nil
	}
	return raw.(*latencyRow).Table, nil
}

// SetResources stores the AWS resources (nil: none).
func (t *Txn) SetResources(set *resources.Set) error {
	if err := t.tx.Insert(tableResources, &resourcesRow{ID: "set", Set: set}); err != nil {
		return fmt.Errorf("zone store: AWS resources: %w", err)
	}
	t.side = true
	return nil
}

// Resources returns the stored AWS resources, nil when there are none.
func (t *Txn) Resources() (*resources.Set, error) {
	raw, err := t.tx.First(tableResources, "id", "set")
	if err != nil {
		return nil, fmt.Errorf("zone store: AWS resources: %w", err)
	}
	if raw == nil {
		return nil, nil
	}
	return raw.(*resourcesRow).Set, nil
}

// all returns every row of table, ordered by id.
func all[T any](t *Txn, table string) ([]T, error) {
	it, err := t.tx.Get(table, "id")
	if err != nil {
		return nil, fmt.Errorf("zone store: %s: %w", table, err)
	}
	var out []T
	for raw := it.Next(); raw != nil; raw = it.Next() {
		out = append(out, *raw.(*T))
	}
	return out, nil
}

// nameIndexer keys zone rows by their origin's labels in reverse order
// (reversedKey), so memdb lists zones in Route 53's order.
type nameIndexer struct{}

func (nameIndexer) FromObject(raw any) (bool, []byte, error) {
	hz, ok := raw.(*HostedZone)
	if !ok {
		return false, nil, fmt.Errorf("zone store: indexing %T", raw)
	}
	return true, reversedKey(hz.Zone.Origin), nil
}

func (nameIndexer) FromArgs(args ...any) ([]byte, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("zone store: one name expected, got %d", len(args))
	}
	name, ok := args[0].(string)
	if !ok {
		return nil, errors.New("zone store: a zone name is a string")
	}
	if name == "" {
		return []byte{}, nil // before every zone
	}
	return reversedKey(name), nil
}
