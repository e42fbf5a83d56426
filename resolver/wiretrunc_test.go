package resolver

import (
	"bytes"
	"github.com/r53d/r53d/internal/benchdata"
	"math/rand/v2"
	"net"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/require"
)

// referencePack is the truncation of the miekg/dns packer the writer
// replaces: drop optional additional records, then everything but the
// question and the OPT with TC=1.
func referencePack(tb testing.TB, m *dns.Msg, limit, required int) (stage int, out []byte) {
	tb.Helper()
	c := m.Copy()
	c.Compress = true
	out, err := c.Pack()
	if err == nil && len(out) <= limit {
		return 0, out
	}
	opt, _ := findOPT(c.Extra)
	c.Extra = c.Extra[:min(required, len(c.Extra))]
	if opt != nil {
		c.Extra = append(c.Extra, opt)
	}
	if out, err = c.Pack(); err == nil && len(out) <= limit {
		return 1, out
	}
	c.Truncated = true
	c.Answer, c.Ns, c.Extra = nil, nil, nil
	if opt != nil {
		c.Extra = append(c.Extra, opt)
	}
	if out, err = c.Pack(); err != nil {
		return -1, nil // miekg/dns cannot write even that
	}
	return 2, out
}

// stageOf tells which step of truncation a packed message took.
func stageOf(tb testing.TB, m *dns.Msg, out []byte) int {
	tb.Helper()
	var r dns.Msg
	require.NoError(tb, r.Unpack(out))
	switch {
	case r.Truncated:
		return 2
	case len(r.Extra) != len(m.Extra):
		return 1
	}
	return 0
}

// TestPackTruncation checks the writer's truncation against the miekg/dns
// packer's: it never goes further than the reference (its messages are
// never longer), and where both stop at the same step they agree.
func TestPackTruncation(t *testing.T) {
	pool := wirePool(t)
	rng := rand.New(rand.NewPCG(11, 3))
	w := new(wireWriter)
	buf := make([]byte, dns.MaxMsgSize)
	stages := map[int]int{}
	for range 3000 {
		m := randomMsg(rng, pool)
		limit := []int{dns.MinMsgSize, Advertised, 300 + rng.IntN(1500)}[rng.IntN(3)]
		required := rng.IntN(len(m.Extra) + 1)
		ours := w.packMsg(buf, m, owners{}, limit, required)
		refStage, ref := referencePack(t, m, limit, required)
		require.GreaterOrEqual(t, refStage, 0)
		stage := stageOf(t, m, ours)
		require.LessOrEqual(t, stage, refStage, "%v", m)
		if stage < 2 {
			require.LessOrEqual(t, len(ours), limit)
		}
		if stage == refStage {
			requireSameMessage(t, m, ours, ref)
		}
		stages[stage]++
	}
	require.Len(t, stages, 3, "every step of truncation is exercised: %v", stages)
}

// TestPackSharedRecords packs the same records from several goroutines:
// with -race, any write into them fails the test.
func TestPackSharedRecords(t *testing.T) {
	pool := wirePool(t)
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			w := new(wireWriter)
			buf := make([]byte, dns.MaxMsgSize)
			for range 300 {
				m := randomMsg(rng, pool)
				if w.packMsg(buf, m, owners{}, Advertised, 0) == nil {
					t.Error("no message")
					return
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}

// FuzzPack packs every message miekg/dns reads from the input with the
// writer and with miekg/dns: the same message, never a longer one.
func FuzzPack(f *testing.F) {
	pool := wirePool(f)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		f.Add(miekgPack(f, randomMsg(rng, pool)))
	}
	w := new(wireWriter)
	buf := make([]byte, dns.MaxMsgSize)
	f.Fuzz(func(t *testing.T, pkt []byte) {
		var m dns.Msg
		if m.Unpack(pkt) != nil {
			return
		}
		c := m.Copy()
		c.Compress = true
		ref, err := c.Pack()
		if err != nil || len(ref) > dns.MaxMsgSize {
			return // nothing to compare with
		}
		var back dns.Msg
		if back.Unpack(ref) != nil {
			return // miekg/dns writes what it cannot read: not a reference
		}
		requireSameMessage(t, &m, w.packMsg(buf, &m, owners{}, dns.MaxMsgSize, len(m.Extra)), ref)
		// Over UDP: never further truncated than the reference (which step
		// was taken shows in TC, so the input's own TC goes).
		m.Truncated = false
		required := len(m.Extra) / 2
		refStage, ref := referencePack(t, &m, dns.MinMsgSize, required)
		if refStage < 0 {
			return
		}
		ours := w.packMsg(buf, &m, owners{}, dns.MinMsgSize, required)
		stage := stageOf(t, &m, ours)
		require.LessOrEqual(t, stage, refStage)
		if stage == refStage {
			requireSameMessage(t, &m, ours, ref)
		}
	})
}

// BenchmarkPack packs a typical answer (A RRset with authority and glue,
// EDNS with ECS) with the writer and with miekg/dns.
func BenchmarkPack(b *testing.B) {
	m := new(dns.Msg)
	m.SetQuestion("host-00042.example.test.", dns.TypeA)
	m.Response, m.Authoritative = true, true
	m.Answer = []dns.RR{mustRR(b, "host-00042.example.test. 300 IN A 198.18.0.42"),
		mustRR(b, "host-00042.example.test. 300 IN A 198.19.0.42")}
	m.Ns = []dns.RR{mustRR(b, "example.test. 3600 IN NS ns1.example.test."), mustRR(b, "example.test. 3600 IN NS ns2.example.test.")}
	m.Extra = []dns.RR{mustRR(b, "ns1.example.test. 3600 IN A 198.19.255.53"), mustRR(b, "ns2.example.test. 3600 IN A 198.19.254.53")}
	o := &dns.OPT{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT}}
	o.SetUDPSize(Advertised)
	o.Option = []dns.EDNS0{&dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1, SourceNetmask: 24, SourceScope: 16,
		Address: net.IPv4(11, 4, 0, 0).To4()}}
	m.Extra = append(m.Extra, o)
	buf := make([]byte, dns.MaxMsgSize)
	b.Run("writer", func(b *testing.B) {
		w := new(wireWriter)
		b.ReportAllocs()
		for b.Loop() {
			if w.packMsg(buf, m, owners{}, Advertised, 0) == nil {
				b.Fatal("no message")
			}
		}
	})
	b.Run("miekg", func(b *testing.B) {
		m.Compress = true
		b.ReportAllocs()
		for b.Loop() {
			if _, err := m.PackBuffer(buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	if !bytes.Equal(new(wireWriter).packMsg(make([]byte, 512), m, owners{}, Advertised, 0), miekgPack(b, m)) {
		b.Fatal("the writer and miekg/dns disagree")
	}
}

// TestHandlerPacksAsMiekg answers the benchmark mix and the fuzz seeds,
// with and without EDNS, and checks every response is what miekg/dns
// makes of the same message: the writer on the serving path changes no
// byte of an answer.
func TestHandlerPacksAsMiekg(t *testing.T) {
	h := NewHandler(loadStore(t, map[string]string{
		benchOrigin + "zone": benchdata.Zone(benchOrigin, 2000),
		"fuzz.test.zone":     fuzzZone(), "sub.fuzz.test.zone": fuzzChildZone, "root.zone": fuzzRootZone,
	}), nil)
	s := NewScratch()
	pkts := handleSeeds(t)
	for i, q := range benchdata.Mix(benchOrigin, 2000, 2000) {
		var opts []func(*dns.Msg)
		if i%2 == 1 {
			opts = append(opts, withEDNS(uint16(512+i%1000), i%4 == 1))
		}
		pkts = append(pkts, seedQuery(t, q.Name, q.Qtype, opts...))
	}
	answered := 0
	for _, pkt := range pkts {
		resp, _ := h.Handle(s, Query{Packet: pkt, Client: benchClient})
		if resp == nil {
			continue
		}
		var m dns.Msg
		require.NoError(t, m.Unpack(resp))
		m.Compress = true
		again, err := m.Pack()
		require.NoError(t, err)
		require.Equal(t, again, resp, "%v", &m)
		answered++
	}
	require.Greater(t, answered, 2000)
}

// TestPackOwners: records written under other owner names (wildcard
// synthesis, alias answers, glue) are what miekg/dns makes of renamed
// copies, through every step of truncation, and the shared records are
// never touched.
func TestPackOwners(t *testing.T) {
	pool := wirePool(t)
	rng := rand.New(rand.NewPCG(5, 17))
	w := new(wireWriter)
	buf := make([]byte, dns.MaxMsgSize)
	names := []string{"Host.Example.test.", "x.y.example.test.", "other.test.", "a.b.c.d.example.test."}
	renamed := 0
	for range 3000 {
		m := randomMsg(rng, pool)
		own := owners{answer: randomOwners(rng, names, len(m.Answer)), extra: randomOwners(rng, names, len(m.Extra))}
		ref := m.Copy()
		for i, o := range own.answer {
			if o != "" {
				ref.Answer[i].Header().Name = o
				renamed++
			}
		}
		for i, o := range own.extra {
			if o != "" && ref.Extra[i].Header().Rrtype != dns.TypeOPT {
				ref.Extra[i].Header().Name = o
			} else {
				own.extra[i] = ""
			}
		}
		headers := headersOf(m)
		limit := []int{dns.MinMsgSize, Advertised, dns.MaxMsgSize}[rng.IntN(3)]
		required := rng.IntN(len(m.Extra) + 1)
		ours := w.packMsg(buf, m, own, limit, required)
		refStage, want := referencePack(t, ref, limit, required)
		require.Equal(t, headers, headersOf(m), "packing wrote into the records")
		if stageOf(t, ref, ours) == refStage {
			requireSameMessage(t, ref, ours, want)
		}
	}
	require.Greater(t, renamed, 1000)
}

// randomOwners is an owners list for n records: shorter than the section
// at times, with "" (the record's own name) among the names.
func randomOwners(rng *rand.Rand, names []string, n int) []string {
	out := make([]string, rng.IntN(n+1))
	for i := range out {
		if rng.IntN(3) > 0 {
			out[i] = names[rng.IntN(len(names))]
		}
	}
	return out
}
