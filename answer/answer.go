// Package answer finds the answer to one DNS question in the published
// zones: the RFC 1034 §4.3.2 algorithm, wildcards (RFC 4592), negative
// answers (RFC 2308), referral glue (RFC 9471) and the routed RRsets whose
// records policy.Select chooses for each client. It knows nothing of the
// wire: the caller parses the request, then packs and truncates the Result.
package answer

import (
	"math/rand/v2"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// Question is what a client asks.
type Question struct {
	// Name is the query name as asked: owners of synthesized records keep
	// its case. It may live in a caller's buffer that the next query
	// rewrites: the Finder keeps it only in the Result (owner lists, the
	// HINFO of ANY), which the next Lookup reuses too, never in traces,
	// caches or zone data.
	Name string
	Type uint16
	// TCP is true over TCP, where ANY lists every RRset; over UDP ANY gets
	// the one synthesized HINFO of RFC 8482 §4.2.
	TCP bool
}

// Result is the answer to one question. Its slices are the Finder's own
// buffers, reused by the next Lookup; the records in them are shared with
// the zones and must not be modified. A record may answer under another
// owner name than its own — synthesized from a wildcard (RFC 4592), an
// alias target's value, an address found for a glue or target name — and
// is then not copied: its owner is in AnswerOwners or AdditionalOwners.
// Records applies them for callers that keep or print records.
type Result struct {
	Rcode         int
	Authoritative bool
	Answer        []dns.RR
	Authority     []dns.RR
	Additional    []dns.RR
	// AnswerOwners[i], when i is in range and it is not "", is the owner
	// name Answer[i] answers under; AdditionalOwners likewise. Authority
	// records always answer under their own.
	AnswerOwners, AdditionalOwners []string
	// Required counts the leading records of Additional that must not be
	// dropped to fit a size limit: in-domain glue of a referral (RFC 9471).
	Required int
	// Scope is the widest ECS scope prefix length of the routed decisions
	// of this answer, in the bits of the client's address; 0 when the
	// answer did not depend on the client.
	Scope int
	// Zone is the origin of the zone that answered, "" when none did.
	Zone string
	// Routed is true when a routed group answered; Policy is then the
	// kind of the last one.
	Routed bool
	Policy policy.Kind
	// Traces holds the decision of every routed RRset, in order, when the
	// Finder explains (nil otherwise).
	Traces []*policy.Trace
}

// Owner is the owner name a record of a section answers under, owners
// being the section's list (AnswerOwners or AdditionalOwners).
func Owner(rrs []dns.RR, owners []string, i int) string {
	if i < len(owners) && owners[i] != "" {
		return owners[i]
	}
	return rrs[i].Header().Name
}

// Records returns the answer and additional sections as records that
// carry their owner names: copies of the renamed ones. It allocates; the
// serving path packs the owners as they are instead.
func (r *Result) Records() (answer, additional []dns.RR) {
	return owned(r.Answer, r.AnswerOwners), owned(r.Additional, r.AdditionalOwners)
}

func owned(rrs []dns.RR, owners []string) []dns.RR {
	out := make([]dns.RR, len(rrs))
	for i, rr := range rrs {
		if name := Owner(rrs, owners, i); name != rr.Header().Name {
			rr = dns.Copy(rr)
			rr.Header().Name = name
		}
		out[i] = rr
	}
	return out
}

// rename records that the records of a section from start to end answer
// under owner: it extends owners, the section's list, to end.
func rename(owners []string, start, end int, owner string) []string {
	for len(owners) < start {
		owners = append(owners, "")
	}
	for len(owners) < end {
		owners = append(owners, owner)
	}
	return owners
}

// Finder answers questions for one goroutine at a time, reusing its
// buffers, random source and GeoIP cache from lookup to lookup so the
// serving path allocates nothing. The zero Finder is ready to use.
type Finder struct {
	result Result
	view   zones.View
	client policy.Client
	tcp    bool

	// Routed decisions of one lookup share one Env, prepared on the first
	// routed RRset: one health snapshot per answer.
	routing  *Routing
	envReady bool
	env      policy.Env
	scratch  policy.Scratch // room for selections, reused by every lookup
	rng      *rand.Rand
	latency  latencySource
	geo      *geoCache // allocated on the first routed answer that needs a location
	hinfo    dns.HINFO // the answer to ANY over UDP, reused
	lowered  []byte    // lower-case names of the current lookup (see lower)
	explain  bool
}

// Explain makes the Finder record every routing decision in
// Result.Traces and draw its random numbers from seed, so an explanation
// can be repeated. It is for r53d explain, not for serving.
func (f *Finder) Explain(seed uint64) {
	f.explain = true
	f.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Lookup answers q for client from view; routed decisions read routing
// (nil: every check healthy, no GeoIP database). Zone transfers are not
// answers: AXFR and IXFR get REFUSED here, and the caller streams a
// permitted transfer itself. The Result is valid until the next Lookup.
func (f *Finder) Lookup(view zones.View, routing *Routing, q Question, client policy.Client) *Result {
	r := &f.result
	if r.Answer == nil {
		// Room for common answers, and for the caller's OPT after them.
		r.Answer, r.Authority, r.Additional = make([]dns.RR, 0, 16), make([]dns.RR, 0, 8), make([]dns.RR, 0, 16)
		r.AnswerOwners, r.AdditionalOwners = make([]string, 0, 16), make([]string, 0, 16)
	}
	*r = Result{Answer: r.Answer[:0], Authority: r.Authority[:0], Additional: r.Additional[:0],
		AnswerOwners: r.AnswerOwners[:0], AdditionalOwners: r.AdditionalOwners[:0]}
	f.view, f.routing, f.client, f.tcp, f.envReady = view, routing, client, q.TCP, false
	if q.Type == dns.TypeAXFR || q.Type == dns.TypeIXFR {
		r.Rcode = dns.RcodeRefused
		return r
	}
	f.lowered = f.lowered[:0]
	lname := f.lower(q.Name)
	z, ok := closest(view, lname, q.Type)
	if !ok {
		r.Rcode = dns.RcodeRefused
		return r
	}
	r.Zone = z.Origin
	f.answer(z, q.Name, lname, q.Type)
	return r
}

// lower returns name in lower case, for lookups (names compare without
// regard to ASCII case, RFC 4343). A name already in lower case is
// returned as it is. Another is written into f.lowered, which one lookup
// only appends to: the names of a CNAME chain stay valid together, until
// the next Lookup, and nothing keeps them longer (zones.Zone.Find only
// reads its argument; the Result holds zone origins, not query names).
// Past that room, or outside ASCII, strings.ToLower allocates.
func (f *Finder) lower(name string) string {
	upper := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(name)
		}
		upper = upper || ('A' <= c && c <= 'Z')
	}
	if !upper {
		return name
	}
	if cap(f.lowered) == 0 {
		f.lowered = make([]byte, 0, 2048)
	}
	if len(f.lowered)+len(name) > cap(f.lowered) {
		return strings.ToLower(name)
	}
	start := len(f.lowered)
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		f.lowered = append(f.lowered, c)
	}
	return unsafe.String(&f.lowered[start], len(name))
}

// closest is the zone that answers for name: the deepest enclosing zone,
// except that DS belongs to the parent side of a cut (RFC 4035 §3.1.4.1).
func closest(view zones.View, name string, qtype uint16) (*zones.Zone, bool) {
	z, ok := view.Closest(name)
	if ok && qtype == dns.TypeDS && name == z.Origin && name != "." {
		off, _ := dns.NextLabel(name, 0)
		if parent, found := view.Closest(name[off:]); found {
			z = parent
		}
	}
	return z, ok
}

// random is the Finder's random source, seeded on first use.
func (f *Finder) random() *rand.Rand {
	if f.rng == nil {
		f.rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	return f.rng
}
