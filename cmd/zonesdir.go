package cmd

import (
	"embed"
	"io/fs"

	"github.com/r53d/r53d/config"
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
	fsys, err = config.OpenDir(dir)
	return fsys, dir, err
}
