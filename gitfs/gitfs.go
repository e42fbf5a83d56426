// Package gitfs reads a directory of a git commit as an fs.FS, straight from
// the repository's objects: no checkout, no work tree touched, so r53d diff
// can compare two revisions while the work tree has uncommitted changes (or
// in a bare clone in CI).
package gitfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Open resolves rev (a branch, tag, commit hash or expression such as
// HEAD~1) in the repository at or above repoPath and returns the directory
// dir of its tree ("" or "." for the root). Files are read into memory once.
func Open(repoPath, rev, dir string) (fs.FS, error) {
	repo, err := git.PlainOpenWithOptions(repoPath, &git.PlainOpenOptions{DetectDotGit: true})
	if err != nil {
		return nil, fmt.Errorf("git repository %s: %w", repoPath, err)
	}
	return OpenRepo(repo, rev, dir)
}

// OpenRepo is Open on an opened repository.
func OpenRepo(repo *git.Repository, rev, dir string) (fs.FS, error) {
	hash, err := repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, fmt.Errorf("git revision %s: %w", rev, err)
	}
	commit, err := repo.CommitObject(*hash)
	if err != nil {
		return nil, fmt.Errorf("git revision %s: %w", rev, err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("git revision %s: %w", rev, err)
	}
	if dir = path.Clean(strings.Trim(dir, "/")); dir != "." && dir != "" {
		if tree, err = tree.Tree(dir); err != nil {
			return nil, fmt.Errorf("git revision %s: directory %s: %w", rev, dir, err)
		}
	}
	m := memFS{files: map[string][]byte{}, dirs: map[string][]string{".": nil}, when: commit.Committer.When}
	if err := m.read(tree, "."); err != nil {
		return nil, fmt.Errorf("git revision %s: %w", rev, err)
	}
	return m, nil
}

// read copies the regular files of tree (at path at) into m.
func (m memFS) read(tree *object.Tree, at string) error {
	for _, e := range tree.Entries {
		name := path.Join(at, e.Name)
		switch e.Mode {
		case filemode.Dir:
			sub, err := tree.Tree(e.Name)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			m.dirs[at] = append(m.dirs[at], e.Name)
			m.dirs[name] = nil
			if err := m.read(sub, name); err != nil {
				return err
			}
		case filemode.Regular, filemode.Executable:
			f, err := tree.TreeEntryFile(&e)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			r, err := f.Reader()
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			data, err := io.ReadAll(r)
			_ = r.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			m.files[name] = data
			m.dirs[at] = append(m.dirs[at], e.Name)
		}
		// Symlinks and submodules are left out: a zones directory has neither.
	}
	slices.Sort(m.dirs[at])
	return nil
}

// memFS is a read-only tree of files in memory.
type memFS struct {
	files map[string][]byte
	dirs  map[string][]string // directory → sorted entry names
	when  time.Time
}

func (m memFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok := m.files[name]; ok {
		return &file{info: info{name: path.Base(name), size: int64(len(data)), when: m.when}, data: data}, nil
	}
	if _, ok := m.dirs[name]; ok {
		return &dir{fs: m, path: name, info: info{name: path.Base(name), dir: true, when: m.when}}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

type info struct {
	name string
	size int64
	dir  bool
	when time.Time
}

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return i.size }
func (i info) ModTime() time.Time { return i.when }
func (i info) IsDir() bool        { return i.dir }
func (i info) Sys() any           { return nil }
func (i info) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i info) Type() fs.FileMode          { return i.Mode().Type() }
func (i info) Info() (fs.FileInfo, error) { return i, nil }

type file struct {
	info info
	data []byte
	off  int
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *file) Close() error               { return nil }
func (f *file) Read(p []byte) (int, error) {
	if f.off >= len(f.data) {
		return 0, io.EOF
	}
	n := copy(p, f.data[f.off:])
	f.off += n
	return n, nil
}

type dir struct {
	fs   memFS
	path string
	info info
	off  int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dir) Close() error               { return nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.path, Err: errors.New("is a directory")}
}

// ReadDir implements fs.ReadDirFile.
func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	names := d.fs.dirs[d.path][d.off:]
	if n > 0 && len(names) == 0 {
		return nil, io.EOF
	}
	if n > 0 && n < len(names) {
		names = names[:n]
	}
	d.off += len(names)
	out := make([]fs.DirEntry, 0, len(names))
	for _, name := range names {
		p := path.Join(d.path, name)
		if data, ok := d.fs.files[p]; ok {
			out = append(out, info{name: name, size: int64(len(data)), when: d.fs.when})
		} else {
			out = append(out, info{name: name, dir: true, when: d.fs.when})
		}
	}
	return out, nil
}
