package config

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/r53d/r53d/zones"
)

// settle is how long the zones directory must be quiet before a reload: an editor's save or a git checkout writes several files.
const settle = 300 * time.Millisecond

// stableFor is how long ago a zone file must have last changed before a
// reload reads it. A writer that pauses mid-file (scp over a slow link,
// an editor writing in place) leaves the directory quiet while the file is
// half written; the quiet period alone would load the truncated zone.
const stableFor = 2 * time.Second

// maxDefer bounds how long a reload waits for files to look complete: a
// master file may legitimately end without a newline.
const maxDefer = 30 * time.Second

// Watch sends on the returned channel once the directory has changed and
// then been quiet for settle, and every zone file in it looks complete
// (see unsettled): the moment to Reload. It stops when ctx ends.
func Watch(ctx context.Context, dir string, log *slog.Logger) (<-chan struct{}, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	if err := w.Add(dir); err != nil {
		w.Close()
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	out := make(chan struct{}, 1)
	go func() {
		defer w.Close()
		var quiet <-chan time.Time
		var deferredSince time.Time // when the first reload was put off for an unsettled file
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if ev.Op != fsnotify.Chmod {
					quiet = time.After(settle)
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				log.Warn("watching the zones directory", "err", err)
			case <-quiet:
				quiet = nil
				now := time.Now()
				if wait, file := unsettled(dir, now); wait > 0 {
					if deferredSince.IsZero() {
						deferredSince = now
					}
					if now.Sub(deferredSince) < maxDefer {
						log.Debug("reload put off: a zone file may still be being written", "file", file, "wait", wait)
						quiet = time.After(wait)
						continue
					}
					log.Warn("reloading although a zone file may still be being written", "file", file)
				}
				deferredSince = time.Time{}
				select {
				case out <- struct{}{}:
				default: // a reload is already pending
				}
			}
		}
	}()
	return out, nil
}

// unsettled returns how long to wait before the zone files of dir look
// complete, and a file that does not yet (0 and "" when all do): each must
// have last changed stableFor ago, and a master file must end with a
// newline, as every complete entry a writer writes does. Files it cannot
// stat are the loader's to report.
func unsettled(dir string, now time.Time) (wait time.Duration, file string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, ""
	}
	for _, e := range entries {
		kind := zones.Classify(e.Name())
		if e.IsDir() || kind == zones.OtherFile {
			continue
		}
		path := filepath.Join(dir, e.Name())
		info, err := os.Stat(path)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		w := min(stableFor-now.Sub(info.ModTime()), stableFor) // a future mtime waits stableFor, no more
		if w <= 0 && kind == zones.MasterFile && !endsWithNewline(path, info) {
			w = settle
		}
		if w > wait {
			wait, file = w, path
		}
	}
	return wait, file
}

func endsWithNewline(path string, info fs.FileInfo) bool {
	if info.Size() == 0 {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return true // the loader reports it
	}
	defer f.Close()
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, info.Size()-1); err != nil {
		return true
	}
	return last[0] == '\n'
}
