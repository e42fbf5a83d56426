package cmd

import (
	"bytes"
	"io"
	"log/slog"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// within fails the test when f takes longer than d.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("took more than %s", d)
	}
}

// TestFIFODoesNotHangCheckOrReload: a FIFO named like a zone file is
// refused by its mode, so neither check nor a reload waits for a writer.
func TestFIFODoesNotHangCheckOrReload(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	store, err := zones.NewStore()
	require.NoError(t, err)
	rl := &reloader{dir: dir, cfg: &config.Reloader{Store: store}, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	require.NoError(t, rl.load())

	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "x.zone"), 0o644))
	var out bytes.Buffer
	within(t, 5*time.Second, func() { err = runCheck(CheckOptions{Dir: dir, Out: &out}) })
	require.ErrorIs(t, err, errCheckFailed)
	assert.Contains(t, out.String(), filepath.Join(dir, "x.zone")+": not a regular file (a FIFO)")

	within(t, 5*time.Second, func() { err = rl.load() })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "x.zone")
	_, ok := store.View().Zone("lab.test.")
	assert.True(t, ok, "the good zone keeps serving")
}

func TestCheckLimitFlags(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	c := NewCheckCmd()
	var out bytes.Buffer
	c.SetOut(&out)
	c.SetArgs([]string{"--max-file-size", "20", dir})
	require.ErrorIs(t, c.Execute(), errCheckFailed)
	assert.Contains(t, out.String(), filepath.Join(dir, "lab.test.zone")+": file too large")

	out.Reset()
	c = NewCheckCmd()
	c.SetOut(&out)
	c.SetArgs([]string{"--max-records", "3", dir})
	require.ErrorIs(t, c.Execute(), errCheckFailed)
	assert.Contains(t, out.String(), filepath.Join(dir, "lab.test.zone")+":6:1: more than 3 records")

	s := NewServeCmd()
	for _, name := range []string{"max-file-size", "max-records-per-zone", "max-records", "max-files"} {
		assert.NotNil(t, s.Flags().Lookup(name), name)
	}
}
