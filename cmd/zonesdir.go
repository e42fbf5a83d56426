package cmd

import (
	"embed"
	"io/fs"
	"os"
)

//go:embed demo
var demoFS embed.FS

// zonesDir opens the zones directory: the one named, or the embedded demo
// when the name is empty. display is how messages name it.
func zonesDir(dir string) (fsys fs.FS, display string, err error) {
	if dir == "" {
		sub, err := fs.Sub(demoFS, "demo")
		return sub, "(demo)", err
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, "", err
	}
	if !info.IsDir() {
		return nil, "", &fs.PathError{Op: "open", Path: dir, Err: fs.ErrInvalid}
	}
	return os.DirFS(dir), dir, nil
}
