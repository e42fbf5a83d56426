package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadWithin runs LoadDir on dir and fails the test when it takes longer
// than d: a FIFO or /dev/zero must be refused, not read.
func loadWithin(t *testing.T, dir string, d time.Duration, opts ...Option) (*Generation, zones.Diagnostics) {
	t.Helper()
	type out struct {
		gen   *Generation
		diags zones.Diagnostics
	}
	done := make(chan out, 1)
	go func() {
		fsys, err := OpenDir(dir)
		if err != nil {
			panic(err)
		}
		gen, diags := LoadDir(fsys, dir, opts...)
		done <- out{gen, diags}
	}()
	select {
	case o := <-done:
		return o.gen, o.diags
	case <-time.After(d):
		// Unblock a load stuck on a FIFO so the test process can end.
		if f, err := os.OpenFile(filepath.Join(dir, "x.zone"), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		t.Fatalf("loading %s took more than %s", dir, d)
		return nil, nil
	}
}

// errorFor returns the error diagnostic naming file, failing without one.
func errorFor(t *testing.T, diags zones.Diagnostics, file string) zones.Diagnostic {
	t.Helper()
	for _, d := range diags.Errors() {
		if d.File == file {
			return d
		}
	}
	t.Fatalf("no error for %s in %v", file, diags)
	return zones.Diagnostic{}
}

func TestFIFOIsRefusedNotOpened(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lab.test.zone"), []byte(labZone), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "x.zone"), 0o644))
	gen, diags := loadWithin(t, dir, 5*time.Second)
	d := errorFor(t, diags, filepath.Join(dir, "x.zone"))
	assert.Contains(t, d.Message, "not a regular file (a FIFO)")
	require.Len(t, gen.Zones, 1, "the good zone still loads")
	assert.Equal(t, "lab.test.", gen.Zones[0].Origin)
}

func TestSymlinkToDevZeroIsRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no /dev/zero: CI must run this test")
		}
		t.Skip("no /dev/zero on this system (Linux has one; CI fails instead of skipping)")
	}
	dir := t.TempDir()
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.zone")))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "health-checks.json")))
	_, diags := loadWithin(t, dir, 5*time.Second)
	assert.Contains(t, errorFor(t, diags, filepath.Join(dir, "zero.zone")).Message, "a device")
	assert.Contains(t, errorFor(t, diags, filepath.Join(dir, "health-checks.json")).Message, "a device")
}

func TestSymlinkLoopIsAnError(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Symlink("loop.zone", filepath.Join(dir, "loop.zone")))
	_, diags := loadWithin(t, dir, 5*time.Second)
	errorFor(t, diags, filepath.Join(dir, "loop.zone"))
}

// TestHugeSparseFileIsRefusedAtOnce: 64 GiB that take no disk are refused
// by their size, before a byte is read.
func TestHugeSparseFileIsRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.zone")
	f, err := os.Create(huge)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.NoError(t, os.Truncate(huge, 64<<30))
	start := time.Now()
	_, diags := loadWithin(t, dir, 5*time.Second)
	assert.Less(t, time.Since(start), time.Second)
	assert.Contains(t, errorFor(t, diags, huge).Message, "--max-file-size")
}

func TestFileSizeLimitIsConfigurable(t *testing.T) {
	dir := t.TempDir()
	big := labZone + strings.Repeat("; padding\n", 200)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lab.test.zone"), []byte(big), 0o644))
	lim := zones.DefaultLimits()
	lim.FileSize = 1024
	gen, diags := loadWithin(t, dir, 5*time.Second, WithLimits(lim))
	assert.Contains(t, errorFor(t, diags, filepath.Join(dir, "lab.test.zone")).Message, "1024")
	assert.Empty(t, gen.Zones)

	lim.FileSize = int64(len(big))
	gen, diags = loadWithin(t, dir, 5*time.Second, WithLimits(lim))
	assert.Empty(t, diags.Errors())
	assert.Len(t, gen.Zones, 1)
}

func TestRecordsAcrossZonesAreBounded(t *testing.T) {
	fsys := fstest.MapFS{
		"lab.test.zone":   {Data: []byte(labZone)},   // 3 records
		"other.test.zone": {Data: []byte(otherZone)}, // 3 records
	}
	lim := zones.Limits{Records: 5}
	gen, diags := LoadDir(fsys, "dir", WithLimits(lim))
	d := errorFor(t, diags, "dir/other.test.zone")
	assert.Equal(t, "limit", d.Rule)
	assert.Equal(t, 5, d.Line, "the first record past the limit")
	assert.Contains(t, d.Message, "--max-records")
	require.Len(t, gen.Zones, 1)
	assert.Equal(t, "lab.test.", gen.Zones[0].Origin)

	lim.Records = 6
	gen, diags = LoadDir(fsys, "dir", WithLimits(lim))
	assert.Empty(t, diags.Errors())
	assert.Len(t, gen.Zones, 2)
}

func TestFilesPerDirectoryAreBounded(t *testing.T) {
	fsys := fstest.MapFS{
		"lab.test.zone":   {Data: []byte(labZone)},
		"other.test.zone": {Data: []byte(otherZone)},
		"notes.txt":       {Data: []byte("not counted")},
	}
	gen, diags := LoadDir(fsys, "dir", WithLimits(zones.Limits{Files: 1}))
	assert.True(t, gen.Refused)
	assert.Contains(t, errorFor(t, diags, "dir").Message, "--max-files")
	assert.Empty(t, gen.Zones)
	gen, _ = LoadDir(fsys, "dir", WithLimits(zones.Limits{Files: 2}))
	assert.Len(t, gen.Zones, 2)
}

// TestReloadOverALimitKeepsServing: a reload that exceeds a limit
// publishes nothing of what exceeded it; the last good zones serve on.
func TestReloadOverALimitKeepsServing(t *testing.T) {
	r, store := newReloader(t)
	r.Limits = zones.Limits{Records: 6, Files: 2}
	fsys := fstest.MapFS{
		"lab.test.zone":   {Data: []byte(labZone)},
		"other.test.zone": {Data: []byte(otherZone)},
	}
	_, err := r.Reload(fsys, "dir")
	require.NoError(t, err)

	// One more record: other.test is over the total, and keeps serial 1.
	fsys["other.test.zone"] = &fstest.MapFile{Data: []byte(strings.Replace(otherZone, " 1 2 3 4 5", " 2 2 3 4 5", 1) + "www A 192.0.2.7\n")}
	res, err := r.Reload(fsys, "dir")
	require.NoError(t, err)
	require.ErrorContains(t, res.Err(), "--max-records")
	other, ok := store.View().Zone("other.test.")
	require.True(t, ok, "the zone over the limit keeps its last good version")
	assert.Equal(t, uint32(1), other.SOA.Serial)
	_, ok = store.View().Zone("lab.test.")
	assert.True(t, ok)

	// A third file: the directory is refused and nothing changes.
	fsys["third.test.zone"] = &fstest.MapFile{Data: []byte(strings.ReplaceAll(labZone, "lab.test.", "third.test."))}
	_, err = r.Reload(fsys, "dir")
	require.ErrorContains(t, err, "--max-files")
	assert.Len(t, store.View().All(), 2)
}

// TestReloadOfAnOversizedFileKeepsServing: a file grown past
// --max-file-size on a running server keeps its last good version.
func TestReloadOfAnOversizedFileKeepsServing(t *testing.T) {
	r, store := newReloader(t)
	r.Limits = zones.Limits{FileSize: int64(len(labZone)) + 10}
	fsys := fstest.MapFS{"lab.test.zone": {Data: []byte(labZone)}, "other.test.zone": {Data: []byte(otherZone)}}
	_, err := r.Reload(fsys, "dir")
	require.NoError(t, err)

	fsys["lab.test.zone"] = &fstest.MapFile{Data: []byte(strings.Replace(labZone, " 1 2 3 4 5", " 2 2 3 4 5", 1) + strings.Repeat("; pad\n", 10))}
	res, err := r.Reload(fsys, "dir")
	require.NoError(t, err)
	require.ErrorContains(t, res.Err(), "dir/lab.test.zone: file too large")
	lab, ok := store.View().Zone("lab.test.")
	require.True(t, ok)
	assert.Equal(t, uint32(1), lab.SOA.Serial)
}
