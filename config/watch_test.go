package config

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestWatchSignalsOnceAfterQuiet: several writes in a row are one reload.
func TestWatchSignalsOnceAfterQuiet(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changed, err := Watch(ctx, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	for i := range 3 {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "a.zone"), []byte{byte('0' + i), '\n'}, 0o644))
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("no reload signal after the directory changed")
	}
	select {
	case <-changed:
		t.Fatal("three writes in a row made two reloads")
	case <-time.After(2 * settle):
	}
	_, err = Watch(ctx, filepath.Join(dir, "missing"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.Error(t, err)
}
