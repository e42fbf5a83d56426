package policy

import (
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

// Trace is the record of one decision, for `r53d explain` and the admin
// API: plain data that renders as JSON through its tags and as text through
// String. An alias that answered carries its target's decision as a nested
// Trace in its Candidate.
type Trace struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Policy string `json:"policy"`
	// Client is the subnet decided on and where it came from.
	Client string `json:"client"`
	// Location is the client location used; nil when none was needed.
	Location *Place `json:"location,omitempty"`
	// Candidates are the group's records, in stored order.
	Candidates []Candidate `json:"candidates"`
	// Draws are the random numbers drawn to choose (not to order).
	Draws []Draw `json:"draws,omitempty"`
	// Rule is the rule that fired, in one sentence.
	Rule string `json:"rule"`
	// Notes are further steps worth knowing: fallbacks, broken aliases.
	Notes []string `json:"notes,omitempty"`

	Answer  []string `json:"answer"`
	Scope   int      `json:"scope"`
	Healthy bool     `json:"healthy"`
	NoData  bool     `json:"noData"`
}

// Candidate is one record of the group and what became of it.
type Candidate struct {
	SetIdentifier string `json:"setIdentifier,omitempty"`
	// Detail is the record's routing field: weight, region, location ….
	Detail        string `json:"detail,omitempty"`
	HealthCheckID string `json:"healthCheckId,omitempty"`
	Healthy       bool   `json:"healthy"`
	// Health says why the record is (un)healthy; "" when it was not
	// evaluated because the policy did not need to know.
	Health string `json:"health,omitempty"`
	// Verdict is "chosen", "kept" (a candidate of the final draw that was
	// not drawn), "dropped" or "" (not applicable to this client).
	Verdict string `json:"verdict,omitempty"`
	Why     string `json:"why,omitempty"`
	// Target is the decision inside an alias target that answered.
	Target *Trace `json:"target,omitempty"`
}

// Draw is one random number: Value drawn uniformly from [0, Range).
type Draw struct {
	Purpose string `json:"purpose"`
	Value   int    `json:"value"`
	Range   int    `json:"range"`
}

// Place is the client location a decision used.
type Place struct {
	Continent   string `json:"continent,omitempty"`
	Country     string `json:"country,omitempty"`
	Subdivision string `json:"subdivision,omitempty"`
	Coordinates string `json:"coordinates,omitempty"`
	Network     string `json:"network,omitempty"`
	// Note says where the location came from or why there is none.
	Note string `json:"note,omitempty"`
}

// Verdicts of candidates.
const (
	chosen  = "chosen"
	kept    = "kept"
	dropped = "dropped"
)

func (t *Trace) begin(set *Set, c Client) {
	*t = Trace{Name: set.Name, Policy: set.Kind.String()}
	t.Type = dns.TypeToString[set.Type]
	if t.Type == "" {
		t.Type = "TYPE" + strconv.Itoa(int(set.Type))
	}
	t.Client = c.Subnet.String() + " (socket address)"
	if c.FromECS {
		t.Client = c.Subnet.String() + " (ECS)"
	}
	t.Candidates = make([]Candidate, len(set.Records))
	for i := range set.Records {
		rec := &set.Records[i]
		t.Candidates[i] = Candidate{SetIdentifier: rec.SetIdentifier, HealthCheckID: rec.HealthCheckID, Detail: detail(set.Kind, rec)}
	}
}

func (t *Trace) end(r Result) {
	t.Scope, t.Healthy, t.NoData = r.Scope, r.Healthy, r.NoData
	t.Answer = make([]string, len(r.RRs))
	for i, rr := range r.RRs {
		t.Answer[i] = rr.String()
	}
}

// detail describes a record's routing field.
func detail(k Kind, rec *Record) string {
	var d string
	switch k {
	case Weighted:
		d = "weight " + strconv.Itoa(rec.Weight)
	case Latency:
		d = "region " + rec.Region
	case Failover:
		d = map[FailoverRole]string{Primary: "PRIMARY", Secondary: "SECONDARY"}[rec.Failover]
	case Geolocation:
		d = geoName(rec.Geo)
	case Geoproximity:
		d = rec.Proximity.Source + " bias " + strconv.Itoa(rec.Proximity.Bias)
	case IPBased:
		d = "location " + rec.CIDRLocation
	}
	if rec.Alias != nil {
		d = strings.TrimSpace(d + " alias → " + rec.Alias.Target)
	}
	return d
}

func geoName(g GeoLocation) string {
	switch {
	case g.Country == "*":
		return "default (*)"
	case g.Subdivision != "":
		return g.Country + "-" + g.Subdivision
	case g.Country != "":
		return g.Country
	}
	return "continent " + g.Continent
}

// The helpers below do nothing on a nil Trace. rule and note take the
// pieces of their sentence and join them only when tracing, so callers
// need no guard unless a piece costs something to compute.

func (t *Trace) rule(parts ...string) {
	if t != nil {
		t.Rule = strings.Join(parts, "")
	}
}

// aliasLabel starts a trace note about an alias record: "alias blue " with
// its set identifier, "alias " for a simple alias.
func aliasLabel(rec *Record) string {
	if rec.SetIdentifier == "" {
		return "alias "
	}
	return "alias " + rec.SetIdentifier + " "
}

func (t *Trace) note(parts ...string) {
	if t != nil {
		t.Notes = append(t.Notes, strings.Join(parts, ""))
	}
}

func (t *Trace) mark(i int, verdict, why string) {
	if t != nil {
		t.Candidates[i].Verdict, t.Candidates[i].Why = verdict, why
	}
}

// markAll gives every candidate without a verdict that passes keep the
// verdict and reason.
func (t *Trace) markAll(keep func(i int) bool, verdict, why string) {
	if t == nil {
		return
	}
	for i := range t.Candidates {
		if t.Candidates[i].Verdict == "" && keep(i) {
			t.mark(i, verdict, why)
		}
	}
}

// String renders the trace as indented text, nested alias decisions
// indented further.
func (t *Trace) String() string {
	var b strings.Builder
	t.write(&b, "")
	return b.String()
}

func (t *Trace) write(b *strings.Builder, in string) {
	line := func(parts ...string) {
		b.WriteString(in)
		for _, p := range parts {
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}
	line(t.Name, " ", t.Type, ", ", t.Policy, " routing, client ", t.Client)
	if p := t.Location; p != nil {
		line("  location: ", p.String())
	}
	for _, c := range t.Candidates {
		health := "unhealthy"
		if c.Healthy {
			health = "healthy"
		}
		if c.Health == "" {
			health = "health not evaluated"
		} else {
			health += " (" + c.Health + ")"
		}
		verdict := c.Verdict
		if verdict == "" {
			verdict = "not applicable"
		}
		if c.Why != "" {
			verdict += ": " + c.Why
		}
		d := " "
		if c.Detail != "" {
			d = " [" + c.Detail + "] "
		}
		line("  candidate ", orDash(c.SetIdentifier), d, health, " → ", verdict)
		if c.Target != nil {
			c.Target.write(b, in+"    ")
		}
	}
	for _, d := range t.Draws {
		line("  draw: ", strconv.Itoa(d.Value), " from [0, ", strconv.Itoa(d.Range), ") ", d.Purpose)
	}
	for _, n := range t.Notes {
		line("  note: ", n)
	}
	line("  rule: ", t.Rule)
	state := "healthy"
	if !t.Healthy {
		state = "not healthy"
	}
	if t.NoData {
		line("  answer: NODATA, scope /", strconv.Itoa(t.Scope))
		return
	}
	line("  answer (", state, ", scope /", strconv.Itoa(t.Scope), "):")
	for _, a := range t.Answer {
		line("    ", a)
	}
}

// String renders the place on one line.
func (p *Place) String() string {
	var parts []string
	for _, s := range []string{p.Continent, p.Country, p.Subdivision} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	s := strings.Join(parts, "/")
	if p.Coordinates != "" {
		s += " at " + p.Coordinates
	}
	if p.Network != "" {
		s += " network " + p.Network
	}
	if p.Note != "" {
		s += " (" + p.Note + ")"
	}
	return strings.TrimSpace(s)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
