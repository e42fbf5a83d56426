package zones

import (
	"io/fs"
	"net/netip"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"go.yaml.in/yaml/v3"
)

// LoadDir loads a zones directory for the tests of this package: its
// zones, checked against the health checks and CIDR collections its side
// files define. The side files are read here without validation; package
// config reads and checks them for real.
func LoadDir(fsys fs.FS, display string) (*Generation, Diagnostics) {
	return LoadDirWithLimits(fsys, display, DefaultLimits())
}

// LoadDirWithLimits is LoadDir with master files bounded by limits.
func LoadDirWithLimits(fsys fs.FS, display string, limits Limits) (*Generation, Diagnostics) {
	gen := &Generation{}
	refs := Refs{HealthChecks: map[string]bool{}, Collections: map[string]map[string]bool{}}
	entries, _ := fs.ReadDir(fsys, ".")
	var masters, recordSets []string
	for _, e := range entries {
		data, _ := fs.ReadFile(fsys, e.Name())
		switch Classify(e.Name()) {
		case MasterFile:
			masters = append(masters, e.Name())
		case RecordSetFile:
			recordSets = append(recordSets, e.Name())
		case HealthChecks:
			var f struct {
				HealthChecks []healthcheck.Check `yaml:"HealthChecks"`
			}
			_ = yaml.Unmarshal(data, &f)
			for _, c := range f.HealthChecks {
				refs.HealthChecks[c.ID] = true
			}
			gen.HealthChecks = f.HealthChecks
		case CIDRCollections:
			gen.CIDR = fixtureCollections(data, refs)
		}
	}
	zs, _, diags := LoadZones(fsys, display, masters, recordSets, refs, limits)
	gen.Zones = zs
	diags.Sort()
	return gen, diags
}

func fixtureCollections(data []byte, refs Refs) *policy.CIDRCollections {
	var f struct {
		CidrCollections []struct {
			ID        string `yaml:"Id"`
			Locations []struct {
				LocationName string   `yaml:"LocationName"`
				CidrList     []string `yaml:"CidrList"`
			} `yaml:"Locations"`
		} `yaml:"CidrCollections"`
	}
	_ = yaml.Unmarshal(data, &f)
	var cols []policy.CIDRCollection
	for _, c := range f.CidrCollections {
		col := policy.CIDRCollection{ID: c.ID}
		refs.Collections[c.ID] = map[string]bool{}
		for _, l := range c.Locations {
			refs.Collections[c.ID][l.LocationName] = true
			loc := policy.CIDRLocation{Name: l.LocationName}
			for _, s := range l.CidrList {
				if p, err := netip.ParsePrefix(s); err == nil {
					loc.Blocks = append(loc.Blocks, p)
				}
			}
			col.Locations = append(col.Locations, loc)
		}
		cols = append(cols, col)
	}
	set, _ := policy.NewCIDRCollections(cols)
	return set
}
