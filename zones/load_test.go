package zones

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const head = `$ORIGIN example.test.
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 900 1209600 60
@ IN NS ns1
ns1 IN A 192.0.2.53
`

// wantDiag is one expected problem: its file, line and rule, and a piece
// of its message.
type wantDiag struct {
	file, rule, text string
	line             int
	warning          bool
}

func TestLoadRejectsAndAccepts(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		diags []wantDiag
		ok    bool // the zone loads
	}{
		{name: "valid zone", files: mapFS("example.test.zone", head+"www A 192.0.2.1\n"), ok: true},
		{name: "no SOA", files: mapFS("example.test.zone", "$ORIGIN example.test.\n@ 300 IN NS ns1\n"),
			diags: []wantDiag{{file: "z/example.test.zone", rule: "soa", text: "no SOA"}}},
		{name: "two SOA", files: mapFS("example.test.zone", head+"@ IN SOA ns2 hostmaster 2 7200 900 1209600 60\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 6, rule: "soa", text: "exactly one"}}},
		{name: "SOA below apex", files: mapFS("example.test.zone", head+"sub IN SOA ns1 hostmaster 1 7200 900 1209600 60\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 6, rule: "soa-at-apex", text: "not at the zone apex"}}},
		{name: "no apex NS", files: mapFS("example.test.zone", "$ORIGIN example.test.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 3, rule: "apex-ns"}}},
		{name: "CNAME and other data", files: mapFS("example.test.zone", head+"www CNAME ns1\nwww A 192.0.2.1\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 7, rule: "cname-exclusive", text: "CNAME and A records at www.example.test."}}},
		{name: "CNAME at apex", files: mapFS("example.test.zone", head+"@ CNAME other.test.\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 6, rule: "cname-exclusive", text: "apex"}}},
		{name: "two CNAMEs", files: mapFS("example.test.zone", head+"www CNAME a\nwww CNAME b\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 7, rule: "cname-single"}}},
		{name: "two CNAMEs after a duplicate", files: mapFS("example.test.zone", head+"www CNAME a\nwww CNAME a\nwww CNAME b\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 7, rule: "duplicate", warning: true}, {file: "z/example.test.zone", line: 8, rule: "cname-single"}}},
		{name: "wildcard CNAME with other data", files: mapFS("example.test.zone", head+"*.w CNAME ns1\n*.w TXT \"x\"\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 7, rule: "cname-exclusive"}}},
		{name: "CNAME with NSEC is fine", files: mapFS("example.test.zone", head+"www CNAME ns1\nwww NSEC zz.example.test. CNAME NSEC RRSIG\n"), ok: true},
		{name: "owner outside zone", files: mapFS("example.test.zone", head+"www.other.test. A 192.0.2.1\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 6, rule: "out-of-zone", text: "outside zone"}}},
		{name: "class mismatch", files: mapFS("example.test.zone", head+"www CH TXT \"x\"\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 6, rule: "class"}}},
		{name: "TXT string over 255", files: mapFS("example.test.zone", head+"t TXT \"ok\" \""+strings.Repeat("a", 256)+"\"\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 6, rule: "txt-string-length", text: "split it into several quoted strings"}}},
		{name: "TXT of 255 with escapes", files: mapFS("example.test.zone", head+"t TXT \""+strings.Repeat(`\065`, 255)+"\"\n"), ok: true},
		{name: "TXT over 255 in parentheses", files: mapFS("example.test.zone", head+"t TXT (\n \"x\"\n \""+strings.Repeat("b", 300)+"\" )\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 8, rule: "txt-string-length"}}},
		{name: "duplicate removed with a warning", files: mapFS("example.test.zone", head+"www A 192.0.2.1\nwww A 192.0.2.1\n"), ok: true,
			diags: []wantDiag{{file: "z/example.test.zone", line: 7, rule: "duplicate", warning: true}}},
		{name: "TTL mismatch warns", files: mapFS("example.test.zone", head+"www 60 A 192.0.2.1\nwww 120 A 192.0.2.2\n"), ok: true,
			diags: []wantDiag{{file: "z/example.test.zone", line: 7, rule: "rrset-ttl", warning: true}}},
		{name: "syntax errors are all reported", files: mapFS("example.test.zone", head+"www A 999.1.1.1\nok A 192.0.2.1\nbad AAAA nonsense\n"),
			diags: []wantDiag{{file: "z/example.test.zone", line: 6, rule: "syntax"}, {file: "z/example.test.zone", line: 8, rule: "syntax"}}},
		{name: "include relative to the file", files: fstest.MapFS{
			"example.test.zone": {Data: []byte(head + "$INCLUDE inc/hosts.inc\n")},
			"inc/hosts.inc":     {Data: []byte("www A 192.0.2.1\nbad CNAME ns1\nbad A 192.0.2.2\n")},
		}, diags: []wantDiag{{file: "z/inc/hosts.inc", line: 3, rule: "cname-exclusive"}}},
		{name: "unknown type RFC 3597", files: mapFS("example.test.zone", head+"u TYPE65280 \\# 4 0a000001\n"), ok: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			zs, diags := Load(tc.files, "z")
			if tc.ok {
				require.Len(t, zs, 1, "diagnostics: %v", diags)
			} else {
				require.Empty(t, zs)
			}
			require.Len(t, diags, len(tc.diags), "got %v", diags)
			for i, w := range tc.diags {
				d := diags[i]
				assert.Equal(t, w.file, d.File, d.Error())
				assert.Equal(t, w.rule, d.Rule, d.Error())
				assert.Equal(t, w.warning, d.Warning, d.Error())
				if w.line > 0 {
					assert.Equal(t, w.line, d.Line, d.Error())
				}
				assert.Contains(t, d.Message, w.text)
			}
		})
	}
}

func mapFS(name, text string) fstest.MapFS {
	return fstest.MapFS{name: {Data: []byte(text)}}
}

func TestZoneNamedBySOAElseFileName(t *testing.T) {
	zs, diags := Load(fstest.MapFS{
		"anything.zone":  {Data: []byte(head)},
		"relative.zone":  {Data: []byte("$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n")},
		"root.zone":      {Data: []byte(". 60 SOA a.root-servers.net. h 1 2 3 4 5\n. 60 NS a.root-servers.net.\n")},
		"not-a-zone.txt": {Data: []byte("junk")},
		"notes.md":       {Data: []byte("not a zone")},
	}, "")
	require.Empty(t, diags)
	var origins []string
	for _, z := range zs {
		origins = append(origins, z.Origin)
	}
	assert.ElementsMatch(t, []string{"example.test.", "relative.", "."}, origins)
}

func TestDuplicateZoneRejected(t *testing.T) {
	_, diags := Load(fstest.MapFS{"a.zone": {Data: []byte(head)}, "b.zone": {Data: []byte(head)}}, "")
	require.Len(t, diags, 1)
	assert.Equal(t, "duplicate-zone", diags[0].Rule)
	assert.Equal(t, "b.zone", diags[0].File)
}

func TestFindAndStore(t *testing.T) {
	zs, diags := Load(mapFS("example.test.zone", head+`
a.b.c A 192.0.2.1
*.w A 192.0.2.2
sub NS ns.sub
ns.sub A 192.0.2.3
deep.below.sub A 192.0.2.4
`), "")
	require.Empty(t, diags)
	z := zs[0]
	tests := []struct {
		name                       string
		exact, cut, encl, wildcard string
	}{
		{name: "a.b.c.example.test.", exact: "a.b.c.example.test.", encl: "a.b.c.example.test."},
		{name: "b.c.example.test.", exact: "b.c.example.test.", encl: "b.c.example.test."}, // empty non-terminal
		{name: "x.b.c.example.test.", encl: "b.c.example.test."},
		{name: "x.y.w.example.test.", encl: "w.example.test.", wildcard: "*.w.example.test."},
		{name: "deep.below.sub.example.test.", exact: "deep.below.sub.example.test.", encl: "deep.below.sub.example.test.", cut: "sub.example.test."},
		{name: "nothing.sub.example.test.", encl: "sub.example.test.", cut: "sub.example.test."},
	}
	for _, tc := range tests {
		m := z.Find(tc.name)
		assert.Equal(t, tc.exact, nodeName(m.Exact), tc.name)
		assert.Equal(t, tc.cut, nodeName(m.Cut), tc.name)
		assert.Equal(t, tc.encl, nodeName(m.Encloser), tc.name)
		assert.Equal(t, tc.wildcard, nodeName(m.Wildcard), tc.name)
	}

	root, _ := Load(mapFS("root.zone", ". 60 SOA a. h 1 2 3 4 5\n. 60 NS a.\n"), "")
	s, err := NewStore()
	require.NoError(t, err)
	require.NoError(t, s.Replace(append(zs, root...)))
	v := s.View()
	for name, want := range map[string]string{
		"www.example.test.": "example.test.", "example.test.": "example.test.",
		"xexample.test.": ".", "test.": ".", ".": ".", "a.b.c.example.test.": "example.test.",
	} {
		got, ok := v.Closest(name)
		require.True(t, ok, name)
		assert.Equal(t, want, got.Origin, name)
	}
	_, ok := v.Zone("test.")
	assert.False(t, ok)
	assert.Equal(t, uint32(60), z.NegativeSOA.Hdr.Ttl, "negative TTL is min(SOA TTL, MINIMUM)")
	assert.Equal(t, dns.TypeSOA, z.Records()[0].Header().Rrtype)
}

func nodeName(n *Node) string {
	if n == nil {
		return ""
	}
	return n.Name
}

// TestManyIncludes: a zone assembled from many fragments loads, while a
// file including itself is cut off rather than expanded.
func TestManyIncludes(t *testing.T) {
	fsys := fstest.MapFS{}
	text := head
	for i := range 70 {
		name := "frag/" + strconv.Itoa(i) + ".inc"
		fsys[name] = &fstest.MapFile{Data: []byte("h" + strconv.Itoa(i) + " A 192.0.2.1\n")}
		text += "$INCLUDE " + name + "\n"
	}
	fsys["example.test.zone"] = &fstest.MapFile{Data: []byte(text)}
	zs, diags := Load(fsys, "")
	require.Empty(t, diags)
	require.Len(t, zs, 1)
	assert.Equal(t, 3+70, zs[0].Len())

	_, diags = Load(mapFS("self.test.zone", "$ORIGIN self.test.\n$TTL 1\n@ SOA a b 1 2 3 4 5\n@ NS a\n$INCLUDE self.test.zone\n$INCLUDE self.test.zone\n$INCLUDE self.test.zone\n"), "")
	require.NotEmpty(t, diags.Errors())
}

// TestFindAllocatesNothing: every kind of match, with names long enough that
// a "*."+encloser key would not fit the compiler's small string buffer.
func TestFindAllocatesNothing(t *testing.T) {
	long := "a-rather-long-label-to-push-names-past-thirty-two-bytes.example.test."
	zs, diags := Load(mapFS("example.test.zone", head+"*.w."+long+" A 192.0.2.2\nx.w."+long+" A 192.0.2.3\n"), "")
	require.Empty(t, diags)
	z := zs[0]
	for _, name := range []string{"x.w." + long, "nothing.w." + long, "nx." + long, "nx.example.test."} {
		m := z.Find(name)
		if name == "nothing.w."+long {
			require.Equal(t, "*.w."+long, nodeName(m.Wildcard))
		}
		assert.Zero(t, testing.AllocsPerRun(100, func() { z.Find(name) }), name)
	}
}
