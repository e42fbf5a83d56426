package config

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowZone is a zone of n hosts with the given serial.
func slowZone(serial, n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "$ORIGIN slow.test.\n$TTL 60\n@ SOA ns h %d 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n", serial)
	for i := range n {
		fmt.Fprintf(&b, "h%d A 192.0.2.%d\n", i, i%250+2)
	}
	return []byte(b.String())
}

// TestSlowInPlaceWriterIsNeverLoadedHalfWritten: a writer that rewrites
// a zone in place, 40% of it, a pause of 1 s, then the rest (as scp and
// editors do), must not get the truncated zone loaded — here cut at a line
// end, so the truncated zone is valid. Every reload the watcher asks for
// sees the whole new zone.
func TestSlowInPlaceWriterIsNeverLoadedHalfWritten(t *testing.T) {
	const hosts = 400
	dir := t.TempDir()
	path := filepath.Join(dir, "slow.test.zone")
	require.NoError(t, os.WriteFile(path, slowZone(1, hosts), 0o644))
	// Old enough that the first version counts as settled.
	old := time.Now().Add(-time.Minute)
	require.NoError(t, os.Chtimes(path, old, old))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changed, err := Watch(ctx, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)

	next := slowZone(2, hosts)
	cut := bytes.LastIndexByte(next[:len(next)*4/10], '\n') + 1
	written := make(chan time.Time, 1)
	go func() {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			panic(err)
		}
		_, _ = f.Write(next[:cut])
		time.Sleep(time.Second)
		_, _ = f.Write(next[cut:])
		_ = f.Close()
		written <- time.Now()
	}()

	var done time.Time
	loads := 0
	deadline := time.After(8 * time.Second)
	for loads == 0 || time.Since(done) < time.Second {
		select {
		case done = <-written:
		case <-changed:
			loads++
			fsys, err := OpenDir(dir)
			require.NoError(t, err)
			gen, diags := LoadDir(fsys, dir)
			require.Empty(t, diags.Errors())
			require.Len(t, gen.Zones, 1)
			z := gen.Zones[0]
			assert.Equal(t, uint32(2), z.SOA.Serial)
			assert.Equal(t, hosts+3, z.Len(), "reload %d read a half-written file", loads)
		case <-deadline:
			require.NotZero(t, loads, "no reload after the writer finished")
			return
		}
	}
	assert.False(t, done.IsZero())
}

func TestUnsettledFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.zone")
	now := time.Now()
	old := now.Add(-time.Minute)
	require.NoError(t, os.WriteFile(path, []byte("@ A 192.0.2.1\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644))
	require.NoError(t, os.Chtimes(path, old, old))
	wait, _ := unsettled(dir, now)
	assert.Zero(t, wait, "an old file ending in a newline is complete; notes.txt is not a zone file")

	require.NoError(t, os.WriteFile(path, []byte("@ A 192.0"), 0o644))
	require.NoError(t, os.Chtimes(path, old, old))
	wait, file := unsettled(dir, now)
	assert.Equal(t, settle, wait, "a master file cut mid-line is retried")
	assert.Equal(t, path, file)

	require.NoError(t, os.Chtimes(path, now.Add(-500*time.Millisecond), now.Add(-500*time.Millisecond)))
	wait, _ = unsettled(dir, now)
	assert.Equal(t, stableFor-500*time.Millisecond, wait, "a file changed just now waits out stableFor")
}
