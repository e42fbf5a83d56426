package zones

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/miekg/dns"
)

// Load reads every zone of a zones directory: each *.zone file is an
// RFC 1035 master file. display prefixes file names in diagnostics (the
// directory as the user named it). It returns the zones that loaded and
// every problem found; a zone with an error is left out.
func Load(fsys fs.FS, display string) ([]*Zone, Diagnostics) {
	show := func(name string) string {
		if display == "" {
			return name
		}
		return path.Join(display, name)
	}
	names, err := fs.Glob(fsys, "*.zone")
	if err != nil {
		return nil, Diagnostics{{File: display, Rule: "read", Message: err.Error()}}
	}
	sort.Strings(names)
	mf := masterFile{fsys: fsys, display: show}
	var (
		out   []*Zone
		diags Diagnostics
		seen  = map[string]string{}
	)
	for _, name := range names {
		z, ds := loadMasterZone(mf, name)
		diags = append(diags, ds...)
		if z == nil {
			continue
		}
		if other, dup := seen[z.Origin]; dup {
			diags = append(diags, Diagnostic{File: show(name), Rule: "duplicate-zone",
				Message: fmt.Sprintf("zone %s is already loaded from %s", z.Origin, other)})
			continue
		}
		seen[z.Origin] = show(name)
		out = append(out, z)
	}
	sortDiagnostics(diags)
	return out, diags
}

// loadMasterZone parses one master file and builds its zone. The zone is
// named by its SOA record, else by the file name.
func loadMasterZone(mf masterFile, name string) (*Zone, Diagnostics) {
	origin := dns.Fqdn(strings.ToLower(strings.TrimSuffix(path.Base(name), ".zone")))
	if _, ok := dns.IsDomainName(origin); !ok {
		origin = "."
	}
	records, diags := mf.parse(name, origin)
	if len(diags.Errors()) > 0 && records == nil {
		return nil, diags
	}
	for _, s := range records {
		if s.rr.Header().Rrtype == dns.TypeSOA {
			origin = dns.CanonicalName(s.rr.Header().Name)
			break
		}
	}
	z, more := buildZone(origin, mf.display(name), records)
	diags = append(diags, more...)
	if len(diags.Errors()) > 0 {
		return nil, diags
	}
	return z, diags
}
