package resolver

import (
	"github.com/r53d/r53d/internal/benchdata"
	"net/netip"
	"sync/atomic"
	"testing"

	"github.com/miekg/dns"
)

// The benchmark zone and query mix are internal/benchdata's, the data
// bench/peers.sh serves to r53d, NSD and Knot.
const (
	benchOrigin  = "example.test."
	benchHosts   = 10000
	benchQueries = 20000
)

// benchClient is the source address of every benchmark query.
var benchClient = netip.MustParseAddr("198.51.100.1")

// benchSetup loads the zone and packs the mix (without EDNS, as dnsperf
// sends by default), checking every answer once so a benchmark can never
// time wrong answers.
func benchSetup(b *testing.B) (*Handler, [][]byte, map[string][][]byte) {
	b.Helper()
	h := NewHandler(loadStore(b, map[string]string{benchOrigin + "zone": benchdata.Zone(benchOrigin, benchHosts)}), nil)
	s := NewScratch()
	var mix [][]byte
	byKind := map[string][][]byte{}
	for i, q := range benchdata.Mix(benchOrigin, benchHosts, benchQueries) {
		m := new(dns.Msg)
		m.SetQuestion(q.Name, q.Qtype)
		m.Id = uint16(i)
		pkt, err := m.Pack()
		if err != nil {
			b.Fatal(err)
		}
		resp, _ := h.Handle(s, Query{Packet: pkt, Client: benchClient})
		checkBenchAnswer(b, q, resp)
		mix = append(mix, pkt)
		byKind[q.Kind] = append(byKind[q.Kind], pkt)
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
func checkBenchAnswer(b *testing.B, q benchdata.Query, resp []byte) {
	b.Helper()
	var m dns.Msg
	if err := m.Unpack(resp); err != nil {
		b.Fatalf("%s %s: %v", q.Name, dns.TypeToString[q.Qtype], err)
	}
	wantRcode, wantAnswer, wantAA := dns.RcodeSuccess, true, true
	switch q.Kind {
	case "referral":
		wantAnswer, wantAA = false, false
	case "nxdomain":
		wantRcode, wantAnswer = dns.RcodeNameError, false
	case "nodata":
		wantAnswer = false
	}
	if m.Rcode != wantRcode || (len(m.Answer) > 0) != wantAnswer || m.Authoritative != wantAA || m.Truncated ||
		(q.Kind == "CNAME") != (len(m.Answer) > 0 && m.Answer[0].Header().Rrtype == dns.TypeCNAME) {
		b.Fatalf("%s %s is not a %s answer:\n%v", q.Name, dns.TypeToString[q.Qtype], q.Kind, &m)
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
	// The mix again through the rate limiter (at a rate no bucket reaches,
	// so every query is answered): what limiting costs an answer.
	limited := *h
	limited.rrl = newRateLimiter(RateLimit{Rate: maxRRLRate, Slip: 2})
	b.Run("mix+RRL", func(b *testing.B) { serveLoop(b, &limited, mix) })
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
