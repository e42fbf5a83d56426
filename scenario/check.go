package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// values are the values of an answer: the rdata of its records of the
// question's type, or of all its records when there are none of that
// type (a CNAME leaving the zone). A TXT record's value is its strings
// joined; a name loses its trailing dot. Sorted, so order never matters.
func values(rrs []dns.RR, qtype uint16) ([]string, []uint32) {
	var vals []string
	var ttls []uint32
	for pass := 0; pass < 2 && len(vals) == 0; pass++ {
		for _, rr := range rrs {
			if pass == 0 && rr.Header().Rrtype != qtype && qtype != dns.TypeANY {
				continue
			}
			vals = append(vals, value(rr))
			ttls = append(ttls, rr.Header().Ttl)
		}
	}
	slices.Sort(vals)
	return vals, ttls
}

func value(rr dns.RR) string {
	if txt, ok := rr.(*dns.TXT); ok {
		return strings.Join(txt.Txt, "")
	}
	return strings.TrimSuffix(strings.TrimPrefix(rr.String(), rr.Header().String()), ".")
}

// normalize is a value as compared: case and a trailing dot do not count.
func normalize(v string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(v), "."))
}

// sameValues compares two answers as multisets.
func sameValues(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	a, b := make([]string, len(got)), make([]string, len(want))
	for i := range got {
		a[i], b[i] = normalize(got[i]), normalize(want[i])
	}
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// key names an answer in a distribution: its values sorted, joined with
// ", "; an empty answer by its rcode or NODATA.
func (g *Got) key() string {
	if len(g.Values) == 0 {
		return g.rcodeName()
	}
	return answerKey(g.Values)
}

func answerKey(vals []string) string {
	n := make([]string, len(vals))
	for i, v := range vals {
		n[i] = normalize(v)
	}
	slices.Sort(n)
	return strings.Join(n, ", ")
}

// normalizeKey writes a distribution key as key does.
func normalizeKey(k string) string {
	u := strings.ToUpper(strings.TrimSpace(k))
	if _, rcode := dns.StringToRcode[u]; rcode || u == "NODATA" {
		return u
	}
	return answerKey(strings.Split(k, ","))
}

// check compares what came back with the expectation, one problem per
// part that differs. Distributions are checked by the runner.
func check(e *Expect, g *Got) []string {
	var problems []string
	got := "[" + strings.Join(g.Values, ", ") + "]"
	if e.HasAnswer && !sameValues(g.Values, e.Answer) {
		problems = append(problems, fmt.Sprintf("answer: expected [%s], got %s", strings.Join(e.Answer, ", "), got))
	}
	if e.OneOf != nil && !slices.ContainsFunc(e.OneOf, func(want []string) bool { return sameValues(g.Values, want) }) {
		alts := make([]string, len(e.OneOf))
		for i, a := range e.OneOf {
			alts[i] = "[" + strings.Join(a, ", ") + "]"
		}
		problems = append(problems, fmt.Sprintf("one-of: expected one of %s, got %s", strings.Join(alts, " "), got))
	}
	if e.Rcode != "" && !rcodeMatches(e.Rcode, g) {
		problems = append(problems, fmt.Sprintf("rcode: expected %s, got %s", e.Rcode, g.rcodeName()))
	}
	if e.TTL != nil {
		switch {
		case len(g.TTLs) == 0:
			problems = append(problems, fmt.Sprintf("ttl: expected %d, got no records (%s)", *e.TTL, g.rcodeName()))
		case slices.ContainsFunc(g.TTLs, func(t uint32) bool { return t != *e.TTL }):
			problems = append(problems, fmt.Sprintf("ttl: expected %d, got %v", *e.TTL, g.TTLs))
		}
	}
	if e.Scope != nil && *e.Scope != g.Scope {
		problems = append(problems, fmt.Sprintf("ecs-scope: expected %d, got %d", *e.Scope, g.Scope))
	}
	return problems
}

// rcodeMatches: NODATA is NOERROR with no values; NOERROR is any
// successful answer.
func rcodeMatches(want string, g *Got) bool {
	if want == "NODATA" {
		return g.Rcode == dns.RcodeSuccess && len(g.Values) == 0
	}
	return dns.StringToRcode[want] == g.Rcode
}
