package zones

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// FailedZone is a zone left out of a load because of errors, with the
// files it is made of, so a reload can keep its last good version serving.
type FailedZone struct {
	Origin string
	Files  []string
}

// FileKind is what a file of a zones directory holds, by its name.
type FileKind int

// The kinds of files of a zones directory.
const (
	OtherFile              FileKind = iota
	MasterFile                      // *.zone
	RecordSetFile                   // *.json, *.yaml, *.yml that is not a side file
	HealthChecks                    // health-checks.json|yaml|yml
	CIDRCollections                 // cidr-collections.json|yaml|yml
	LatencyTable                    // latency.json|yaml|yml
	AWSResources                    // aws-resources.json|yaml|yml
	TrafficPolicy                   // *.traffic-policy.json|yaml|yml: one policy version each
	TrafficPolicyInstances          // traffic-policy-instances.json|yaml|yml
)

// Classify tells what the file called name holds.
func Classify(name string) FileKind {
	switch base, ext := splitExt(name); {
	case ext == ".zone":
		return MasterFile
	case ext != ".json" && ext != ".yaml" && ext != ".yml":
		return OtherFile
	case base == "health-checks":
		return HealthChecks
	case base == "cidr-collections":
		return CIDRCollections
	case base == "latency":
		return LatencyTable
	case base == "aws-resources":
		return AWSResources
	case strings.HasSuffix(base, ".traffic-policy"):
		return TrafficPolicy
	case base == "traffic-policy-instances":
		return TrafficPolicyInstances
	default:
		return RecordSetFile
	}
}

// Load reads the zones of a directory without side files: its master files
// and record-set files, with no health checks or CIDR collections for
// record sets to refer to. It returns the zones that loaded and every
// problem found.
func Load(fsys fs.FS, display string) ([]*Zone, Diagnostics) {
	names, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, Diagnostics{{File: display, Rule: "read", Message: err.Error()}}
	}
	var masters, recordSets []string
	for _, e := range names {
		switch kind := Classify(e.Name()); {
		case e.IsDir():
		case kind == MasterFile:
			masters = append(masters, e.Name())
		case kind == RecordSetFile:
			recordSets = append(recordSets, e.Name())
		}
	}
	zs, _, diags := LoadZones(fsys, display, masters, recordSets, Refs{}, DefaultLimits())
	diags.Sort()
	return zs, diags
}

// LoadZones reads the named master files and record-set files of fsys and
// builds their zones, checking record sets against refs; master files
// expand to no more than limits allow (zero limits: DefaultLimits).
// display prefixes file names in diagnostics (the directory as the user
// named it). A zone with an error is left out and listed in failed.
func LoadZones(fsys fs.FS, display string, masters, recordSets []string, refs Refs, limits Limits) (zs []*Zone, failed []FailedZone, diags Diagnostics) {
	l := &loader{fsys: fsys, display: display, refs: refs, limits: limits}
	l.zones(masters, recordSets)
	return l.loaded, l.failed, l.diags
}

type loader struct {
	fsys    fs.FS
	display string
	refs    Refs
	limits  Limits
	records int // in every zone file read so far, for limits.Records
	loaded  []*Zone
	failed  []FailedZone
	diags   Diagnostics
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
	ahead   *builder // records already filed, when the master file's own zone is this one
	sets    []*positioned
	meta    *fileMeta // the HostedZone and Tags of its record-set file
	broken  bool      // a file had errors: check the rest, serve nothing
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
	slices.Sort(masters)
	for _, name := range masters {
		data, err := ReadFile(l.fsys, name, l.limits.FileSize)
		if err != nil {
			l.diags = append(l.diags, Diagnostic{File: l.show(name), Rule: "read", Message: err.Error()})
			source(originFromFile(name), name).broken = true
			continue
		}
		origin := masterOrigin(name, data)
		var ahead *buildAhead
		if l.limits.Cores != 1 {
			ahead = newBuildAhead()
		}
		records, ds := mf.parse(name, data, origin, ahead)
		if at, ok := l.admit(len(records)); !ok {
			ds = append(ds, Diagnostic{File: records[at].file, Line: int(records[at].line), Col: 1, Rule: "limit", Message: l.tooManyRecords()})
			ahead.result(records) // let the builder go before dropping its records
			records = nil
		}
		l.diags = append(l.diags, ds...)
		if len(ds.Errors()) > 0 && records == nil {
			// Unreadable: its zone (by $ORIGIN or file name) must not be
			// served from its other files alone, and keeps its last good
			// version on a reload.
			source(origin, name).broken = true
			continue
		}
		// The builder names records in canonical form: wait before reading them.
		built := ahead.result(records)
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
		if built != nil && built.origin == origin {
			zs.ahead = built
		}
	}
	slices.Sort(recordSets)
	for _, name := range recordSets {
		l.recordSetFile(name, source)
	}
	ids := map[string]*fileMeta{}
	flows, brokenFlows := l.flowsByZone(order)
	for _, origin := range order {
		zs := byOrigin[origin]
		zs.broken = zs.broken || brokenFlows[origin]
		refs := l.refs
		refs.Flows = flows[origin]
		if zs.broken && len(zs.records) == 0 && len(zs.sets) == 0 {
			// Its files' errors are already reported: "no SOA" would
			// only repeat them.
			l.failed = append(l.failed, FailedZone{Origin: origin, Files: zs.files})
			continue
		}
		var z *Zone
		var ds Diagnostics
		if zs.ahead != nil {
			z, ds = zs.ahead.finish(zs.files, zs.sets, &refs)
		} else {
			z, ds = buildZone(origin, zs.files, zs.records, zs.sets, &refs)
		}
		l.diags = append(l.diags, ds...)
		if z != nil && !zs.broken && l.claimID(z, zs.meta, ids) {
			l.loaded = append(l.loaded, z)
			continue
		}
		l.failed = append(l.failed, FailedZone{Origin: origin, Files: zs.files})
	}
}

// admit counts n more records, from one file, against limits.Records.
// Past the limit it returns false and the index, in the file, of the first
// record beyond it; that file's records are not counted, as it will not be
// served.
func (l *loader) admit(n int) (first int, ok bool) {
	if l.limits.Records <= 0 || l.records+n <= l.limits.Records {
		l.records += n
		return 0, true
	}
	return l.limits.Records - l.records, false
}

func (l *loader) tooManyRecords() string {
	return fmt.Sprintf("more than %d records in all zones together: the loader's limit (raise --max-records)", l.limits.Records)
}

// masterOrigin is the default origin of a master file: its first $ORIGIN,
// else its file name. A SOA record, when there is one, names the zone.
func masterOrigin(name string, data []byte) string {
	if indexDirective(data, "$ORIGIN") < 0 {
		return originFromFile(name) // no entry to scan for
	}
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

// indexDirective returns the offset of the first line of data that begins
// with directive (any case), or -1. Directives start in the first column
// (RFC 1035 §5.1), so a file with no such line has none.
func indexDirective(data []byte, directive string) int {
	d := []byte(directive)
	for off := 0; off < len(data); {
		if len(data)-off >= len(d) && bytes.EqualFold(data[off:off+len(d)], d) {
			return off
		}
		nl := bytes.IndexByte(data[off:], '\n')
		if nl < 0 {
			return -1
		}
		off += nl + 1
	}
	return -1
}

func validName(s string) bool {
	_, ok := dns.IsDomainName(s)
	return ok
}

// recordSetFile reads one list-resource-record-sets file; its zone is
// named by its SOA record set, else by the file name.
func (l *loader) recordSetFile(name string, source func(origin, file string) *zoneSources) {
	data, err := ReadFile(l.fsys, name, l.limits.FileSize)
	if err != nil {
		l.diags = append(l.diags, Diagnostic{File: l.show(name), Rule: "read", Message: err.Error()})
		source(originFromFile(name), name).broken = true
		return
	}
	meta, sets, ds := parseRecordSets(l.show(name), data)
	values := 0
	for _, p := range sets {
		values += max(len(p.ResourceRecords), 1)
	}
	if at, ok := l.admit(values); !ok {
		p := sets[0]
		for _, p = range sets {
			if at -= max(len(p.ResourceRecords), 1); at < 0 {
				break
			}
		}
		ds = append(ds, Diagnostic{File: p.file, Line: p.line, Col: p.col, Rule: "limit", Message: l.tooManyRecords()})
		sets = nil
	}
	origin := recordSetOrigin(name, sets)
	ds = append(ds, meta.checkOrigin(origin)...)
	l.diags = append(l.diags, ds...)
	if len(ds.Errors()) > 0 && len(sets) == 0 {
		source(origin, name).broken = true
		return
	}
	zs := source(origin, name)
	zs.sets = append(zs.sets, sets...)
	zs.broken = zs.broken || len(ds.Errors()) > 0
	if meta.present {
		if zs.meta != nil && zs.meta.present {
			l.diags = append(l.diags, Diagnostic{File: meta.file, Line: meta.line, Col: 1, Rule: "hosted-zone",
				Message: fmt.Sprintf("zone %s already has its HostedZone in %s; give it in one file", origin, zs.meta.file)})
			zs.broken = true
			return
		}
		zs.meta = &meta
	} else if len(meta.Tags) > 0 && zs.meta == nil {
		zs.meta = &meta
	}
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
