package cmd

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/r53d/r53d/scenario"
)

// scenarioExt tells whether a file name is a scenario file's.
func scenarioExt(name string) bool {
	return slices.Contains([]string{".yaml", ".yml", ".json"}, path.Ext(name))
}

// scenarioFile is a parsed file and where to write it back ("" for the
// built-in demo's).
type scenarioFile struct {
	*scenario.File
	osPath string
}

// readScenarios reads the files named, or the zones directory's tests/.
// Every malformed file is reported, not only the first.
func readScenarios(opts TestOptions, zonesFS fs.FS) ([]scenarioFile, error) {
	type source struct {
		display, osPath string
		read            func() ([]byte, error)
	}
	var sources []source
	onDisk := func(names ...string) error {
		for _, name := range names {
			found, err := scenarioPaths(name)
			if errors.Is(err, fs.ErrNotExist) && opts.Zones != "" && !filepath.IsAbs(name) {
				// tests/geo.yaml may name a file of the zones directory's
				// tests/, as the default does, from any working directory.
				if f, err2 := scenarioPaths(filepath.Join(opts.Zones, name)); err2 == nil {
					found, err = f, nil
				}
			}
			if err != nil {
				return err
			}
			for _, p := range found {
				sources = append(sources, source{display: p, osPath: p, read: func() ([]byte, error) { return os.ReadFile(p) }})
			}
		}
		return nil
	}
	var err error
	switch {
	case len(opts.Files) > 0:
		err = onDisk(opts.Files...)
	case opts.Zones != "":
		err = onDisk(filepath.Join(opts.Zones, "tests"))
	default: // the built-in demo's
		entries, _ := fs.ReadDir(zonesFS, "tests")
		for _, e := range entries {
			if name := "tests/" + e.Name(); scenarioExt(name) {
				sources = append(sources, source{display: "(demo)/" + name, read: func() ([]byte, error) { return fs.ReadFile(zonesFS, name) }})
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if len(sources) == 0 {
		return nil, errors.New("no scenario files: put cases in tests/*.yaml beside the zones, or name files")
	}
	var out []scenarioFile
	var bad scenario.Errors
	for _, s := range sources {
		data, err := s.read()
		if err != nil {
			return nil, err
		}
		f, err := scenario.Parse(s.display, data)
		if errs, ok := scenario.AsErrors(err); ok {
			bad = append(bad, errs...)
			continue
		}
		if opts.SeedSet {
			f.Seed = opts.Seed
		}
		out = append(out, scenarioFile{File: f, osPath: s.osPath})
	}
	if len(bad) > 0 {
		return nil, bad
	}
	return out, nil
}

// scenarioPaths lists name, or the scenario files of directory name.
func scenarioPaths(name string) ([]string, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{name}, nil
	}
	entries, err := os.ReadDir(name)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && scenarioExt(strings.ToLower(e.Name())) {
			out = append(out, filepath.Join(name, e.Name()))
		}
	}
	return out, nil
}
