package zones

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zoneOf loads one zone from master-file text.
func zoneOf(t *testing.T, origin, body string) *Zone {
	t.Helper()
	zs, diags := Load(fstest.MapFS{origin + "zone": {Data: []byte("$ORIGIN " + origin + "\n$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n" + body)}}, "")
	require.Empty(t, diags.Errors())
	require.Len(t, zs, 1)
	return zs[0]
}

func newStore(t *testing.T, zs ...*Zone) *Store {
	t.Helper()
	s, err := NewStore()
	require.NoError(t, err)
	require.NoError(t, s.Replace(zs))
	return s
}

// TestUpdateIsAtomic: an error in the middle of a batch publishes nothing
// of it, in the query index or in the store of record.
func TestUpdateIsAtomic(t *testing.T) {
	a := zoneOf(t, "a.test.", "")
	s := newStore(t, a)
	before := s.View()
	boom := errors.New("boom")
	err := s.Update(func(tx *Txn) error {
		if _, err := tx.PutZone(zoneOf(t, "b.test.", "")); err != nil {
			return err
		}
		if _, err := tx.DeleteZone("a.test."); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	assert.Equal(t, before, s.View(), "the index is the one published before")
	_, ok := s.View().Zone("a.test.")
	assert.True(t, ok)
	require.NoError(t, s.Read(func(tx *Txn) error {
		_, ok := tx.Zone("b.test.")
		assert.False(t, ok, "the store of record has no part of the batch")
		return nil
	}))

	// Collections that do not compile abort the batch too: the index is
	// derived before the commit.
	err = s.Update(func(tx *Txn) error {
		return tx.PutCIDRCollection(policy.CIDRCollection{ID: "c", Locations: []policy.CIDRLocation{{Name: "x"}, {Name: "x"}}})
	})
	require.ErrorContains(t, err, "used twice")
	assert.Nil(t, s.View().Generation().CIDR)
	require.NoError(t, s.Read(func(tx *Txn) error {
		cols, err := tx.CIDRCollections()
		assert.Empty(t, cols)
		return err
	}))
}

// TestIndexDerivedFromCommit: after a commit the query index holds what
// the transaction wrote, rebuilding only the zones it touched.
func TestIndexDerivedFromCommit(t *testing.T) {
	a, b := zoneOf(t, "a.test.", ""), zoneOf(t, "b.test.", "")
	s := newStore(t, a, b)
	a2 := zoneOf(t, "a.test.", "www A 192.0.2.2\n")
	require.NoError(t, s.Update(func(tx *Txn) error {
		_, err := tx.PutZone(a2)
		return err
	}))
	v := s.View()
	got, _ := v.Zone("a.test.")
	assert.Same(t, a2, got)
	got, _ = v.Zone("b.test.")
	assert.Same(t, b, got, "an untouched zone is the same object")
	assert.Equal(t, []*Zone{a2, b}, v.All())
	z, ok := v.Closest("www.a.test.")
	require.True(t, ok)
	assert.Same(t, a2, z)

	require.NoError(t, s.Update(func(tx *Txn) error {
		return tx.PutHealthCheck(healthcheck.Check{ID: "hc1"})
	}))
	assert.Equal(t, []healthcheck.Check{{ID: "hc1"}}, s.View().Generation().HealthChecks)
	assert.Equal(t, []*Zone{a2, b}, s.View().Generation().Zones)

	require.NoError(t, s.Update(func(tx *Txn) error {
		_, err := tx.DeleteZone("b.test.")
		return err
	}))
	_, ok = s.View().Zone("b.test.")
	assert.False(t, ok)
	assert.Len(t, s.View().Generation().HealthChecks, 1, "side data is untouched")
}

// TestZoneIDsAndListing: zones are found by id and by name, and listed in
// pages by name with the labels reversed; a replaced zone keeps its id.
func TestZoneIDsAndListing(t *testing.T) {
	names := []string{"b.example.", "a.test.", "example.", "z.a.test.", "a.example."}
	var zs []*Zone
	for _, n := range names {
		zs = append(zs, zoneOf(t, n, ""))
	}
	s := newStore(t, zs...)
	var order []string
	require.NoError(t, s.Read(func(tx *Txn) error {
		from := ""
		for {
			page, next, err := tx.ListZones(from, 2)
			require.NoError(t, err)
			require.LessOrEqual(t, len(page), 2)
			for _, hz := range page {
				order = append(order, hz.Zone.Origin)
				byID, ok := tx.ZoneByID(hz.ID)
				require.True(t, ok)
				assert.Same(t, hz, byID)
			}
			if next == "" {
				return nil
			}
			from = next
		}
	}))
	assert.Equal(t, []string{"example.", "a.example.", "b.example.", "a.test.", "z.a.test."}, order)

	var id string
	require.NoError(t, s.Read(func(tx *Txn) error {
		hz, _ := tx.Zone("a.test.")
		id = hz.ID
		return nil
	}))
	require.NoError(t, s.Update(func(tx *Txn) error {
		got, err := tx.PutZone(zoneOf(t, "a.test.", "x A 192.0.2.3\n"))
		assert.Equal(t, id, got)
		return err
	}))
}

// TestRecordSetListing: record sets come in Route 53's order (name with
// labels reversed, type, set identifier), in pages that resume exactly.
func TestRecordSetListing(t *testing.T) {
	z := zoneOf(t, "a.test.", "b MX 10 ns\nb A 192.0.2.5\nb.c A 192.0.2.6\nz TXT x\n")
	s := newStore(t, z)
	want := []string{"a.test. NS", "a.test. SOA", "b.a.test. A", "b.a.test. MX", "b.c.a.test. A", "ns.a.test. A", "z.a.test. TXT"}
	var got []string
	require.NoError(t, s.Read(func(tx *Txn) error {
		from := RecordSetKey{}
		for {
			page, next, err := tx.ListRecordSets("a.test.", from, 3)
			require.NoError(t, err)
			for _, rs := range page {
				got = append(got, rs.Name+" "+dns.TypeToString[rs.Type])
				assert.NotEmpty(t, rs.RRs)
			}
			if next == nil {
				return nil
			}
			from = *next
		}
	}))
	assert.Equal(t, want, got)
	require.Error(t, s.Read(func(tx *Txn) error {
		_, _, err := tx.ListRecordSets("nowhere.test.", RecordSetKey{}, 1)
		return err
	}))
	assert.Error(t, s.Read(func(tx *Txn) error {
		_, err := tx.PutZone(z)
		return err
	}), "a read transaction cannot write")
}

// TestAliasTargetsPrebuilt: the static RRset an alias points at is a
// simple group built at load (no allocation per query); any other static
// RRset is still found, built on demand.
func TestAliasTargetsPrebuilt(t *testing.T) {
	gen, diags := LoadDir(fstest.MapFS{"rs.test.json": {Data: []byte(recordSets(
		`{"Name": "t.rs.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}`,
		`{"Name": "a.rs.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z", "DNSName": "t.rs.test.", "EvaluateTargetHealth": false}}`,
		`{"Name": "o.rs.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.2"}]}`,
	))}}, "")
	require.Empty(t, diags.Errors())
	z := gen.Zones[0]
	target, ok := z.Lookup("t.rs.test.", dns.TypeA)
	require.True(t, ok)
	assert.Equal(t, policy.Simple, target.Kind)
	assert.Zero(t, testing.AllocsPerRun(10, func() { z.Lookup("t.rs.test.", dns.TypeA) }))
	other, ok := z.Lookup("o.rs.test.", dns.TypeA)
	require.True(t, ok)
	require.Len(t, other.Records, 1)
	assert.Equal(t, "192.0.2.2", other.Records[0].RRs[0].(*dns.A).A.String())
	_, ok = z.Lookup("o.rs.test.", dns.TypeAAAA)
	assert.False(t, ok)
}

// TestSideRows: health checks and CIDR collections are rows by id; the
// published generation follows each commit.
func TestSideRows(t *testing.T) {
	s := newStore(t, zoneOf(t, "a.test.", ""))
	col := policy.CIDRCollection{ID: "col", Locations: []policy.CIDRLocation{{Name: "x"}}}
	require.NoError(t, s.Update(func(tx *Txn) error {
		for _, id := range []string{"b", "a"} {
			if err := tx.PutHealthCheck(healthcheck.Check{ID: id}); err != nil {
				return err
			}
		}
		return tx.PutCIDRCollection(col)
	}))
	gen := s.View().Generation()
	assert.Equal(t, []healthcheck.Check{{ID: "a"}, {ID: "b"}}, gen.HealthChecks, "ordered by id")
	assert.Equal(t, []policy.CIDRCollection{col}, gen.CIDRCollections)
	require.NotNil(t, gen.CIDR)

	require.NoError(t, s.Update(func(tx *Txn) error {
		c, ok := tx.HealthCheck("a")
		assert.True(t, ok)
		assert.Equal(t, "a", c.ID)
		gone, err := tx.DeleteHealthCheck("a")
		assert.True(t, gone)
		if err != nil {
			return err
		}
		gone, err = tx.DeleteHealthCheck("nope")
		assert.False(t, gone)
		if err != nil {
			return err
		}
		_, err = tx.DeleteCIDRCollection("col")
		return err
	}))
	gen = s.View().Generation()
	assert.Equal(t, []healthcheck.Check{{ID: "b"}}, gen.HealthChecks)
	assert.Nil(t, gen.CIDR, "no collections left: IP-based records answer their default")
}
