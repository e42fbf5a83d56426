package config

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sync"

	"github.com/r53d/r53d/zones"
)

// fileSum is a file as a load read it.
type fileSum struct {
	sum  [sha256.Size]byte
	read bool // read to the end; false: listed, but not (wholly) read
}

// recordingFS is the directory as the loader reads it, remembering the
// sha256 of every file it reads whole (and the text of the side files,
// which Dir parses for what the loader ignores: tags, versions): what the
// load saw, with no second read that a hand edit could slip between.
type recordingFS struct {
	fs.FS
	mu    sync.Mutex
	files map[string]fileSum
	text  map[string][]byte
}

func newRecordingFS(fsys fs.FS) *recordingFS {
	return &recordingFS{FS: fsys, files: map[string]fileSum{}, text: map[string][]byte{}}
}

// ReadDir lists the directory, noting its zone and side files: one that
// is listed but never read still counts as present.
func (r *recordingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(r.FS, name)
	if name == "." {
		r.mu.Lock()
		for _, e := range entries {
			if !e.IsDir() && zones.Classify(e.Name()) != zones.OtherFile {
				if _, ok := r.files[e.Name()]; !ok {
					r.files[e.Name()] = fileSum{}
				}
			}
		}
		r.mu.Unlock()
	}
	return entries, err
}

// Stat keeps fs.Stat's behaviour on the wrapped file system.
func (r *recordingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(r.FS, name) }

func (r *recordingFS) Open(name string) (fs.File, error) {
	f, err := r.FS.Open(name)
	if err != nil {
		return nil, err
	}
	keep := false
	switch zones.Classify(name) {
	case zones.HealthChecks, zones.CIDRCollections:
		keep = true
	}
	return &recordingFile{File: f, fs: r, name: name, h: sha256.New(), keep: keep}, nil
}

func (r *recordingFS) done(name string, sum []byte, text []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var fsum fileSum
	copy(fsum.sum[:], sum)
	fsum.read = true
	r.files[name] = fsum
	if text != nil {
		r.text[name] = text
	}
}

func (r *recordingFS) sums() map[string]fileSum {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.files)
}

func (r *recordingFS) content(name string) []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.text[name]
}

type recordingFile struct {
	fs.File
	fs   *recordingFS
	name string
	h    interface {
		io.Writer
		Sum([]byte) []byte
	}
	keep bool
	text bytes.Buffer
	end  bool
}

func (f *recordingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.h.Write(p[:n])
	if f.keep {
		f.text.Write(p[:n])
	}
	if errors.Is(err, io.EOF) && !f.end {
		f.end = true
		var text []byte
		if f.keep {
			text = bytes.Clone(f.text.Bytes())
		}
		f.fs.done(f.name, f.h.Sum(nil), text)
	}
	return n, err
}

// sumOf reads the file name of dir as it is now: its sum, or present
// false when there is none.
func sumOf(dir, name string) (data []byte, sum fileSum, present bool, err error) {
	data, err = os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fileSum{}, false, nil
	}
	if err != nil {
		return nil, fileSum{}, false, fmt.Errorf("read %s: %w", name, err)
	}
	return data, fileSum{sum: sha256.Sum256(data), read: true}, true, nil
}

// priorRequest is the fault of a write to a file changed since the load:
// Route 53's code for "a change is in flight", which SDKs retry, as the
// watcher's reload will be done by then.
func priorRequest(name string) *zones.Fault {
	return &zones.Fault{Code: "PriorRequestNotComplete",
		Message: name + " changed on disk since r53d loaded it; it will be reloaded, then retry"}
}

// current reads the file name as it is on disk, failing with
// PriorRequestNotComplete unless it is what the last load read (or, for
// a file the load did not see, unless it is still absent).
func (d *Dir) current(st *dirState, name string) ([]byte, bool, error) {
	data, now, present, err := sumOf(d.path, name)
	if err != nil {
		return nil, false, err
	}
	was, known := st.files[name]
	switch {
	case !known && !present:
		return nil, false, nil
	case !known || !present || !was.read || was.sum != now.sum:
		return nil, false, priorRequest(name)
	}
	return data, true, nil
}

// writeFile replaces the file name of the directory with data atomically:
// a temporary file beside it, which the loader ignores (a leading dot, no
// zone extension), written and synced, renamed over it, and the directory
// synced, so a crash leaves the old file or the new one, never a torn one.
func (d *Dir) writeFile(name string, data []byte) (fileSum, error) {
	tmp, err := os.CreateTemp(d.path, "."+name+".*.tmp")
	if err != nil {
		return fileSum{}, fmt.Errorf("write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // after the rename: no such file
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fileSum{}, fmt.Errorf("write %s: %w", name, err)
	}
	// A file replaced keeps its mode (a group-writable zones repository
	// stays so); a new one is 0644.
	mode := os.FileMode(0o644)
	if info, err := os.Stat(filepath.Join(d.path, name)); err == nil {
		mode = info.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fileSum{}, fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fileSum{}, fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fileSum{}, fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.path, name)); err != nil {
		return fileSum{}, fmt.Errorf("write %s: %w", name, err)
	}
	if err := syncDir(d.path); err != nil {
		return fileSum{}, fmt.Errorf("write %s: %w", name, err)
	}
	return fileSum{sum: sha256.Sum256(data), read: true}, nil
}

// removeFile deletes the file name of the directory, durably.
func (d *Dir) removeFile(name string) error {
	if err := os.Remove(filepath.Join(d.path, name)); err != nil {
		return fmt.Errorf("remove %s: %w", name, err)
	}
	return syncDir(d.path)
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
