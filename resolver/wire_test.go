package resolver

import (
	"github.com/r53d/r53d/internal/benchdata"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/require"
)

// wireZone is what the test zones lack: escapes in names and TXT, names
// of 63-byte labels and near 255 bytes, RFC 3597 types, every type whose
// RDATA names miekg/dns compresses or offers for compression, and case
// variants of one name (compression is case-sensitive).
func wireZone() string {
	long := strings.Repeat("a", 63)
	return `$ORIGIN wire.test.
$TTL 300
@          SOA   ns1 host\.master 1 7200 900 1209600 60
@          NS    ns1
@          NS    NS1.Wire.Test.
@          MX    10 mail
@          MX    20 MAIL.wire.test.
esc\.dot   A     192.0.2.1
sp\032ace  TXT   "quote\" and \\ and \065\066 and \255"
\(paren\)  CNAME esc\.dot
\000nul    AAAA  2001:db8::ff
*.wild     A     192.0.2.80
*.wild     AAAA  ::ffff:192.0.2.80
x.Wild     MX    0 .
srv        SRV   10 60 5060 sip.wire.test.
after      CNAME sip.wire.test.
naptr      NAPTR 100 10 "S" "SIP+D2U" "!^.*$!sip:x@wire.test!" _sip._udp.wire.test.
under      CNAME _sip._udp.wire.test.
dname      DNAME target.example.
in-target  CNAME target.example.
svc        SVCB  1 svc-target.wire.test. alpn=h2
svc2       CNAME svc-target.wire.test.
rp         RP    mbox.wire.test. txt.wire.test.
mb         MB    mbox.wire.test.
mg         MG    mbox.wire.test.
mr         MR    mbox.wire.test.
minfo      MINFO mbox.wire.test. err.wire.test.
hinfo      HINFO "CPU \"x\"" OS
unknown    TYPE65280 \# 4 0A000001
unknown    TYPE65281 \# 0
empty      TXT   ""
many       TXT   "a" "b" "" "d"
ptr        PTR   host.wire.test.
caa        CAA   0 issue "ca.example.net"
ds         DS    12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
` + long + `.` + long + `.` + long + ` A 192.0.2.9
` + long + `.` + long + `.` + long + ` TXT "` + strings.Repeat("t", 255) + `"
`
}

// wirePool is every record of the test zones, shared by all goroutines
// of a test, as zone data is.
func wirePool(tb testing.TB) []dns.RR {
	tb.Helper()
	texts := []string{wireZone(), fuzzZone(), fuzzChildZone, fuzzRootZone, benchdata.Zone(benchOrigin, 30)}
	files, err := filepath.Glob("testdata/diff/*.zone")
	require.NoError(tb, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(tb, err)
		texts = append(texts, string(b))
	}
	var pool []dns.RR
	for _, text := range texts {
		zp := dns.NewZoneParser(strings.NewReader(text), ".", "")
		for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
			pool = append(pool, rr)
		}
		require.NoError(tb, zp.Err())
	}
	return pool
}

// randomMsg draws a response: a question (in random case, sometimes a
// pool owner), sections of pool records (RRsets kept together now and
// then, as answers have them) and sometimes an OPT with ECS.
func randomMsg(rng *rand.Rand, pool []dns.RR) *dns.Msg {
	m := new(dns.Msg)
	m.Id = uint16(rng.Uint32())
	m.Response, m.Authoritative, m.RecursionDesired = true, rng.IntN(2) == 0, rng.IntN(2) == 0
	m.Rcode = []int{dns.RcodeSuccess, dns.RcodeNameError, dns.RcodeRefused}[rng.IntN(3)]
	qname := pool[rng.IntN(len(pool))].Header().Name
	if rng.IntN(2) == 0 {
		qname = randomCase(rng, qname)
	}
	m.Question = []dns.Question{{Name: qname, Qtype: uint16(rng.IntN(60)), Qclass: dns.ClassINET}}
	draw := func(most int) []dns.RR {
		var rrs []dns.RR
		for n := rng.IntN(most + 1); len(rrs) < n; {
			i := rng.IntN(len(pool))
			for j := i; j < len(pool) && j < i+1+rng.IntN(4); j++ {
				rrs = append(rrs, pool[j])
			}
		}
		return rrs
	}
	m.Answer, m.Ns, m.Extra = draw(10), draw(4), draw(8)
	if rng.IntN(2) == 0 {
		o := &dns.OPT{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT}}
		o.SetUDPSize(Advertised)
		if rng.IntN(2) == 0 {
			o.Option = append(o.Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1,
				SourceNetmask: uint8(rng.IntN(33)), SourceScope: uint8(rng.IntN(33)), Address: net.IPv4(198, 51, 100, 255).To4()})
		}
		if rng.IntN(4) == 0 {
			o.Option = append(o.Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 2,
				SourceNetmask: uint8(rng.IntN(129)), Address: net.ParseIP("2001:db8:ffff:ffff::1")})
		}
		if rng.IntN(4) == 0 {
			o.Option = append(o.Option, &dns.EDNS0_NSID{Code: dns.EDNS0NSID, Nsid: "6e73"})
		}
		if rng.IntN(4) == 0 {
			m.Rcode = dns.RcodeBadVers
		}
		m.Extra = append(m.Extra, o)
	}
	return m
}

func randomCase(rng *rand.Rand, s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' && rng.IntN(2) == 0 {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// miekgPack is the reference: the message packed by miekg/dns, on a copy
// of the message (packing sets the OPT's extended RCODE).
func miekgPack(tb testing.TB, m *dns.Msg) []byte {
	tb.Helper()
	c := m.Copy()
	c.Compress = true
	out, err := c.Pack()
	require.NoError(tb, err)
	return out
}

// requireSameMessage checks that ours reads back as the reference does,
// and is no longer; without escaped names the bytes are the same.
func requireSameMessage(tb testing.TB, m *dns.Msg, ours, ref []byte) {
	tb.Helper()
	require.NotNil(tb, ours, "%v", m)
	require.LessOrEqual(tb, len(ours), len(ref), "%v", m)
	var a, b dns.Msg
	require.NoError(tb, a.Unpack(ours), "%v", m)
	require.NoError(tb, b.Unpack(ref))
	require.Equal(tb, b.String(), a.String())
	if !strings.Contains(m.String(), `\`) {
		require.Equal(tb, ref, ours, "%v", m)
	}
}

// TestPackMatchesMiekg packs random responses with the writer and with
// miekg/dns: the same message, never a longer one.
func TestPackMatchesMiekg(t *testing.T) {
	pool := wirePool(t)
	rng := rand.New(rand.NewPCG(7, 7))
	w := new(wireWriter)
	buf := make([]byte, dns.MaxMsgSize)
	for range 3000 {
		m := randomMsg(rng, pool)
		headers := headersOf(m)
		ours := w.packMsg(buf, m, owners{}, dns.MaxMsgSize, len(m.Extra))
		requireSameMessage(t, m, ours, miekgPack(t, m))
		require.Equal(t, headers, headersOf(m), "packing wrote into the records")
	}
}

func headersOf(m *dns.Msg) []dns.RR_Header {
	var hs []dns.RR_Header
	for _, s := range [][]dns.RR{m.Answer, m.Ns, m.Extra} {
		for _, rr := range s {
			hs = append(hs, *rr.Header())
		}
	}
	return hs
}

// TestPackNames covers what random draws may miss: pointers into the
// question at offset 12, the root, a name offered by SRV and used by a
// CNAME, case kept, and names that cannot be written.
func TestPackNames(t *testing.T) {
	w := new(wireWriter)
	buf := make([]byte, 512)
	m := new(dns.Msg)
	m.SetQuestion("WwW.Wire.Test.", dns.TypeA)
	m.Answer = []dns.RR{
		mustRR(t, "WwW.Wire.Test. 300 IN A 192.0.2.1"),
		mustRR(t, "www.wire.test. 300 IN A 192.0.2.2"),
		mustRR(t, "srv.wire.test. 300 IN SRV 0 0 1 target.wire.test."),
		mustRR(t, "c.wire.test. 300 IN CNAME target.wire.test."),
		mustRR(t, ". 300 IN NS a.root-servers.net."),
	}
	ours := w.packMsg(buf, m, owners{}, 512, 0)
	requireSameMessage(t, m, ours, miekgPack(t, m))
	// The first answer's owner is a pointer to the question name.
	q := 12 + len("WwW.Wire.Test.") + 1 + 4
	require.Equal(t, []byte{0xC0, 12}, ours[q:q+2])

	for _, bad := range []string{"", "no-dot", ".leading.", "double..dot.", strings.Repeat("a", 64) + ".",
		strings.Repeat(strings.Repeat("a", 63)+".", 4)} {
		m.Answer = []dns.RR{&dns.A{Hdr: dns.RR_Header{Name: bad, Rrtype: dns.TypeA, Class: dns.ClassINET}, A: net.IPv4(192, 0, 2, 1)}}
		got := w.packMsg(buf, m, owners{}, 512, 0)
		var r dns.Msg
		require.NoError(t, r.Unpack(got), "%q", bad)
		require.True(t, r.Truncated, "%q: a record that cannot be written must not go out", bad)
		require.Empty(t, r.Answer)
	}
}

func mustRR(tb testing.TB, s string) dns.RR {
	tb.Helper()
	rr, err := dns.NewRR(s)
	require.NoError(tb, err)
	return rr
}
