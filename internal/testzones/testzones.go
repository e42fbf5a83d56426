// Package testzones loads zones for tests: the fixtures under
// testdata/lookup and zone texts given in a test, published in a store the
// way serve publishes a zones directory. It is for tests only.
package testzones

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/require"
)

// Fixture reads the files of testdata/lookup/<name> at the repository's
// root (file name → text), wherever the test runs from.
func Fixture(t testing.TB, name string) map[string]string {
	t.Helper()
	_, self, _, ok := runtime.Caller(0)
	require.True(t, ok, "no caller information to find testdata")
	dir := filepath.Join(filepath.Dir(self), "..", "..", "testdata", "lookup", name)
	files := map[string]string{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join(dir, path))
		files[path] = string(data)
		return err
	})
	require.NoError(t, err)
	require.NotEmpty(t, files, "no files in %s", dir)
	return files
}

// Store loads the zone texts (file name → text) as config.LoadDir loads a
// zones directory and publishes them in a new store. Any error fails the
// test.
func Store(t testing.TB, files map[string]string) *zones.Store {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	gen, diags := config.LoadDir(fsys, "")
	require.Empty(t, diags.Errors(), "zone errors: %v", diags)
	store, err := zones.NewStore()
	require.NoError(t, err)
	require.NoError(t, store.Publish(&gen.Generation))
	return store
}

// RRs parses records written as zone text, one per line (CoreDNS's test
// style); a line that does not parse fails the test.
func RRs(t testing.TB, lines ...string) []dns.RR {
	t.Helper()
	rrs := make([]dns.RR, 0, len(lines))
	for _, l := range lines {
		rr, err := dns.NewRR(l)
		require.NoError(t, err, l)
		rrs = append(rrs, rr)
	}
	return rrs
}
