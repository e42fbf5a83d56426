package config

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/r53d/r53d/zones"
)

// BenchmarkChangeBatch1000 measures one ChangeResourceRecordSets of 1,000
// changes: checked, loaded with the zone, written, fsynced and published
// to the store. Batches alternate between creating 1,000 record sets and
// deleting them, on a zone that also holds 1,000 others.
func BenchmarkChangeBatch1000(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lab.example.zone"), []byte(labMaster), 0o644); err != nil {
		b.Fatal(err)
	}
	store, err := zones.NewStore()
	if err != nil {
		b.Fatal(err)
	}
	d, err := NewDir(dir, store, DirOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Reload(); err != nil {
		b.Fatal(err)
	}
	var id string
	_ = store.Read(func(tx *zones.Txn) error { hz, _ := tx.Zone("lab.example."); id = hz.ID; return nil })
	batch := func(action, prefix string) []zones.RecordChange {
		out := make([]zones.RecordChange, 1000)
		for i := range out {
			out[i] = zones.RecordChange{Action: action, Set: aSet(fmt.Sprintf("%s%d.lab.example.", prefix, i), fmt.Sprintf("192.0.%d.%d", i/250, i%250+1))}
		}
		return out
	}
	if _, err := d.ChangeResourceRecordSets(id, "", batch("CREATE", "base")); err != nil {
		b.Fatal(err)
	}
	creates, deletes := batch("CREATE", "host"), batch("DELETE", "host")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		changes := creates
		if i%2 == 1 {
			changes = deletes
		}
		if _, err := d.ChangeResourceRecordSets(id, "", changes); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if z, _ := store.View().Zone("lab.example."); z.Len() < 1000 {
		b.Fatalf("zone has %d records", z.Len())
	}
}
