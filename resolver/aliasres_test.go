package resolver

import (
	"net/netip"
	"slices"
	"sync"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The targets of testdata/lookup/aws/aws-resources.json, by their ids in
// health snapshots.
const (
	use1a = "target/tg-use1/10.10.1.10:80"
	use1b = "target/tg-use1/10.10.2.10:80"
	nlbA  = "target/tg-nlb/10.10.1.10:80"
)

// switchable is a health view the test changes between queries: listed
// ids are unhealthy, every other is healthy.
type switchable struct {
	mu   sync.Mutex
	down map[string]bool
}

func (s *switchable) Healthy(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.down[id]
}

func (s *switchable) set(ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = map[string]bool{}
	for _, id := range ids {
		s.down[id] = true
	}
}

// startAWS serves the aws fixture with health from h.
func startAWS(t *testing.T, h *switchable) netip.AddrPort {
	t.Helper()
	return startHandler(t, awsHandler(t, h))
}

func awsHandler(tb testing.TB, h policy.Health) *Handler {
	tb.Helper()
	return NewHandler(loadStore(tb, fixture(tb, "aws")), nil, WithRouting(answer.Routing{Health: h}))
}

// ask queries name of type qtype over UDP.
func ask(t *testing.T, addr netip.AddrPort, name string, qtype uint16) *dns.Msg {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	return exchange(t, addr, "udp", m)
}

// addrs lists the answer's addresses, sorted, checking owner and TTL.
func addrs(t *testing.T, m *dns.Msg, owner string, ttl uint32) []string {
	t.Helper()
	var out []string
	for _, rr := range m.Answer {
		assert.Equal(t, owner, rr.Header().Name, "the alias's own name")
		assert.Equal(t, ttl, rr.Header().Ttl)
		switch v := rr.(type) {
		case *dns.A:
			out = append(out, v.A.String())
		case *dns.AAAA:
			out = append(out, v.AAAA.String())
		}
	}
	slices.Sort(out)
	return out
}

// An alias to an ALB answers the nodes of its AZs under the alias's name
// with the load balancer's TTL, 60; AAAA only through the dualstack. name.
func TestAliasToALBAnswersItsNodes(t *testing.T) {
	addr := startAWS(t, &switchable{})
	r := ask(t, addr, "app.aws.test.", dns.TypeA)
	assert.True(t, r.Authoritative)
	assert.Equal(t, []string{"198.51.100.11", "198.51.100.12"}, addrs(t, r, "app.aws.test.", 60))
	r = ask(t, addr, "app.aws.test.", dns.TypeAAAA)
	assert.Equal(t, []string{"2001:db8:11::1", "2001:db8:12::1"}, addrs(t, r, "app.aws.test.", 60))
	r = ask(t, addr, "plain.aws.test.", dns.TypeAAAA)
	assert.Equal(t, dns.RcodeSuccess, r.Rcode)
	assert.Empty(t, r.Answer, "an ALB's own name answers no AAAA")
	require.NotEmpty(t, r.Ns, "NODATA carries the SOA")
}

// A failover alias with EvaluateTargetHealth: the primary region's ALB
// while one of its targets is healthy, the secondary's when none is.
func TestFailoverAliasEvaluatesTargetHealth(t *testing.T) {
	h := &switchable{}
	addr := startAWS(t, h)
	use1 := []string{"198.51.100.11", "198.51.100.12"}
	euw1 := []string{"198.51.100.21", "198.51.100.22"}
	assert.Equal(t, use1, addrs(t, ask(t, addr, "fo.aws.test.", dns.TypeA), "fo.aws.test.", 60))
	h.set(use1a)
	assert.Equal(t, use1, addrs(t, ask(t, addr, "fo.aws.test.", dns.TypeA), "fo.aws.test.", 60), "one target left")
	h.set(use1a, use1b)
	assert.Equal(t, euw1, addrs(t, ask(t, addr, "fo.aws.test.", dns.TypeA), "fo.aws.test.", 60), "no healthy target: the secondary")
	h.set()
	assert.Equal(t, use1, addrs(t, ask(t, addr, "fo.aws.test.", dns.TypeA), "fo.aws.test.", 60), "back")
}

// An NLB (cross-zone off) keeps an AZ in DNS only while a target there is
// healthy; with none healthy anywhere it answers every node.
func TestAliasToNLBDropsAnAZ(t *testing.T) {
	h := &switchable{}
	addr := startAWS(t, h)
	both := []string{"198.51.100.31", "198.51.100.32"}
	assert.Equal(t, both, addrs(t, ask(t, addr, "nlb.aws.test.", dns.TypeA), "nlb.aws.test.", 60))
	h.set(nlbA)
	assert.Equal(t, []string{"198.51.100.32"}, addrs(t, ask(t, addr, "nlb.aws.test.", dns.TypeA), "nlb.aws.test.", 60))
	h.set(nlbA, "target/tg-nlb/10.10.2.10:80")
	assert.Equal(t, both, addrs(t, ask(t, addr, "nlb.aws.test.", dns.TypeA), "nlb.aws.test.", 60), "fail-open")
}

func TestAliasToCloudFront(t *testing.T) {
	addr := startAWS(t, &switchable{})
	assert.Equal(t, []string{"203.0.113.41", "203.0.113.42"}, addrs(t, ask(t, addr, "cdn.aws.test.", dns.TypeA), "cdn.aws.test.", 60))
	assert.Equal(t, []string{"2001:db8:41::1"}, addrs(t, ask(t, addr, "CDN.aws.test.", dns.TypeAAAA), "CDN.aws.test.", 60))
}

// snapshot is a health view like the prober's snapshots: a map read.
type snapshot map[string]bool

func (s snapshot) Healthy(id string) bool {
	ok, known := s[id]
	return ok || !known
}

// BenchmarkServeAliasResource compares an alias to an ALB with an alias
// to an in-zone RRset of as many records: both must allocate nothing, and
// the ALB's should cost at most 1.1 times the CPU (cpu-ns/op, which holds
// when other work shares the cores; ns/op does not).
func BenchmarkServeAliasResource(b *testing.B) {
	h := awsHandler(b, snapshot{use1a: true, use1b: true})
	for _, name := range []string{"inzone", "app"} {
		m := new(dns.Msg)
		m.SetQuestion(name+".aws.test.", dns.TypeA)
		m.SetEdns0(1232, false)
		pkt, err := m.Pack()
		require.NoError(b, err)
		b.Run(name, func(b *testing.B) {
			s := NewScratch()
			q := Query{Packet: pkt, Client: netip.MustParseAddr("127.0.0.1")}
			var resp dns.Msg
			out, _ := h.Handle(s, q)
			require.NoError(b, resp.Unpack(out))
			require.Len(b, resp.Answer, 2)
			b.ReportAllocs()
			cpu0 := processCPU(b)
			for b.Loop() {
				if out, _ := h.Handle(s, q); len(out) == 0 {
					b.Fatal("no answer")
				}
			}
			b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// Answers through aliases to resources allocate nothing once a worker is
// warm: their records are made once per worker and resources file.
func TestAliasToResourceAllocatesNothing(t *testing.T) {
	h := awsHandler(t, &switchable{down: map[string]bool{nlbA: true}})
	for _, tc := range []struct {
		name  string
		qtype uint16
	}{{"app", dns.TypeA}, {"app", dns.TypeAAAA}, {"plain", dns.TypeAAAA}, {"fo", dns.TypeA}, {"nlb", dns.TypeA}, {"cdn", dns.TypeAAAA}} {
		m := new(dns.Msg)
		m.SetQuestion(tc.name+".aws.test.", tc.qtype)
		m.SetEdns0(1232, false)
		pkt, err := m.Pack()
		require.NoError(t, err)
		s := NewScratch()
		q := Query{Packet: pkt, Client: netip.MustParseAddr("198.51.100.1")}
		resp, _ := h.Handle(s, q) // warm up
		require.NotNil(t, resp)
		allocs := testing.AllocsPerRun(50, func() { h.Handle(s, q) })
		assert.Zero(t, allocs, "%s %s", tc.name, dns.TypeToString[tc.qtype])
	}
}
