package zones

import (
	"net"
	"reflect"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
)

// quickSeeds are entries in the forms quickRecord takes, and near misses
// it must leave to miekg/dns.
var quickSeeds = []string{
	"www A 192.0.2.1", "www 300 IN A 192.0.2.1", "www IN 300 A 192.0.2.1", "www 1h30m A 192.0.2.1",
	"  A 192.0.2.1", "  600 AAAA 2001:db8::1", "@ NS ns1", "@ NS ns1.other.test.", "c CNAME @",
	"m MX 10 mail", "m MX 65536 mail", "p PTR x.y.", "v6 AAAA ::ffff:192.0.2.1", "v4 A ::ffff:192.0.2.1",
	"x A 192.0.2", "x A 192.0.2.1 extra", "x 300 300 A 192.0.2.1", "x IN IN A 192.0.2.1", "x CH A 192.0.2.1",
	"x a 192.0.2.1", "X.Y cname Z", "x 4294967296 A 192.0.2.1", "x A 192.0.2.1 ; comment", "A A 192.0.2.1",
	"x.. A 192.0.2.1", "x NS a..b", "prev A 192.0.2.1", "prev. A 192.0.2.1", "Prev A 192.0.2.1", "prev.example A 192.0.2.1", "x 0 A 0.0.0.0", "x MX -1 y", "x MX 1", "x 1x A 192.0.2.1",
}

func FuzzQuickRecord(f *testing.F) {
	for _, s := range quickSeeds {
		f.Add(s, "example.test.", uint32(300), true)
	}
	f.Fuzz(func(t *testing.T, line, origin string, ttl uint32, hasTTL bool) {
		// An origin is one unquoted token of a master file.
		if strings.ContainsAny(line, "\n") || strings.ContainsAny(origin, " \t\r\n;()\"") || !validName(origin) || !dns.IsFqdn(origin) {
			return
		}
		checkQuick(t, line, origin, ttl, hasTTL)
	})
}

func TestQuickRecordMatchesMiekg(t *testing.T) {
	for _, s := range quickSeeds {
		checkQuick(t, s, "example.test.", 300, true)
		checkQuick(t, s, ".", 0, false)
	}
}

// checkQuick requires quickRecord to build exactly miekg/dns's record from
// one line, or to leave the line to it.
func checkQuick(t *testing.T, line, origin string, ttl uint32, hasTTL bool) {
	t.Helper()
	owner, _ := absoluteName("prev", origin)
	ctx := &context{origin: origin, owner: owner, ttl: ttl, hasTTL: hasTTL, alloc: &rrSlab{}}
	s := newEntryScanner([]byte(line))
	e, ok := s.next()
	if !ok {
		return
	}
	quick, ok := quickRecord(s, &e, ctx)
	if !ok {
		return
	}
	text := line
	if e.blank {
		text = ctx.owner + line
	}
	zp := dns.NewZoneParser(strings.NewReader(text), origin, "")
	if hasTTL {
		zp.SetDefaultTTL(ttl)
	}
	want, _ := zp.Next()
	if err := zp.Err(); err != nil || want == nil {
		t.Fatalf("%q: quick built %v, miekg/dns refuses it: %v", line, quick, err)
	}
	if !reflect.DeepEqual(quick, want) {
		t.Fatalf("%q: quick built %#v, miekg/dns %#v", line, quick, want)
	}
}

// TestParseIPv4AgreesWithParseIP: the quick dotted-quad reader accepts
// only what net.ParseIP accepts, into the same bytes.
func TestParseIPv4AgreesWithParseIP(t *testing.T) {
	for _, text := range []string{"192.0.2.1", "0.0.0.0", "255.255.255.255", "1.2.3.04", "256.1.1.1", "1.2.3", "1.2.3.4.5",
		"1..2.3", "1.2.3.", ".1.2.3", "1.2.3.4 ", "01.2.3.4", "1.2.3.1000", "::1", "1.2.3.4x", "", "9999.1.1.1", "10.0.0.255"} {
		ip, ok := parseIPv4([]byte(text))
		want := net.ParseIP(text)
		if ok {
			assert.Equal(t, want, net.IP(ip[:]), text)
		} else if want != nil && want.To4() != nil && !strings.Contains(text, ":") {
			t.Errorf("%q: net.ParseIP reads it, parseIPv4 does not", text)
		}
	}
}
