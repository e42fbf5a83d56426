package cmd

import (
	"embed"
	"io/fs"
	"net/netip"

	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/zones"
	"github.com/spf13/pflag"
)

//go:embed demo
var demoFS embed.FS

// zonesDir opens the zones directory: the one named, or the embedded demo
// when the name is empty (its demo-up check probing listen, when valid).
// display is how messages name it.
func zonesDir(dir string, listen netip.AddrPort) (fsys fs.FS, display string, err error) {
	if dir == "" {
		sub, err := fs.Sub(demoFS, "demo")
		return demoFollowing(sub, listen), "(demo)", err
	}
	fsys, err = config.OpenDir(dir)
	return fsys, dir, err
}

// addLimitFlags adds the flags that bound a load of the zones directory,
// shared by serve and check so both load alike.
func addLimitFlags(f *pflag.FlagSet, l *zones.Limits) {
	d := zones.DefaultLimits()
	*l = d
	f.Int64Var(&l.FileSize, "max-file-size", d.FileSize, "largest zone or side file read, in bytes; a larger one is an error")
	f.IntVar(&l.RecordsPerZone, "max-records-per-zone", d.RecordsPerZone, "most records one zone may have")
	f.IntVar(&l.Records, "max-records", d.Records, "most records of all zones together")
	f.IntVar(&l.Files, "max-files", d.Files, "most zone and side files in the zones directory")
}
