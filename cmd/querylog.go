package cmd

import (
	"fmt"
	"io"
	"os"

	"github.com/r53d/r53d/resolver"
	"github.com/r53d/r53d/zones"
)

// openQueryLog opens the query log --query-log names, if any. Its closer
// flushes the log and closes the file; call it once the server has stopped.
func openQueryLog(opts ServeOptions, store *zones.Store) (*resolver.QueryLog, func() error, error) {
	none := func() error { return nil }
	var w io.Writer
	var file *os.File
	switch opts.QueryLog {
	case "":
		return nil, none, nil
	case "-":
		w = opts.QueryOut
		if w == nil {
			w = os.Stdout
		}
	default:
		f, err := os.OpenFile(opts.QueryLog, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return nil, none, fmt.Errorf("--query-log: %w", err)
		}
		w, file = f, f
	}
	if opts.QueryLogSample < 1 {
		return nil, none, fmt.Errorf("--query-log-sample %d: want 1 or more", opts.QueryLogSample)
	}
	ql := resolver.NewQueryLog(w, opts.QueryLogSample, store)
	return ql, func() error {
		err := ql.Close()
		if file != nil {
			if cerr := file.Close(); err == nil {
				err = cerr
			}
		}
		return err
	}, nil
}
