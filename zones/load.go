package zones

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
)

// Generation is one complete load of a zones directory: what a reload
// publishes at once.
type Generation struct {
	Zones        []*Zone
	HealthChecks []healthcheck.Check
	CIDR         *policy.CIDRCollections
	Latency      *geo.LatencyTable // nil when there is no latency.yaml
	// Failed lists the zones that did not load, with their files, so a
	// reload can keep their last good version serving.
	Failed []FailedZone
}

// FailedZone is a zone left out of a generation because of errors.
type FailedZone struct {
	Origin string
	Files  []string
}

// Load reads the zones of a directory and returns those that loaded (see
// LoadDir).
func Load(fsys fs.FS, display string) ([]*Zone, Diagnostics) {
	gen, diags := LoadDir(fsys, display)
	return gen.Zones, diags
}

// LoadDir reads a zones directory: *.zone master files, Route 53 record
// sets (*.json, *.yaml, *.yml), health-checks, cidr-collections and
// latency.yaml. display prefixes file names in diagnostics (the directory
// as the user named it). It returns what loaded and every problem found;
// a zone with an error is left out.
func LoadDir(fsys fs.FS, display string) (*Generation, Diagnostics) {
	return LoadDirWithLimits(fsys, display, DefaultLimits())
}

// LoadDirWithLimits is LoadDir with the bounds of what master files may
// expand to given.
func LoadDirWithLimits(fsys fs.FS, display string, limits Limits) (*Generation, Diagnostics) {
	l := &loader{fsys: fsys, display: display, gen: &Generation{}, limits: limits}
	names, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return l.gen, Diagnostics{{File: display, Rule: "read", Message: err.Error()}}
	}
	var masters, recordSets []string
	for _, e := range names {
		n := e.Name()
		if e.IsDir() {
			continue
		}
		switch base, ext := splitExt(n); {
		case ext == ".zone":
			masters = append(masters, n)
		case ext != ".json" && ext != ".yaml" && ext != ".yml":
		case base == "health-checks":
			l.healthChecks(n)
		case base == "cidr-collections":
			l.cidrCollections(n)
		case base == "latency":
			l.latency(n)
		default:
			recordSets = append(recordSets, n)
		}
	}
	l.zones(masters, recordSets)
	sortDiagnostics(l.diags)
	return l.gen, l.diags
}

type loader struct {
	fsys    fs.FS
	display string
	gen     *Generation
	diags   Diagnostics
	side    sideData
	limits  Limits
}

func (l *loader) show(name string) string {
	if l.display == "" {
		return name
	}
	return path.Join(l.display, name)
}

func splitExt(name string) (base, ext string) {
	ext = path.Ext(name)
	return strings.TrimSuffix(name, ext), strings.ToLower(ext)
}

// zoneSources is what one zone is made of: a master file, a record-set
// file, or both.
type zoneSources struct {
	files   []string
	records []sourced
	sets    []*positioned
	broken  bool // a file had errors: check the rest, serve nothing
}

func (l *loader) zones(masters, recordSets []string) {
	byOrigin := map[string]*zoneSources{}
	var order []string
	source := func(origin, file string) *zoneSources {
		zs := byOrigin[origin]
		if zs == nil {
			zs = &zoneSources{}
			byOrigin[origin] = zs
			order = append(order, origin)
		}
		zs.files = append(zs.files, l.show(file))
		return zs
	}
	mf := masterFile{fsys: l.fsys, display: l.show, limits: l.limits}
	sort.Strings(masters)
	for _, name := range masters {
		data, err := fs.ReadFile(l.fsys, name)
		if err != nil {
			l.diags = append(l.diags, Diagnostic{File: l.show(name), Rule: "read", Message: err.Error()})
			source(originFromFile(name), name).broken = true
			continue
		}
		origin := masterOrigin(name, data)
		records, ds := mf.parse(name, data, origin)
		l.diags = append(l.diags, ds...)
		if len(ds.Errors()) > 0 && records == nil {
			// Unreadable: its zone (by $ORIGIN or file name) must not be
			// served from its other files alone, and keeps its last good
			// version on a reload.
			source(origin, name).broken = true
			continue
		}
		for _, s := range records {
			if s.rr.Header().Rrtype == dns.TypeSOA {
				origin = dns.CanonicalName(s.rr.Header().Name)
				break
			}
		}
		zs := source(origin, name)
		zs.broken = zs.broken || len(ds.Errors()) > 0
		if len(zs.files) > 1 && len(zs.records) > 0 {
			l.diags = append(l.diags, Diagnostic{File: l.show(name), Rule: "duplicate-zone",
				Message: fmt.Sprintf("zone %s is already loaded from %s", origin, zs.files[0])})
			continue
		}
		zs.records = records
	}
	sort.Strings(recordSets)
	for _, name := range recordSets {
		l.recordSetFile(name, source)
	}
	for _, origin := range order {
		zs := byOrigin[origin]
		if zs.broken && len(zs.records) == 0 && len(zs.sets) == 0 {
			// Its files' errors are already reported: "no SOA" would
			// only repeat them.
			l.gen.Failed = append(l.gen.Failed, FailedZone{Origin: origin, Files: zs.files})
			continue
		}
		z, ds := buildZone(origin, strings.Join(zs.files, "+"), zs.records, zs.sets, &l.side)
		l.diags = append(l.diags, ds...)
		if z != nil && !zs.broken {
			l.gen.Zones = append(l.gen.Zones, z)
			continue
		}
		l.gen.Failed = append(l.gen.Failed, FailedZone{Origin: origin, Files: zs.files})
	}
}

// masterOrigin is the default origin of a master file: its first $ORIGIN,
// else its file name. A SOA record, when there is one, names the zone.
func masterOrigin(name string, data []byte) string {
	s := newEntryScanner(data)
	for e, ok := s.next(); ok; e, ok = s.next() {
		if e.directive == "$ORIGIN" && len(e.tokens) > 1 {
			if o := dns.Fqdn(strings.ToLower(s.text(e.tokens[1]))); validName(o) {
				return o
			}
		}
	}
	return originFromFile(name)
}

func validName(s string) bool {
	_, ok := dns.IsDomainName(s)
	return ok
}

// recordSetFile reads one list-resource-record-sets file; its zone is
// named by its SOA record set, else by the file name.
func (l *loader) recordSetFile(name string, source func(origin, file string) *zoneSources) {
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.diags = append(l.diags, Diagnostic{File: l.show(name), Rule: "read", Message: err.Error()})
		return
	}
	sets, ds := parseRecordSets(l.show(name), data)
	l.diags = append(l.diags, ds...)
	origin := originFromFile(name)
	if len(ds.Errors()) > 0 && len(sets) == 0 {
		source(origin, name).broken = true
		return
	}
	for _, p := range sets {
		if strings.EqualFold(p.Type, "SOA") {
			if n, err := route53Name(p.Name); err == nil {
				origin = n
			}
			break
		}
	}
	zs := source(origin, name)
	zs.sets = append(zs.sets, sets...)
	zs.broken = zs.broken || len(ds.Errors()) > 0
}

// originFromFile names a zone by its file: example.test.zone → example.test.
func originFromFile(name string) string {
	base, _ := splitExt(path.Base(name))
	origin := dns.Fqdn(strings.ToLower(base))
	if _, ok := dns.IsDomainName(origin); !ok {
		return "."
	}
	return origin
}
