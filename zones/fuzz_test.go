package zones_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
)

// loadDeadline is how long one fuzz input may take to load. Inputs are a
// few kilobytes; only a pathological expansion takes seconds.
const loadDeadline = 10 * time.Second

// fuzzLimits keep one input's expansion small enough for the fuzzer to
// run fast: the limit is the loader's own, so reaching it is tested too.
var fuzzLimits = zones.Limits{RecordsPerZone: 100_000}

// FuzzLoad loads arbitrary master-file text (and a file it may $INCLUDE)
// and checks what every load must satisfy: it finishes, every diagnostic
// is placed and named, and a zone that loads is a well-formed zone.
func FuzzLoad(f *testing.F) {
	for _, s := range loadSeeds() {
		f.Add(s.zone, s.include)
	}
	f.Fuzz(func(t *testing.T, zone, include string) {
		fsys := fstest.MapFS{
			"fuzz.test.zone":    {Data: []byte(zone)},
			"include/hosts.inc": {Data: []byte(include)},
		}
		zs, diags := loadWithin(t, fsys)
		for _, d := range diags {
			if !strings.HasPrefix(d.File, "zones/") || d.Rule == "" || d.Message == "" || d.Line < 0 || d.Col < 0 {
				t.Fatalf("diagnostic without file, rule or message, or misplaced: %#v", d)
			}
		}
		if len(zs) > 1 {
			t.Fatalf("one zone file loaded as %d zones", len(zs))
		}
		for _, z := range zs {
			if errs := diags.Errors(); len(errs) > 0 {
				t.Fatalf("zone %s loaded despite errors:\n%v", z.Origin, errs)
			}
			checkZone(t, z)
		}
		checkStore(t, zs)
	})
}

// loadWithin loads the zones, failing the test if it does not return in
// time. A Load that never returns is left running: the failure is what
// matters, and the fuzzer restarts its worker.
func loadWithin(t *testing.T, fsys fstest.MapFS) ([]*zones.Zone, zones.Diagnostics) {
	t.Helper()
	type result struct {
		zs    []*zones.Zone
		diags zones.Diagnostics
	}
	done := make(chan result, 1)
	go func() {
		gen, diags := zones.LoadDirWithLimits(fsys, "zones", fuzzLimits)
		done <- result{gen.Zones, diags}
	}()
	timer := time.NewTimer(loadDeadline)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.zs, r.diags
	case <-timer.C:
		t.Fatalf("Load did not finish within %v", loadDeadline)
		return nil, nil
	}
}

// checkZone checks the invariants of a published zone: one SOA, at the
// apex; NS at the apex; every owner inside the zone with all its
// ancestors present (Find relies on empty non-terminals); CNAMEs alone
// at their names (RFC 1034 §3.6.2, RFC 2181 §10.1).
func checkZone(t *testing.T, z *zones.Zone) {
	t.Helper()
	if z.Origin != dns.CanonicalName(z.Origin) {
		t.Fatalf("origin %q is not a lower-case FQDN", z.Origin)
	}
	apex, ok := z.Node(z.Origin)
	if !ok || len(apex.RRset(dns.TypeSOA)) != 1 || len(apex.RRset(dns.TypeNS)) == 0 {
		t.Fatalf("zone %s: apex lacks exactly one SOA or any NS", z.Origin)
	}
	if z.SOA == nil || z.SOA.Hdr.Name != z.Origin || z.NegativeSOA == nil || z.NegativeSOA.Hdr.Ttl > z.SOA.Minttl {
		t.Fatalf("zone %s: SOA %v, negative SOA %v", z.Origin, z.SOA, z.NegativeSOA)
	}
	records := z.Records()
	if len(records) != z.Len() {
		t.Fatalf("zone %s: Len %d, %d records", z.Origin, z.Len(), len(records))
	}
	soas := 0
	for _, rr := range records {
		h := rr.Header()
		if h.Rrtype == dns.TypeSOA {
			soas++
		}
		if h.Class != z.Class {
			t.Fatalf("zone %s of class %d holds %v", z.Origin, z.Class, rr)
		}
		checkOwner(t, z, h.Name)
	}
	if soas != 1 {
		t.Fatalf("zone %s has %d SOA records", z.Origin, soas)
	}
}

// checkOwner checks one owner name's node and its ancestors.
func checkOwner(t *testing.T, z *zones.Zone, owner string) {
	t.Helper()
	if !dns.IsSubDomain(z.Origin, owner) {
		t.Fatalf("zone %s holds owner %s outside it", z.Origin, owner)
	}
	node, ok := z.Node(owner)
	if !ok || node.Empty() {
		t.Fatalf("zone %s: owner %s has no node with data", z.Origin, owner)
	}
	if cname := node.RRset(dns.TypeCNAME); cname != nil {
		for _, set := range node.RRsets {
			if set.Type != dns.TypeCNAME && set.Type != dns.TypeRRSIG && set.Type != dns.TypeNSEC || len(cname) > 1 {
				t.Fatalf("zone %s: CNAME at %s is not alone: %v", z.Origin, owner, node.RRsets)
			}
		}
	}
	for name := owner; name != z.Origin; {
		if name == "." {
			t.Fatalf("zone %s: walked past the apex from %s", z.Origin, owner)
		}
		name = parent(name)
		if _, ok := z.Node(name); !ok {
			t.Fatalf("zone %s: %s has no node above %s", z.Origin, name, owner)
		}
	}
}

// parent is name without its first label ("." above a top-level name).
func parent(name string) string {
	if off, end := dns.NextLabel(name, 0); !end {
		return name[off:]
	}
	return "."
}

// checkStore publishes the zones and finds each by its origin, which
// exercises the store's key for names with escapes.
func checkStore(t *testing.T, zs []*zones.Zone) {
	t.Helper()
	s, err := zones.NewStore()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Replace(zs); err != nil {
		t.Fatalf("publishing: %v", err)
	}
	v := s.View()
	for _, z := range zs {
		byName, ok1 := v.Zone(z.Origin)
		closest, ok2 := v.Closest(z.Origin)
		if !ok1 || !ok2 || byName != z || closest != z {
			t.Fatalf("zone %s not found by its origin in the store", z.Origin)
		}
	}
}

// loadSeed is a zone file and the file it may include.
type loadSeed struct{ zone, include string }

const seedHead = `$ORIGIN fuzz.test.
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 900 1209600 60
@ IN NS ns1
ns1 IN A 192.0.2.53
`

// loadSeeds are master files that reach each part of the loader: the
// directives, the lexical forms of RFC 1035 §5.1, each semantic check,
// and input that is not a master file at all.
func loadSeeds() []loadSeed {
	return []loadSeed{
		{zone: seedHead + "www A 192.0.2.1\nwww AAAA 2001:db8::1\n@ MX 10 mail\nmail A 192.0.2.25\n*.w A 192.0.2.80\nsub NS ns.sub\nns.sub A 192.0.2.99\na.b.c TXT x\n"},
		{zone: seedHead + "$INCLUDE include/hosts.inc\nafter A 192.0.2.9\n", include: "h1 A 192.0.2.1\nh2 300 IN AAAA 2001:db8::2\n"},
		{zone: seedHead + "$INCLUDE include/hosts.inc sub.fuzz.test.\n", include: "@ A 192.0.2.1\nh1 TXT \"in sub\"\n"},
		{zone: seedHead + "$INCLUDE include/missing.inc\n"},
		{zone: seedHead + "$INCLUDE fuzz.test.zone\n"},
		{zone: seedHead + "$INCLUDE include/hosts.inc\n", include: "$INCLUDE include/hosts.inc\nx A 192.0.2.1\n"},
		{zone: seedHead + "$GENERATE 1-20 host-$ A 192.0.2.$\n$GENERATE 0-10/2 r${0,3,x} CNAME host-${1}\n"},
		{zone: seedHead + "$GENERATE 9-1 x$ A 192.0.2.1\n$GENERATE 1-2\n"},
		{zone: seedHead + "$GENERATE 0-3000000 h$ A 192.0.2.1\n$GENERATE 0-65535 g$ A 192.0.2.1\n"},
		{zone: seedHead + strings.Repeat("$INCLUDE include/hosts.inc\n", 8), include: "$GENERATE 1-65536/1 r${0,255,x} TXT \"$\"\n"},
		{zone: "$TTL 1h30m\n$ORIGIN fuzz.test.\n@ SOA ns1 h 1 2h 1h 2w 5m\n@ 1d NS ns1\nns1 0 A 192.0.2.1\nx 1W2D A 192.0.2.2\n$TTL 0\ny A 192.0.2.3\n"},
		{zone: "$ORIGIN fuzz.test.\n@ 300 IN SOA ( ns1 ; primary\n  hostmaster ; contact\n  1 7200 900 ; serial refresh retry\n  1209600 60 )\n  300 NS ns1 ; blank owner\nns1 300 A 192.0.2.1\n"},
		{zone: seedHead + "t TXT \"a \\\"quoted\\\" word\" \"semi;colon\" \"\\065\\066\" (paren)\nesc\\.dot TXT x\nsp\\032ace A 192.0.2.7\n\\@ A 192.0.2.8\n"},
		{zone: seedHead + "t TXT \"" + strings.Repeat("a", 255) + "\" \"" + strings.Repeat("b", 256) + "\"\nu TXT (\n \"" + strings.Repeat("\\065", 256) + "\" )\n"},
		{zone: seedHead + "www CNAME ns1\nwww A 192.0.2.1\ntwo CNAME a\ntwo CNAME b\n@ CNAME other.test.\n*.w CNAME ns1\n*.w TXT x\nok CNAME ns1\nok NSEC zz.fuzz.test. CNAME NSEC RRSIG\n"},
		{zone: seedHead + "www 300 A 192.0.2.1\nwww 600 A 192.0.2.2\nwww A 192.0.2.1\nout.other.test. A 192.0.2.3\nch CH TXT x\nsub SOA ns1 h 2 3 4 5 6\nu TYPE65280 \\# 4 0a000001\nc CLASS1 A 192.0.2.4\n"},
		{zone: "$ORIGIN fuzz.test.\n$TTL 300\n@ NS ns1\n"},
		{zone: "$ORIGIN fuzz.test.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ SOA ns2 h 2 2 3 4 5\n"},
		{zone: ". 60 SOA a.root. h 1 2 3 4 5\n. 60 NS a.root.\na.root. 60 A 192.0.2.1\ntest. 60 NS a.root.\n"},
		{zone: "$ORIGIN other.test.\n$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n"},
		{zone: "$ORIGIN fuzz.test.\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\n(unbalanced A 192.0.2.1\nq TXT \"unterminated\n$ORIGIN\n$TTL x\n$UNKNOWN y\nbad A 300.0.0.1\n"},
		{zone: "\x00\xff\xfe;\n\t\"\\\n)))((( $\n"},
		{},
	}
}
