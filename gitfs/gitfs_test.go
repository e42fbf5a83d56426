package gitfs

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// commit writes files into the work tree of the repository at dir and
// commits them all.
func commit(t *testing.T, repo *git.Repository, dir string, files map[string]string, msg string) {
	t.Helper()
	wt, err := repo.Worktree()
	require.NoError(t, err)
	for name, body := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		_, err := wt.Add(name)
		require.NoError(t, err)
	}
	_, err = wt.Commit(msg, &git.CommitOptions{Author: &object.Signature{Name: "t", Email: "t@example.com", When: time.Unix(1700000000, 0)}})
	require.NoError(t, err)
}

func TestOpenRevisions(t *testing.T) {
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	require.NoError(t, err)
	commit(t, repo, dir, map[string]string{"zones/a.zone": "one", "zones/sub/b.txt": "b", "README": "r"}, "first")
	commit(t, repo, dir, map[string]string{"zones/a.zone": "two"}, "second")
	// An uncommitted change is not seen: revisions are read from objects.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "zones/a.zone"), []byte("dirty"), 0o644))

	head, err := Open(filepath.Join(dir, "zones"), "HEAD", "zones") // found from below the root
	require.NoError(t, err)
	data, err := fs.ReadFile(head, "a.zone")
	require.NoError(t, err)
	assert.Equal(t, "two", string(data))
	require.NoError(t, fstest.TestFS(head, "a.zone", "sub/b.txt"))

	prev, err := Open(dir, "HEAD~1", "zones")
	require.NoError(t, err)
	data, err = fs.ReadFile(prev, "a.zone")
	require.NoError(t, err)
	assert.Equal(t, "one", string(data))

	root, err := Open(dir, "HEAD", "")
	require.NoError(t, err)
	entries, err := fs.ReadDir(root, ".")
	require.NoError(t, err)
	assert.Len(t, entries, 2) // README, zones

	_, err = Open(dir, "no-such-branch", "zones")
	assert.ErrorContains(t, err, "no-such-branch")
	_, err = Open(dir, "HEAD", "missing")
	assert.ErrorContains(t, err, "missing")
	_, err = Open(t.TempDir(), "HEAD", "")
	assert.Error(t, err)
}
