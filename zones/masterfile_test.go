package zones

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGenerateRangeCheckedBeforeExpansion: a range above 65,536 records is
// an error at the range, found without expanding anything.
func TestGenerateRangeCheckedBeforeExpansion(t *testing.T) {
	fsys := mapFS("example.test.zone", head+"$GENERATE 0-3000000 host-$ A 192.0.2.1\n")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	zs, diags := Load(fsys, "z")
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	require.Empty(t, zs)
	require.Len(t, diags, 1, "got %v", diags)
	d := diags[0]
	assert.Equal(t, "z/example.test.zone", d.File)
	assert.Equal(t, 6, d.Line)
	assert.Equal(t, 11, d.Col, "at the range")
	assert.Contains(t, d.Message, "3000001 records")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "bytes allocated")
	assert.Less(t, elapsed, time.Second)
}

// TestRecordsPerZoneLimit: expansion stops at the loader's limit, with an
// error where it was reached, whatever mix of $GENERATE and $INCLUDE.
func TestRecordsPerZoneLimit(t *testing.T) {
	fsys := fstest.MapFS{
		"example.test.zone": {Data: []byte(head + strings.Repeat("$INCLUDE gen.inc\n", 20))},
		"gen.inc":           {Data: []byte("$GENERATE 1-1000 h$ A 192.0.2.1\n")},
	}
	gen, diags := LoadDirWithLimits(fsys, "z", Limits{RecordsPerZone: 5000})
	require.Empty(t, gen.Zones)
	require.Len(t, diags, 1, "got %v", diags)
	assert.Equal(t, "limit", diags[0].Rule)
	assert.Equal(t, "z/gen.inc", diags[0].File)
	assert.Equal(t, 1, diags[0].Line)
	assert.Contains(t, diags[0].Message, "more than 5000 records")

	gen, diags = LoadDirWithLimits(fsys, "z", Limits{RecordsPerZone: 30000})
	require.Empty(t, diags.Errors())
	assert.Len(t, diags.Warnings(), 19*1000, "the 19 later copies are duplicates")
	require.Len(t, gen.Zones, 1)
	assert.Equal(t, 3+1000, gen.Zones[0].Len())
}

// TestEveryErrorAtItsLine: N errors scattered through a file are each
// reported once, at their own line and column, and the records between
// them are still checked.
func TestEveryErrorAtItsLine(t *testing.T) {
	var b strings.Builder
	b.WriteString(head)
	line := strings.Count(head, "\n")
	var want []int
	for i := range 400 {
		line++
		switch {
		case i%37 == 5:
			fmt.Fprintf(&b, "bad%d A 192.0.2.%d00\n", i, i%9+3)
			want = append(want, line)
		case i%53 == 7:
			fmt.Fprintf(&b, "multi%d TXT ( \"first\"\n   \"second\" ) \n  A not-an-address\n", i)
			line += 2
			want = append(want, line)
		default:
			fmt.Fprintf(&b, "h%d A 192.0.2.1\n", i)
		}
	}
	b.WriteString("c CNAME h1\nc A 192.0.2.9\n")
	_, diags := Load(mapFS("example.test.zone", b.String()), "")
	errs := diags.Errors()
	require.Len(t, errs, len(want)+1, "got %v", errs)
	for i, l := range want {
		assert.Equal(t, "syntax", errs[i].Rule, errs[i].Error())
		assert.Equal(t, l, errs[i].Line, errs[i].Error())
		assert.Greater(t, errs[i].Col, 1, errs[i].Error())
	}
	assert.Equal(t, "cname-exclusive", errs[len(want)].Rule, "records after the errors are checked too")
}

// TestEscapeAboveByte: \DDD above 255 is an error where it is written,
// not a byte wrapped silently.
func TestEscapeAboveByte(t *testing.T) {
	_, diags := Load(mapFS("example.test.zone", head+"ok A 192.0.2.1\n  x\\777y A 192.0.2.2\nt TXT \"a\\400\"\n"), "")
	require.Len(t, diags, 2, "got %v", diags)
	for i, want := range []struct{ line, col int }{{7, 3}, {8, 7}} {
		assert.Equal(t, "escape", diags[i].Rule)
		assert.Equal(t, want.line, diags[i].Line, diags[i].Error())
		assert.Equal(t, want.col, diags[i].Col, diags[i].Error())
	}
}

// TestContextAcrossEntries: the origin, default TTL and previous owner
// carry from entry to entry as RFC 1035 §5.1 says, and an $INCLUDE keeps
// its own.
func TestContextAcrossEntries(t *testing.T) {
	fsys := fstest.MapFS{
		"example.test.zone": {Data: []byte("$ORIGIN example.test.\n@ 300 SOA ns1 h 1 2 3 4 5\n NS ns1\nns1 A 192.0.2.1\n" +
			"$INCLUDE sub.inc sub\n  AAAA 2001:db8::1\n$TTL 99\n$ORIGIN b.example.test.\nx A 192.0.2.2\n")},
		"sub.inc": {Data: []byte("$TTL 7\n@ A 192.0.2.3\n")},
	}
	zs, diags := Load(fsys, "")
	require.Empty(t, diags)
	require.Len(t, zs, 1)
	got := map[string]string{}
	for _, rr := range zs[0].Records() {
		got[rr.Header().Name+" "+fmt.Sprint(rr.Header().Rrtype)] = fmt.Sprint(rr.Header().Ttl)
	}
	assert.Equal(t, map[string]string{
		"example.test. 6": "300", "example.test. 2": "300", "ns1.example.test. 1": "300",
		"sub.example.test. 1": "7", "ns1.example.test. 28": "300", "x.b.example.test. 1": "99",
	}, got)
}

// BenchmarkLoadWithErrors loads a 40,000-record file clean and with 50
// syntax errors: an error must cost about its own entry, not a reparse.
func BenchmarkLoadWithErrors(b *testing.B) {
	clean, broken := benchZone(40000, 0), benchZone(40000, 50)
	for _, bc := range []struct {
		name string
		text string
	}{{"clean", clean}, {"50errors", broken}} {
		fsys := mapFS("example.test.zone", bc.text)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				Load(fsys, "")
			}
		})
	}
}

func benchZone(records, errors int) string {
	var b strings.Builder
	b.WriteString(head)
	every := records
	if errors > 0 {
		every = records / errors
	}
	for i := range records {
		if i%every == every/2 {
			fmt.Fprintf(&b, "bad%d A 192.0.2.999\n", i)
			continue
		}
		fmt.Fprintf(&b, "host%d A 192.0.2.%d\n", i, i%250+1)
	}
	return b.String()
}

// TestPositionsAfterTrickyEntries: quotes, escapes, comments and
// parentheses spanning lines do not shift the place of later records.
func TestPositionsAfterTrickyEntries(t *testing.T) {
	text := head + // lines 1-5
		"t1 TXT \"semi;colon\" \"paren(\" ; comment (\n" + // 6
		"t2 TXT ( \"a \\\" quote\"\n" + // 7
		"  \"b\" ; ) in a comment\n" + // 8
		"  )\n" + // 9
		"t3 TXT \\( x\\;y\n" + // 10
		"$GENERATE 1-3 g$ A 192.0.2.$\n" + // 11
		"u TYPE65280 \\# 4 0a000001\n" + // 12
		"c CNAME ns1\n" + // 13
		"c A 192.0.2.9\n" // 14
	zs, diags := Load(mapFS("example.test.zone", text), "")
	require.Empty(t, zs)
	require.Len(t, diags, 1, "got %v", diags)
	assert.Equal(t, "cname-exclusive", diags[0].Rule)
	assert.Equal(t, 14, diags[0].Line)
	assert.Contains(t, diags[0].Message, "(the first at line 13)")
}

// TestGenerateRecordsAndErrors: $GENERATE yields its records, and an
// error in its template is placed on its line.
func TestGenerateRecordsAndErrors(t *testing.T) {
	zs, diags := Load(mapFS("example.test.zone", head+"$GENERATE 1-3 g$ A 192.0.2.$\n$GENERATE 0-4/2 r${10,3,d} CNAME g1\n"), "")
	require.Empty(t, diags)
	require.Len(t, zs, 1)
	for _, name := range []string{"g1", "g2", "g3", "r010", "r012", "r014"} {
		_, ok := zs[0].Node(name + ".example.test.")
		assert.True(t, ok, name)
	}
	assert.Equal(t, 3+6, zs[0].Len())

	_, diags = Load(mapFS("example.test.zone", head+"ok A 192.0.2.1\n$GENERATE 1-3 g$ A 192.0.2.$00\n"), "")
	require.Len(t, diags, 1, "got %v", diags)
	assert.Equal(t, "syntax", diags[0].Rule)
	assert.Equal(t, 7, diags[0].Line)
	assert.Contains(t, diags[0].Message, "bad A")
}

// TestIncludeErrors: a missing file, a file that includes itself and an
// error inside an included file are each placed where they are written.
func TestIncludeErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"example.test.zone": {Data: []byte(head + "$INCLUDE missing.inc\n$INCLUDE loop.inc\n$INCLUDE bad.inc\n")},
		"loop.inc":          {Data: []byte("l A 192.0.2.1\n$INCLUDE loop.inc\n")},
		"bad.inc":           {Data: []byte("\nb A 192.0.2.300\n")},
	}
	_, diags := Load(fsys, "z")
	require.Len(t, diags, 3, "got %v", diags)
	want := []struct {
		file      string
		line, col int
		text      string
	}{
		{"z/bad.inc", 2, 5, "bad A"},
		{"z/example.test.zone", 6, 10, "failed to open"},
		{"z/loop.inc", 2, 10, "cannot include itself"},
	}
	for i, w := range want {
		assert.Equal(t, w.file, diags[i].File, diags[i].Error())
		assert.Equal(t, w.line, diags[i].Line, diags[i].Error())
		assert.Equal(t, w.col, diags[i].Col, diags[i].Error())
		assert.Contains(t, diags[i].Message, w.text)
	}
}

// BenchmarkLoadLargeZone loads a zone of 200,000 records shaped like a
// hosting zone (an A and an AAAA per name, some CNAMEs and MXs): the
// cost per record of splitting, parsing, checking and building.
func BenchmarkLoadLargeZone(b *testing.B) {
	var text strings.Builder
	text.WriteString(head)
	for i := range 80000 {
		fmt.Fprintf(&text, "host-%d A 198.18.%d.%d\n  AAAA 2001:db8::%x:%x\n", i, i>>8&255, i&255, i>>16, i&0xffff)
		if i%10 == 0 {
			fmt.Fprintf(&text, "alias-%d CNAME host-%d\nmail-%d MX 10 host-%d\n", i, i, i, i)
		}
	}
	fsys := mapFS("example.test.zone", text.String())
	b.ReportAllocs()
	for b.Loop() {
		if zs, diags := Load(fsys, ""); len(zs) != 1 || len(diags) > 0 {
			b.Fatalf("%d zones, %v", len(zs), diags)
		}
	}
}

// TestNamesInQueryForm: names holding bytes that miekg/dns escapes when
// it unpacks a query ("@", "'", bytes above '~') are stored in that form,
// written plainly or not, so queries find them.
func TestNamesInQueryForm(t *testing.T) {
	zs, diags := Load(mapFS("example.test.zone", head+"a@b A 192.0.2.1\nq'x TXT x\nc CNAME a@b\né A 192.0.2.2\nplain A 192.0.2.3\n"), "")
	require.Empty(t, diags)
	require.Len(t, zs, 1)
	for _, name := range []string{`a\@b.example.test.`, `q\'x.example.test.`, `c.example.test.`, `\195\169.example.test.`, `plain.example.test.`} {
		_, ok := zs[0].Node(name)
		assert.True(t, ok, name)
	}
	node, _ := zs[0].Node("c.example.test.")
	assert.Equal(t, `a\@b.example.test.`, node.RRset(dns.TypeCNAME)[0].(*dns.CNAME).Target)
}

// TestSyntaxErrorsBounded: a file that is not a master file at all gets
// fifty errors and a note that reading stopped, not one per line.
func TestSyntaxErrorsBounded(t *testing.T) {
	_, diags := Load(mapFS("example.test.zone", head+strings.Repeat("x A not-an-address\n", 500)), "")
	require.Len(t, diags, maxSyntaxErrors+1)
	last := diags[len(diags)-1]
	assert.Equal(t, 5+maxSyntaxErrors+1, last.Line)
	assert.Contains(t, last.Message, "the rest is not read")
}
