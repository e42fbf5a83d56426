package answer

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/internal/testzones"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// fixture reads the files of testdata/lookup/<name> (file name → text),
// the zones the resolver's wire tests serve too.
func fixture(t testing.TB, name string) map[string]string {
	t.Helper()
	return testzones.Fixture(t, name)
}

// loadView publishes the zone texts (file name → text) and returns the view.
func loadView(t testing.TB, files map[string]string) zones.View {
	t.Helper()
	return testzones.Store(t, files).View()
}

// socket is the address of the resolver that asks; zeroPrefix is no ECS.
var (
	socket     = netip.MustParseAddr("127.0.0.1")
	zeroPrefix netip.Prefix
)

// ask looks up name and type for the socket client, over UDP unless tcp.
func ask(f *Finder, view zones.View, routing *Routing, name string, qtype uint16, tcp bool) *Result {
	return lookup(f, view, routing, Question{Name: name, Type: qtype, TCP: tcp}, ClientOf(netip.Prefix{}, socket))
}

// lookup is f.Lookup with the result's records carrying their owner names
// (Result.Records), so tests read sections as a client would.
func lookup(f *Finder, view zones.View, routing *Routing, q Question, client policy.Client) *Result {
	r := *f.Lookup(view, routing, q, client)
	r.Answer, r.Additional = r.Records()
	r.AnswerOwners, r.AdditionalOwners = nil, nil
	return &r
}

// rrStrings renders records as sorted text with lower-case owners, so
// sections compare regardless of order and case (RFC 4343).
func rrStrings(rrs []dns.RR) []string {
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		name := rr.Header().Name
		out = append(out, strings.ToLower(name)+rr.String()[len(name):])
	}
	slices.Sort(out)
	return out
}

// zoneText parses records written as zone text into rrStrings' form.
func zoneText(t testing.TB, lines ...string) []string {
	t.Helper()
	return rrStrings(testzones.RRs(t, lines...))
}
