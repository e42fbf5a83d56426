package scenario

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/require"
)

// The demo zones and the test GeoIP database of the repository.
const (
	demoDir = "../cmd/demo"
	cityDB  = "../testdata/geoip/city.mmdb"
)

// demoRunner is a Runner on the demo zones with the test GeoIP database.
func demoRunner(t testing.TB) *Runner {
	t.Helper()
	gen, diags := config.LoadDir(os.DirFS(demoDir), demoDir)
	require.Empty(t, diags.Errors())
	store, err := zones.NewStore()
	require.NoError(t, err)
	require.NoError(t, store.Publish(&gen.Generation))
	db, err := geo.Open(cityDB)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	places, err := NewPlaceIndex(db, gen.Latency)
	require.NoError(t, err)
	ids := map[string]bool{}
	for _, c := range gen.HealthChecks {
		ids[c.ID] = true
	}
	return &Runner{View: store.View(), Locator: db, Places: places,
		KnownHealth: func(id string) bool { return ids[id] }}
}

// parseFile parses a file of testdata.
func parseFile(t testing.TB, name string) *File {
	t.Helper()
	path := filepath.Join("testdata", name)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := Parse(path, data)
	require.NoError(t, err)
	return f
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}
