package resolver

import (
	"fmt"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/miekg/dns"
)

// The benchmark zone and query mix are those of the dnsperf comparison
// (its zone and query generators), written in Go so the benchmarks need no
// shell: the same names, records and proportions.
const (
	benchOrigin  = "example.test."
	benchHosts   = 10000
	benchQueries = 20000
)

// benchZone is gen-zone.sh's zone: apex SOA, NS, A, AAAA, MX and TXT; hosts
// with A and AAAA; one- and two-hop CNAMEs and out-of-zone ones; TXT and
// MX names; a wildcard; a delegation with glue and many without.
func benchZone(origin string, hosts int) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("$ORIGIN %s\n$TTL 3600\n", origin)
	p("@ IN SOA ns1.%s hostmaster.%s 2024010101 7200 3600 1209600 300\n", origin, origin)
	b.WriteString("@ IN NS ns1\n@ IN NS ns2\n@ IN A 198.18.0.1\n@ IN AAAA 2001:db8::1\n" +
		"@ IN MX 10 mx1\n@ IN MX 20 mx2\n@ IN TXT \"v=spf1 mx -all\"\n" +
		"ns1 IN A 198.19.255.53\nns1 IN AAAA 2001:db8:ffff::53\nns2 IN A 198.19.254.53\nns2 IN AAAA 2001:db8:fffe::53\n" +
		"mx1 IN A 198.19.255.25\nmx2 IN A 198.19.254.25\nsvc IN A 198.19.253.1\n")
	for i := range hosts {
		p("host-%05d 300 IN A 198.18.%d.%d\n", i, i/256%256, i%256)
		if i%10 == 0 {
			p("host-%05d 300 IN A 198.19.%d.%d\n", i, i/256%256, i%256)
		}
		p("host-%05d 300 IN AAAA 2001:db8:1:%x::%x\n", i, i/65536, i%65536)
	}
	na, nc, nt, nm := hosts/10, hosts/100, hosts/20, hosts/50
	for i := range na {
		p("alias-%04d IN CNAME host-%05d\n", i, i*7919%hosts)
	}
	for i := range nc {
		p("chain-%03d IN CNAME alias-%04d\n", i, i*37%na)
		p("ext-%03d IN CNAME cdn-%03d.example.net.\n", i, i)
		p("del-%03d IN NS ns1.provider-%d.example.net.\n", i, i%7)
		p("del-%03d IN NS ns2.provider-%d.example.net.\n", i, i%7)
	}
	for i := range nt {
		p("txt-%04d IN TXT \"site-verification=%05d%05d\" \"owner=team-%d\"\n", i, i*40503%65536, (i+17)*7919%65536, i%13)
	}
	for i := range nm {
		p("mail-%03d IN MX 10 mx1\nmail-%03d IN MX 20 mx2\n", i, i)
	}
	b.WriteString("*.wild IN A 198.19.252.1\n*.wild IN TXT \"wildcard\"\n" +
		"sub IN NS ns1.sub\nsub IN NS ns2.sub\nns1.sub IN A 198.19.251.53\nns2.sub IN A 198.19.250.53\n")
	return b.String()
}

// benchQuery is one query of the mix and the kind of answer it gets.
type benchQuery struct {
	kind  string
	name  string
	qtype uint16
}

// benchMix is gen-queries.sh's mix (same LCG, same seed, same per-mille
// split): 650 answers from data including 50 wildcard, 100 CNAME, 50
// referrals, 120 NXDOMAIN and 80 NODATA of every 1000.
func benchMix(o string, hosts, count int) []benchQuery {
	x := uint32(20240101)
	rnd := func(n int) int { x = x*69069 + 1; return int(x/65536) % n }
	na, nc, nt, nm := hosts/10, hosts/100, hosts/20, hosts/50
	out := make([]benchQuery, 0, count)
	add := func(kind string, qtype uint16, format string, args ...any) {
		out = append(out, benchQuery{kind: kind, name: fmt.Sprintf(format, args...) + "." + o, qtype: qtype})
	}
	for range count {
		switch r := rnd(1000); {
		case r < 350:
			add("A", dns.TypeA, "host-%05d", rnd(hosts))
		case r < 500:
			add("AAAA", dns.TypeAAAA, "host-%05d", rnd(hosts))
		case r < 550:
			if rnd(5) == 0 {
				out = append(out, benchQuery{kind: "MX", name: o, qtype: dns.TypeMX})
			} else {
				add("MX", dns.TypeMX, "mail-%03d", rnd(nm))
			}
		case r < 600:
			if rnd(5) == 0 {
				out = append(out, benchQuery{kind: "TXT", name: o, qtype: dns.TypeTXT})
			} else {
				add("TXT", dns.TypeTXT, "txt-%04d", rnd(nt))
			}
		case r < 670:
			add("CNAME", dns.TypeA, "alias-%04d", rnd(na))
		case r < 690:
			add("CNAME", dns.TypeA, "chain-%03d", rnd(nc))
		case r < 700:
			add("CNAME", dns.TypeA, "ext-%03d", rnd(nc))
		case r < 740:
			add("wildcard", dns.TypeA, "w%d.wild", rnd(100000))
		case r < 750:
			add("wildcard", dns.TypeTXT, "w%d.wild", rnd(100000))
		case r < 775:
			add("referral", dns.TypeA, "www%d.sub", rnd(1000))
		case r < 800:
			add("referral", dns.TypeA, "www.del-%03d", rnd(nc))
		case r < 900:
			add("nxdomain", dns.TypeA, "nx-%06d", rnd(1000000))
		case r < 920:
			add("nxdomain", dns.TypeA, "x.host-%05d", rnd(hosts))
		case r < 960:
			add("nodata", dns.TypeMX, "host-%05d", rnd(hosts))
		case r < 980:
			add("nodata", dns.TypeTXT, "host-%05d", rnd(hosts))
		case r < 990:
			out = append(out, benchQuery{kind: "nodata", name: "svc." + o, qtype: dns.TypeAAAA})
		default:
			add("nodata", dns.TypeA, "txt-%04d", rnd(nt))
		}
	}
	return out
}

// benchClient is the source address of every benchmark query.
var benchClient = netip.MustParseAddr("198.51.100.1")

// benchSetup loads the zone and packs the mix (without EDNS, as dnsperf
// sends by default), checking every answer once so a benchmark can never
// time wrong answers.
func benchSetup(b *testing.B) (*Handler, [][]byte, map[string][][]byte) {
	b.Helper()
	h := NewHandler(loadStore(b, map[string]string{benchOrigin + "zone": benchZone(benchOrigin, benchHosts)}), nil)
	s := NewScratch()
	var mix [][]byte
	byKind := map[string][][]byte{}
	for i, q := range benchMix(benchOrigin, benchHosts, benchQueries) {
		m := new(dns.Msg)
		m.SetQuestion(q.name, q.qtype)
		m.Id = uint16(i)
		pkt, err := m.Pack()
		if err != nil {
			b.Fatal(err)
		}
		resp, _ := h.Handle(s, Query{Packet: pkt, Client: benchClient})
		checkBenchAnswer(b, q, resp)
		mix = append(mix, pkt)
		byKind[q.kind] = append(byKind[q.kind], pkt)
	}
	for _, pkt := range byKind["A"] {
		m := new(dns.Msg)
		if err := m.Unpack(pkt); err != nil {
			b.Fatal(err)
		}
		m.SetEdns0(Advertised, false)
		edns, err := m.Pack()
		if err != nil {
			b.Fatal(err)
		}
		byKind["A+EDNS"] = append(byKind["A+EDNS"], edns)
	}
	return h, mix, byKind
}

// checkBenchAnswer fails the benchmark when a query of a kind does not
// get that kind of answer.
func checkBenchAnswer(b *testing.B, q benchQuery, resp []byte) {
	b.Helper()
	var m dns.Msg
	if err := m.Unpack(resp); err != nil {
		b.Fatalf("%s %s: %v", q.name, dns.TypeToString[q.qtype], err)
	}
	wantRcode, wantAnswer, wantAA := dns.RcodeSuccess, true, true
	switch q.kind {
	case "referral":
		wantAnswer, wantAA = false, false
	case "nxdomain":
		wantRcode, wantAnswer = dns.RcodeNameError, false
	case "nodata":
		wantAnswer = false
	}
	if m.Rcode != wantRcode || (len(m.Answer) > 0) != wantAnswer || m.Authoritative != wantAA || m.Truncated ||
		(q.kind == "CNAME") != (len(m.Answer) > 0 && m.Answer[0].Header().Rrtype == dns.TypeCNAME) {
		b.Fatalf("%s %s is not a %s answer:\n%v", q.name, dns.TypeToString[q.qtype], q.kind, &m)
	}
}

// BenchmarkServe answers pre-packed queries through Handle, as one serving
// goroutine does: the whole mix, then each kind alone so the cost of each
// path shows.
func BenchmarkServe(b *testing.B) {
	h, mix, byKind := benchSetup(b)
	b.Run("mix", func(b *testing.B) { serveLoop(b, h, mix) })
	for _, kind := range []string{"A", "AAAA", "MX", "TXT", "CNAME", "wildcard", "referral", "nxdomain", "nodata", "A+EDNS"} {
		b.Run(kind, func(b *testing.B) { serveLoop(b, h, byKind[kind]) })
	}
}

func serveLoop(b *testing.B, h *Handler, pkts [][]byte) {
	s := NewScratch()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if resp, _ := h.Handle(s, Query{Packet: pkts[i%len(pkts)], Client: benchClient}); resp == nil {
			b.Fatal("query dropped")
		}
		i++
	}
}

// BenchmarkServeParallel answers the mix from GOMAXPROCS goroutines, each
// with its own Scratch as each server goroutine has.
func BenchmarkServeParallel(b *testing.B) {
	h, mix, _ := benchSetup(b)
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		s := NewScratch()
		i := int(next.Add(int64(len(mix) / 8))) // goroutines start apart in the mix
		for pb.Next() {
			if resp, _ := h.Handle(s, Query{Packet: mix[i%len(mix)], Client: benchClient}); resp == nil {
				b.Error("query dropped")
				return
			}
			i++
		}
	})
}
