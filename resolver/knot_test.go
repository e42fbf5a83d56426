package resolver

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/require"
)

// The differential tests send the same queries to r53d and to Knot DNS
// serving the same zone files, and require the same rcode, flags, answer
// and authority. Knot is the reference because it is an independent,
// widely deployed implementation of RFC 1034 §4.3.2, RFC 4592 and RFC 2308.

// knotZone is one zone knotd serves: its origin and its master file.
type knotZone struct{ origin, file string }

// transport is one way of sending a query.
type transport struct {
	name string
	net  string // "udp" or "tcp"
	edns uint16 // 0: no OPT record
}

// question is one query of a corpus.
type question struct {
	name  string
	qtype uint16
}

// TestKnotDiff runs the corpus of testdata/diff/queries.txt against the
// zones beside it.
func TestKnotDiff(t *testing.T) {
	t.Parallel()
	zs, ours, theirs := serveDiffZones(t)
	runDiff(t, ours, theirs, origins(zs), readCorpus(t, filepath.Join("testdata", "diff", "queries.txt")))
}

// serveDiffZones serves the zones of testdata/diff from r53d and from Knot.
func serveDiffZones(t *testing.T) (zs []*zones.Zone, ours, theirs netip.AddrPort) {
	t.Helper()
	knotd := knotdPath(t)
	dir, err := filepath.Abs(filepath.Join("testdata", "diff"))
	require.NoError(t, err)
	zs, ours = serveZoneDir(t, os.DirFS(dir))
	var kz []knotZone
	for _, z := range zs {
		kz = append(kz, knotZone{origin: z.Origin, file: filepath.Join(dir, z.File)})
	}
	return zs, ours, startKnot(t, knotd, kz)
}

// TestKnotDiffRootZone compares referrals, DS and negative answers on the
// real root zone, whose delegations carry glue sets too big for 512 bytes.
func TestKnotDiffRootZone(t *testing.T) {
	t.Parallel()
	knotd := knotdPath(t)
	file, err := filepath.Abs(filepath.Join("..", "testdata", "realworld", "root.zone"))
	require.NoError(t, err)
	data, err := os.ReadFile(file)
	require.NoError(t, err, "the root zone is part of the repository")
	zs, ours := serveZoneDir(t, fstest.MapFS{"root.zone": {Data: data}})
	theirs := startKnot(t, knotd, []knotZone{{origin: ".", file: file}})
	runDiff(t, ours, theirs, []string{"."}, rootCorpus(zs[0]))
}

// readCorpus reads "name TYPE" lines; '#' starts a comment line. The name
// is everything before the last blank, so it may hold "\ " escapes.
func readCorpus(t *testing.T, path string) []question {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []question
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexAny(line, " \t")
		require.Positive(t, i, "%s:%d: want \"name TYPE\"", path, n)
		name, qtype := strings.TrimSpace(line[:i]), parseType(line[i+1:])
		_, ok := dns.IsDomainName(name)
		require.True(t, ok && dns.IsFqdn(name) && qtype != 0, "%s:%d: bad query %q", path, n, line)
		out = append(out, question{name: name, qtype: qtype})
	}
	require.NoError(t, sc.Err())
	return out
}

// parseType reads a type mnemonic or the RFC 3597 form TYPEnnn; 0 if neither.
func parseType(s string) uint16 {
	s = strings.ToUpper(s)
	if t, ok := dns.StringToType[s]; ok {
		return t
	}
	if n, err := strconv.ParseUint(strings.TrimPrefix(s, "TYPE"), 10, 16); err == nil && strings.HasPrefix(s, "TYPE") {
		return uint16(n)
	}
	return 0
}

// rootCorpus asks, of the root zone, for the apex data, then for about 200
// TLDs (an even sample plus the ten with the most in-domain glue) NS, DS,
// NSEC and a name below, and for TLDs that do not exist.
func rootCorpus(root *zones.Zone) []question {
	qs := []question{{".", dns.TypeSOA}, {".", dns.TypeNS}, {".", dns.TypeDNSKEY}, {".", dns.TypeNSEC},
		{".", dns.TypeA}, {".", dns.TypeDS}, {".", dns.TypeANY}}
	for _, tld := range sampleTLDs(root, 190, 10) {
		qs = append(qs, question{tld, dns.TypeNS}, question{tld, dns.TypeDS}, question{tld, dns.TypeNSEC},
			question{"www.example." + tld, dns.TypeA}, question{strings.ToUpper(tld), dns.TypeSOA})
	}
	for _, name := range []string{"nonexistent-tld.", "www.r53d.", "example.", "invalid.", "localhost.", "a.b.c.zzzz."} {
		qs = append(qs, question{name, dns.TypeA}, question{name, dns.TypeNS})
	}
	return qs
}

// sampleTLDs returns every len/n-th delegation of the root, plus the top
// delegations ranked by how many glue records lie below them.
func sampleTLDs(root *zones.Zone, n, top int) []string {
	glue := map[string]int{} // delegation → address records below it
	for _, rr := range root.Records() {
		if h := rr.Header(); h.Rrtype == dns.TypeNS && h.Name != "." {
			glue[h.Name] = 0
		}
	}
	for _, rr := range root.Records() {
		h := rr.Header()
		if h.Rrtype != dns.TypeA && h.Rrtype != dns.TypeAAAA {
			continue
		}
		labels := dns.SplitDomainName(h.Name)
		if len(labels) < 2 {
			continue
		}
		tld := labels[len(labels)-1] + "."
		if _, ok := glue[tld]; ok {
			glue[tld]++
		}
	}
	tlds := make([]string, 0, len(glue))
	for tld := range glue {
		tlds = append(tlds, tld)
	}
	slices.Sort(tlds)
	var out []string
	for i := 0; i < len(tlds); i += max(1, len(tlds)/n) {
		out = append(out, tlds[i])
	}
	slices.SortStableFunc(tlds, func(a, b string) int { return glue[b] - glue[a] })
	for _, tld := range tlds[:min(top, len(tlds))] {
		if !slices.Contains(out, tld) {
			out = append(out, tld)
		}
	}
	return out
}

// differ compares the answers of knotd (theirs) and r53d (ours).
type differ struct {
	t            *testing.T
	ours, theirs netip.AddrPort
	origins      []string
	// How many compared answers were truncated or referrals, for the log.
	truncated, referrals int
}

// knownBug says why r53d still answers q differently from Knot, and where
// that is to be fixed. A query listed here that no longer differs fails
// the test, so the entry goes with the fix.
func knownBug(q question) (string, bool) {
	return "", false // none today
}

// runDiff sends every question over every transport to both servers and
// reports every difference, one error per query.
func runDiff(t *testing.T, ours, theirs netip.AddrPort, origins []string, qs []question) {
	t.Helper()
	transports := []transport{
		{name: "udp", net: "udp"},
		{name: "udp+edns1232", net: "udp", edns: 1232},
		{name: "udp+edns4096", net: "udp", edns: 4096},
		{name: "tcp", net: "tcp"},
	}
	d := &differ{t: t, ours: ours, theirs: theirs, origins: origins}
	for _, tr := range transports {
		c := &dns.Client{Net: tr.net, Timeout: 2 * time.Second, UDPSize: dns.MaxMsgSize}
		for _, q := range qs {
			d.compare(c, tr, q)
		}
	}
	t.Logf("%d queries × %d transports compared; %d answers truncated, %d referrals",
		len(qs), len(transports), d.truncated, d.referrals)
}

// exchangeTries asks up to three times: on a busy machine a loopback
// datagram can be lost, which says nothing about either server's answer.
func exchangeTries(c *dns.Client, m *dns.Msg, server netip.AddrPort) (*dns.Msg, error) {
	var err error
	for range 3 {
		var r *dns.Msg
		if r, _, err = c.Exchange(m, server.String()); err == nil {
			return r, nil
		}
	}
	return nil, err
}

func (d *differ) compare(c *dns.Client, tr transport, q question) {
	t := d.t
	t.Helper()
	label := fmt.Sprintf("%s %s over %s", q.name, dns.Type(q.qtype), tr.name)
	want, err := exchangeTries(c, newQuery(q, tr.edns), d.theirs)
	if err != nil {
		t.Errorf("%s: knotd: %v", label, err)
		return
	}
	got, err := exchangeTries(c, newQuery(q, tr.edns), d.ours)
	if err != nil {
		t.Errorf("%s: r53d: %v", label, err)
		return
	}
	diffs := d.diff(c, tr, q, want, got)
	bug, known := knownBug(q)
	switch {
	case known && len(diffs) == 0:
		t.Errorf("%s: the known bug no longer shows, remove it from knownBug: %s", label, bug)
	case known:
		t.Logf("%s: known bug: %s", label, bug)
	case len(diffs) > 0:
		t.Errorf("%s:\n\t%s", label, strings.Join(diffs, "\n\t"))
	}
}

// newQuery asks q without recursion, with an OPT record when edns > 0.
func newQuery(q question, edns uint16) *dns.Msg {
	m := new(dns.Msg)
	m.SetQuestion(q.name, q.qtype)
	m.RecursionDesired = false
	if edns > 0 {
		m.SetEdns0(edns, false)
	}
	return m
}

// diff lists how r53d's answer (got) differs from Knot's (want).
func (d *differ) diff(c *dns.Client, tr transport, q question, want, got *dns.Msg) []string {
	out := headerDiff(want, got)
	if limit := sizeLimit(tr); limit > 0 && wireLen(got) > limit {
		out = append(out, fmt.Sprintf("size: r53d sent %d bytes over UDP, the limit is %d", wireLen(got), limit))
	}
	switch {
	case want.Truncated || got.Truncated:
		// What a truncated answer carries is the server's choice (RFC 2181
		// §9): r53d sends no RRsets, Knot those that fit.
		d.truncated++
		return out
	case q.qtype == dns.TypeANY && want.Rcode == dns.RcodeSuccess && len(want.Answer) > 0:
		// RFC 8482 lets servers differ here. Knot answers ANY with one
		// RRset over UDP and TCP alike (§4.1); r53d synthesizes a HINFO
		// over UDP (§4.2) and returns every RRset over TCP.
		if tr.net == "udp" {
			return append(out, checkHINFO(q, got)...)
		}
		return append(out, d.anyDiff(c, q, want, got)...)
	}
	apex := apexOf(q.name, d.origins)
	if isReferral(want, apex) {
		d.referrals++
	}
	out = append(out, sectionDiff("answer", want.Answer, got.Answer)...)
	out = append(out, sectionDiff("authority", withoutApexNS(want, apex), withoutApexNS(got, apex))...)
	out = append(out, glueDiff(want, got)...)
	if tr.net == "tcp" && isReferral(want, apex) {
		out = append(out, siblingGlueDiff(want, got, apex)...)
	}
	return out
}

// sizeLimit is the most r53d may send: 512 bytes without EDNS, else the
// client's buffer up to 1232 (RFC 6891 §6.2.5, DNS Flag Day 2020); 0 over TCP.
func sizeLimit(tr transport) int {
	switch {
	case tr.net != "udp":
		return 0
	case tr.edns == 0:
		return dns.MinMsgSize
	}
	return min(int(tr.edns), Advertised)
}

// wireLen is the size of m on the wire, compressed as servers send it.
func wireLen(m *dns.Msg) int {
	c := m.Copy()
	c.Compress = true
	return c.Len()
}

// headerDiff compares what every answer has: rcode, flags, question, OPT.
func headerDiff(want, got *dns.Msg) []string {
	var out []string
	check := func(what string, w, g any) {
		if w != g {
			out = append(out, fmt.Sprintf("%s: knot %v, r53d %v", what, w, g))
		}
	}
	check("rcode", dns.RcodeToString[want.Rcode], dns.RcodeToString[got.Rcode])
	check("AA", want.Authoritative, got.Authoritative)
	check("TC", want.Truncated, got.Truncated)
	check("RA", want.RecursionAvailable, got.RecursionAvailable)
	check("question", fmt.Sprint(want.Question), fmt.Sprint(got.Question))
	check("OPT", want.IsEdns0() != nil, got.IsEdns0() != nil)
	return out
}

// checkHINFO requires the RFC 8482 §4.2 answer to ANY: one HINFO "RFC8482".
func checkHINFO(q question, got *dns.Msg) []string {
	if len(got.Answer) == 1 {
		if h, ok := got.Answer[0].(*dns.HINFO); ok && h.Cpu == "RFC8482" && strings.EqualFold(h.Hdr.Name, q.name) {
			return nil
		}
	}
	return []string{fmt.Sprintf("ANY over UDP: r53d answered %v, want one HINFO \"RFC8482\"", canonicalRRs(got.Answer))}
}

// anyDiff checks r53d's ANY over TCP against Knot's answers type by type:
// each RRset r53d returns is the one Knot has, and Knot's pick for ANY is
// among them.
func (d *differ) anyDiff(c *dns.Client, q question, want, got *dns.Msg) []string {
	var types []uint16
	for _, rr := range got.Answer {
		if t := rr.Header().Rrtype; !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	var theirs []dns.RR
	for _, t := range types {
		r, _, err := c.Exchange(newQuery(question{q.name, t}, 0), d.theirs.String())
		if err != nil {
			return []string{fmt.Sprintf("knotd, %s: %v", dns.Type(t), err)}
		}
		for _, rr := range r.Answer {
			if rr.Header().Rrtype == t && strings.EqualFold(rr.Header().Name, q.name) {
				theirs = append(theirs, rr)
			}
		}
	}
	out := sectionDiff("answer (Knot type by type)", theirs, got.Answer)
	have := canonicalRRs(got.Answer)
	for _, s := range canonicalRRs(want.Answer) {
		if !slices.Contains(have, s) {
			out = append(out, "answer: missing Knot's ANY record "+s)
		}
	}
	return out
}

// isReferral is true for an answer that hands out a child zone's NS.
func isReferral(m *dns.Msg, apex string) bool {
	for _, rr := range m.Ns {
		if rr.Header().Rrtype == dns.TypeNS && !strings.EqualFold(rr.Header().Name, apex) {
			return true
		}
	}
	return false
}

// withoutApexNS is the authority section, less the zone's own NS RRset in
// a positive answer: servers may add it or not (RFC 2181 §6.1).
func withoutApexNS(m *dns.Msg, apex string) []dns.RR {
	if m.Rcode != dns.RcodeSuccess || len(m.Answer) == 0 {
		return m.Ns
	}
	return slices.DeleteFunc(slices.Clone(m.Ns), func(rr dns.RR) bool {
		return rr.Header().Rrtype == dns.TypeNS && strings.EqualFold(rr.Header().Name, apex)
	})
}

// glueDiff requires in r53d's referral the in-domain glue Knot sends
// (RFC 9471: it is not optional). Other additional data may differ.
func glueDiff(want, got *dns.Msg) []string {
	have := canonicalRRs(got.Extra)
	var d []string
	for _, ns := range want.Ns {
		if ns.Header().Rrtype != dns.TypeNS {
			continue
		}
		cut := ns.Header().Name
		for _, rr := range want.Extra {
			if t := rr.Header().Rrtype; t != dns.TypeA && t != dns.TypeAAAA || !dns.IsSubDomain(cut, rr.Header().Name) {
				continue
			}
			if s := canonicalRRs([]dns.RR{rr})[0]; !slices.Contains(have, s) && !slices.Contains(d, "missing glue: "+s) {
				d = append(d, "missing glue: "+s)
			}
		}
	}
	return d
}

// siblingGlueDiff requires in r53d's referral, when nothing limits its
// size, every in-zone address Knot adds outside the cut: sibling glue,
// whether stored, below another delegation or synthesized from a
// wildcard, comes from the same glue adder as in-domain glue.
func siblingGlueDiff(want, got *dns.Msg, apex string) []string {
	have := canonicalRRs(got.Extra)
	var d []string
	for _, rr := range want.Extra {
		if t := rr.Header().Rrtype; t != dns.TypeA && t != dns.TypeAAAA || !dns.IsSubDomain(apex, rr.Header().Name) {
			continue
		}
		if s := canonicalRRs([]dns.RR{rr})[0]; !slices.Contains(have, s) && !slices.Contains(d, "missing sibling glue: "+s) {
			d = append(d, "missing sibling glue: "+s)
		}
	}
	return d
}

// sectionDiff compares two sections as multisets of canonical records.
func sectionDiff(section string, want, got []dns.RR) []string {
	// Knot repeats the CNAME of a wildcard that points at its own
	// expansion; a duplicate record is noise (RFC 2181 §5), so Knot's
	// duplicates are dropped. r53d's are not.
	w, g := slices.Compact(canonicalRRs(want)), canonicalRRs(got)
	var d []string
	for _, s := range w {
		if i := slices.Index(g, s); i >= 0 {
			g = slices.Delete(g, i, i+1)
			continue
		}
		d = append(d, section+": only knot: "+s)
	}
	for _, s := range g {
		d = append(d, section+": only r53d: "+s)
	}
	return d
}

// canonicalRRs renders records as text with lower-case owner names, sorted,
// OPT left out: DNS names compare case-insensitively (RFC 4343).
func canonicalRRs(rrs []dns.RR) []string {
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		if rr.Header().Rrtype == dns.TypeOPT {
			continue
		}
		rr = lowerNames(rr)
		name := rr.Header().Name
		out = append(out, strings.ToLower(name)+rr.String()[len(name):])
	}
	slices.Sort(out)
	return out
}

// lowerNames returns rr with the domain names of its RDATA in lower case:
// a server may write them in any case, and Knot compresses them against
// the question name as the client spelled it.
func lowerNames(rr dns.RR) dns.RR {
	rr = dns.Copy(rr)
	switch v := rr.(type) {
	case *dns.NS:
		v.Ns = strings.ToLower(v.Ns)
	case *dns.CNAME:
		v.Target = strings.ToLower(v.Target)
	case *dns.PTR:
		v.Ptr = strings.ToLower(v.Ptr)
	case *dns.MX:
		v.Mx = strings.ToLower(v.Mx)
	case *dns.SRV:
		v.Target = strings.ToLower(v.Target)
	case *dns.SOA:
		v.Ns, v.Mbox = strings.ToLower(v.Ns), strings.ToLower(v.Mbox)
	case *dns.RP:
		v.Mbox, v.Txt = strings.ToLower(v.Mbox), strings.ToLower(v.Txt)
	case *dns.NAPTR:
		v.Replacement = strings.ToLower(v.Replacement)
	case *dns.SVCB:
		v.Target = strings.ToLower(v.Target)
	case *dns.HTTPS:
		v.Target = strings.ToLower(v.Target)
	case *dns.NSEC:
		v.NextDomain = strings.ToLower(v.NextDomain)
	}
	return rr
}

// apexOf is the origin of the zone that most closely encloses name.
func apexOf(name string, origins []string) string {
	best := ""
	for _, o := range origins {
		if dns.IsSubDomain(o, strings.ToLower(name)) && dns.CountLabel(o) >= dns.CountLabel(best) {
			best = o
		}
	}
	return best
}
