package config

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/require"
)

// labMaster is a master file of zone lab.example.: its www A record is on
// line 5.
const labMaster = `$ORIGIN lab.example.
$TTL 300
@ SOA ns1.lab.example. admin.lab.example. 1 7200 900 1209600 86400
@ NS ns1.lab.example.
www A 192.0.2.80
ns1 A 192.0.2.53
`

// testDir is a Dir on a temporary directory, loaded.
type testDir struct {
	*Dir
	path  string
	store *zones.Store
	mu    sync.Mutex
	seen  [][]healthcheck.Check // what BeforePublish received
}

func newTestDir(t *testing.T, files map[string]string) *testDir {
	t.Helper()
	path := t.TempDir()
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(path, name), []byte(text), 0o644))
	}
	return openTestDir(t, path)
}

// openTestDir opens (as a restarted server would) and loads path.
func openTestDir(t *testing.T, path string) *testDir {
	t.Helper()
	store, err := zones.NewStore()
	require.NoError(t, err)
	td := &testDir{path: path, store: store}
	d, err := NewDir(path, store, DirOptions{
		BeforePublish: func(c []healthcheck.Check) {
			td.mu.Lock()
			td.seen = append(td.seen, c)
			td.mu.Unlock()
		},
		Display: "zones",
		Now:     func() time.Time { return time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC) },
	})
	require.NoError(t, err)
	td.Dir = d
	if _, err = d.Reload(); len(d.state.Load().files) > 0 {
		require.NoError(t, err)
	}
	return td
}

func (td *testDir) read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(td.path, name))
	require.NoError(t, err)
	return string(data)
}

func (td *testDir) write(t *testing.T, name, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(td.path, name), []byte(text), 0o644))
}

func (td *testDir) lastSeen() []healthcheck.Check {
	td.mu.Lock()
	defer td.mu.Unlock()
	if len(td.seen) == 0 {
		return nil
	}
	return td.seen[len(td.seen)-1]
}

// zoneID is the id the store serves zone origin under.
func (td *testDir) zoneID(t *testing.T, origin string) string {
	t.Helper()
	var id string
	require.NoError(t, td.store.Read(func(tx *zones.Txn) error {
		hz, ok := tx.Zone(origin)
		require.True(t, ok, "zone %s is not served", origin)
		id = hz.ID
		return nil
	}))
	return id
}

// requireFault asserts err is a Fault with code, returning it.
func requireFault(t *testing.T, err error, code string) *zones.Fault {
	t.Helper()
	require.Error(t, err)
	f, ok := err.(*zones.Fault)
	require.True(t, ok, "not a Fault: %v", err)
	require.Equal(t, code, f.Code, f.Message)
	return f
}

func ttl(v int64) *int64 { return &v }

func aSet(name string, values ...string) zones.ResourceRecordSet {
	rrs := make([]zones.ResourceRecord, len(values))
	for i, v := range values {
		rrs[i] = zones.ResourceRecord{Value: v}
	}
	return zones.ResourceRecordSet{Name: name, Type: "A", TTL: ttl(300), ResourceRecords: rrs}
}

func removeFile(dir, name string) error { return os.Remove(filepath.Join(dir, name)) }
