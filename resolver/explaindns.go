package resolver

import (
	"math/rand/v2"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/explain"
	"github.com/r53d/r53d/policy"
)

// Explain over DNS: for people who only have dig, a TXT query in class
// CHAOS for a name of a zone answers the routing decisions of that name's
// A answer (AAAA when A involved no routing) for the client the query
// speaks for — its EDNS Client Subnet, else its address — one TXT record
// per line of the trace, in order. It is off unless enabled, answers only
// the client networks allowed (loopback by default) and a few explanations
// a second; everyone else gets REFUSED, as for any class but IN.

// ExplainOverDNS configures explain over DNS.
type ExplainOverDNS struct {
	// From are the client networks that may ask; empty: loopback only.
	From []netip.Prefix
	// Rate is how many explanations a second are answered, from all
	// clients together (0: DefaultExplainRate). Over it: REFUSED.
	Rate int
}

// DefaultExplainRate bounds explanations a second: one costs a traced
// lookup and a large response, and people ask one at a time.
const DefaultExplainRate = 20

// maxExplainLines bounds an explanation's TXT records, so the response
// stays well within a TCP message (each line at most 255 bytes).
const maxExplainLines = 200

// WithExplainOverDNS answers CHAOS TXT queries with decision traces.
func WithExplainOverDNS(e ExplainOverDNS) Option {
	return func(h *Handler) {
		if len(e.From) == 0 {
			e.From = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
		}
		if e.Rate <= 0 {
			e.Rate = DefaultExplainRate
		}
		h.explain = &explainer{from: e.From, bucket: tokenBucket{rate: float64(e.Rate), tokens: float64(e.Rate)}}
	}
}

// explainer answers explain-over-DNS queries. It is off the serving path
// of class IN: it may allocate.
type explainer struct {
	from   []netip.Prefix
	bucket tokenBucket
}

// tokenBucket allows rate events a second, bursts of up to rate.
type tokenBucket struct {
	mu     sync.Mutex
	rate   float64
	tokens float64
	last   time.Time
}

func (b *tokenBucket) take(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.last.IsZero() {
		b.tokens = min(b.rate, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (e *explainer) allowed(client netip.Addr) bool {
	client = client.Unmap()
	for _, p := range e.from {
		if p.Contains(client) {
			return true
		}
	}
	return false
}

var txtEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// explainQuestion answers a CHAOS TXT question when explain over DNS
// allows it; ok is false otherwise (the caller refuses it).
func (h *Handler) explainQuestion(question dns.Question, q Query, client policy.Client) (res *answer.Result, ok bool) {
	e := h.explain
	if e == nil || question.Qtype != dns.TypeTXT || !e.allowed(q.Client) || !e.bucket.take(h.now()) {
		return nil, false
	}
	owner := strings.Clone(question.Name) // the question's bytes are the worker's, reused
	view := h.store.View()
	traced := func(qtype uint16) *answer.Result {
		var f answer.Finder
		f.Explain(rand.Uint64())
		return f.Lookup(view, &h.routing, answer.Question{Name: owner, Type: qtype, TCP: q.TCP}, client)
	}
	found, qtype := traced(dns.TypeA), dns.TypeA
	if found.Rcode == dns.RcodeSuccess && len(found.Traces) == 0 {
		if aaaa := traced(dns.TypeAAAA); len(aaaa.Traces) > 0 {
			found, qtype = aaaa, dns.TypeAAAA
		}
	}
	if found.Rcode == dns.RcodeRefused {
		return nil, false // no zone holds the name: nothing to explain
	}
	lines := explain.TXTLines(found.Traces)
	if len(lines) == 0 {
		lines = []string{owner + " " + dns.Type(qtype).String() + ": " + dns.RcodeToString[found.Rcode] +
			", no routing policy decided it (static records, answered as in the zone)"}
	}
	if len(lines) > maxExplainLines {
		more := len(lines) - maxExplainLines + 1
		lines = append(lines[:maxExplainLines-1], strconv.Itoa(more)+" more lines: ask r53d explain or the admin API's /api/explain")
	}
	// The scope is the explained answer's: the response's ECS option
	// carries it as the real answer's would.
	res = &answer.Result{Rcode: dns.RcodeSuccess, Scope: found.Scope}
	for _, line := range lines {
		// miekg/dns reads TXT strings in presentation form: escape the
		// backslashes and quotes a trace may hold (escaped names).
		line = txtEscaper.Replace(line)
		res.Answer = append(res.Answer, &dns.TXT{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeTXT, Class: dns.ClassCHAOS}, Txt: []string{line}})
	}
	return res, true
}
