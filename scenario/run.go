package scenario

import (
	"fmt"
	"hash/fnv"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/explain"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// Status is how a case ended.
type Status int

// The statuses of a case.
const (
	Pass Status = iota
	Fail
	Skip // needs what the run does not have (a GeoIP database)
	Bad  // bad input found while running: an unknown health id, a place in no network
)

func (s Status) String() string {
	return [...]string{"PASS", "FAIL", "SKIP", "BAD"}[s]
}

// Result is the outcome of one case.
type Result struct {
	File *File
	Case *Case
	Status
	// Problems say what differed from the expectation, one per line.
	Problems []string
	// Err is the bad input of an Error.
	Err *Error
	Got Got
	// Explain is the decision trace of the answer that failed.
	Explain string
	// Draws is how many lookups a distribution needed.
	Draws   int
	Elapsed time.Duration
}

// Runner runs cases against one view of the zones. It is not safe for
// concurrent use: it reuses one Finder, as a server worker does.
type Runner struct {
	View zones.View
	// Locator is the GeoIP database; nil: none (cases with a place skip).
	Locator geo.Locator
	// Places resolves place clients; nil: cases with a place skip.
	Places Places
	// KnownHealth tells whether a health check id exists; nil accepts
	// any. Ids under targets-down are checked by KnownTarget instead.
	KnownHealth, KnownTarget func(id string) bool
	// Updating makes snapshot cases pass: their answers are recorded.
	Updating bool
	finder   answer.Finder
}

// Places turns a place into a client subnet; note says which network
// stands for it.
type Places interface {
	Resolve(c *Client) (client netip.Prefix, note string, err error)
}

// Run runs every case of f in order.
func (r *Runner) Run(f *File) []Result {
	out := make([]Result, 0, len(f.Cases))
	for _, c := range f.Cases {
		out = append(out, r.RunCase(f, c))
	}
	return out
}

// RunCase runs one case.
func (r *Runner) RunCase(f *File, c *Case) Result {
	start := time.Now()
	res := Result{File: f, Case: c}
	r.runCase(&res)
	res.Elapsed = time.Since(start)
	return res
}

func (r *Runner) runCase(res *Result) {
	f, c := res.File, res.Case
	health, err := r.health(f, c)
	if err != nil {
		res.Status, res.Err = Bad, err
		return
	}
	client, note, skip, err := r.client(f, c)
	switch {
	case err != nil:
		res.Status, res.Err = Bad, err
		return
	case skip != "":
		res.Status, res.Problems = Skip, []string{skip}
		return
	}
	routing := &answer.Routing{Health: health, Locator: r.Locator}
	seed := caseSeed(f.Seed, c)
	r.finder.Seed(seed)
	res.Got = r.ask(&r.finder, routing, c, client)
	res.Got.ClientNote = note
	switch {
	case c.Snapshot && r.Updating:
		return
	case c.Snapshot && c.Expect.IsZero():
		res.Problems = []string{"no snapshot recorded yet: run r53d test --update"}
	case c.Expect.Distribution != nil:
		res.Problems, res.Draws = r.distribution(c, routing, client, seed, &res.Got)
	}
	res.Problems = append(res.Problems, check(&c.Expect, &res.Got)...)
	if len(res.Problems) > 0 {
		res.Status = Fail
		ex := r.explain(routing, health, c, client, seed)
		if r.Locator == nil && slices.ContainsFunc(ex.Traces, withoutGeoIP) {
			res.Status, res.Problems = Skip, []string{"the answer depends on where the client is: needs a GeoIP database (--geoip-db)"}
			return
		}
		var b strings.Builder
		if len(health) > 0 {
			b.WriteString(";; Health: " + ex.Health.Summary + "\n")
		}
		if err := ex.WriteWhy(&b); err != nil {
			b.WriteString(err.Error())
		}
		res.Explain = b.String()
	}
}

// caseSeed is the seed of one case's draws: the file's seed mixed with
// the case's question and name, so adding a case leaves the others' draws
// as they were.
func caseSeed(seed uint64, c *Case) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%d", c.Name, c.QName, c.QType)
	return h.Sum64() ^ seed
}

// health is the forced health of a case, its ids checked.
func (r *Runner) health(f *File, c *Case) (forced, *Error) {
	h := forced{}
	set := func(ids []ID, healthy bool) *Error {
		for _, id := range ids {
			known := r.KnownHealth
			what := "health check"
			if id.Target {
				known, what = r.KnownTarget, "load-balancer target"
			}
			if known != nil && !known(id.Value) {
				return &Error{File: f.Path, Line: id.Line, Col: id.Col, Field: id.Field,
					Message: fmt.Sprintf("no %s %q in the zones directory", what, id.Value)}
			}
			h[id.Value] = healthy
		}
		return nil
	}
	for _, step := range []struct {
		ids     []ID
		healthy bool
	}{{c.Health.Healthy, true}, {c.Health.Unhealthy, false}, {c.Health.TargetsDown, false}} {
		if err := set(step.ids, step.healthy); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// forced is a health view: the ids a case forces, every other healthy (as
// a new Route 53 check counts). Health check and target ids alike.
type forced map[string]bool

func (h forced) Healthy(id string) bool {
	if v, ok := h[id]; ok {
		return v
	}
	return true
}

// client is the subnet a case asks from; skip says why it cannot run.
func (r *Runner) client(f *File, c *Case) (client netip.Prefix, note, skip string, err *Error) {
	if !c.Client.IsPlace() {
		return c.Client.Prefix, "", "", nil
	}
	if r.Places == nil || r.Locator == nil {
		return netip.Prefix{}, "", "a client given by place needs a GeoIP database (--geoip-db)", nil
	}
	p, note, e := r.Places.Resolve(&c.Client)
	if e != nil {
		return netip.Prefix{}, "", "", &Error{File: f.Path, Line: c.Client.Line, Col: c.Client.Col, Field: c.Client.Field, Message: e.Error()}
	}
	return p, note, "", nil
}

// Got is what came back for a case.
type Got struct {
	Client     netip.Prefix
	ClientNote string
	Rcode      int
	// Values are the answer's values (see values), sorted.
	Values []string
	TTLs   []uint32
	// Scope is the ECS scope of the reply (for an address client: its
	// length when the answer depended on it, else 0).
	Scope int
}

// ask answers the case's question for client as serve would: a subnet
// shorter than an address comes as EDNS Client Subnet from a resolver on
// this host, a full-length one is the query's source address.
func (r *Runner) ask(f *answer.Finder, routing *answer.Routing, c *Case, client netip.Prefix) Got {
	socket, ecs := client.Addr(), netip.Prefix{}
	if client.Bits() < client.Addr().BitLen() {
		socket, ecs = netip.AddrFrom4([4]byte{127, 0, 0, 1}), client
	}
	who := answer.ClientOf(ecs, socket)
	res := f.Lookup(r.View, routing, answer.Question{Name: c.QName, Type: c.QType}, who)
	g := Got{Client: client, Rcode: res.Rcode, Scope: res.ECSScope(who, client.Bits(), false)}
	g.Values, g.TTLs = values(res.Answer, c.QType)
	return g
}

// rcodeName names an rcode, NODATA for NOERROR without values.
func (g *Got) rcodeName() string {
	if g.Rcode == dns.RcodeSuccess && len(g.Values) == 0 {
		return "NODATA"
	}
	return dns.RcodeToString[g.Rcode]
}

// explain answers the case again with its seed, recording every routing
// decision, and renders it as r53d explain does.
func (r *Runner) explain(routing *answer.Routing, health forced, c *Case, client netip.Prefix, seed uint64) *explain.Explanation {
	who := explain.Client{Socket: client.Addr()}
	if client.Bits() < client.Addr().BitLen() {
		who = explain.Client{Socket: netip.AddrFrom4([4]byte{127, 0, 0, 1}), ECS: client}
	}
	ex := explain.Run(r.View, routing, answer.Question{Name: c.QName, Type: c.QType}, who, seed)
	ex.Health = explain.ForcedHealth(explain.Health{Source: "assumed", Summary: "assumed healthy (r53d test runs offline)"},
		explain.Statuses(health))
	return ex
}

// withoutGeoIP tells whether a decision wanted the client's location and
// had no database to ask.
func withoutGeoIP(tr *policy.Trace) bool {
	if tr.Location != nil && tr.Location.Note == "no GeoIP database" {
		return true
	}
	for _, c := range tr.Candidates {
		if c.Target != nil && withoutGeoIP(c.Target) {
			return true
		}
	}
	return false
}
