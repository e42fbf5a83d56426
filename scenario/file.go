// Package scenario runs the test cases kept beside a zones directory
// (tests/*.yaml): each case asks one question for one client under a
// chosen health state and checks what comes back — exact values, one of
// several answers, the rcode, the TTL, the ECS scope, or the shares of a
// random policy — on the server's own answer path, offline. It reads the
// files with positions for every error, runs the cases, renders the
// results for people and as JUnit XML, and records snapshot answers back
// into the files.
package scenario

import (
	"net/netip"

	"github.com/miekg/dns"
	"go.yaml.in/yaml/v3"
)

// File is one scenario file: its cases, in order.
type File struct {
	// Path is the file as messages name it.
	Path string
	// Seed seeds the random draws of every case (default 1), so a run
	// repeats exactly.
	Seed  uint64
	Cases []*Case
	text  []byte // the file as read, for --update
}

// Case is one test: a question, a client, a health state and what must
// come back.
type Case struct {
	Name   string
	Line   int // where the case starts in its file
	QName  string
	QType  uint16
	Client Client
	Health Health
	Expect Expect
	// Snapshot cases have their expectation recorded by --update.
	Snapshot bool
	node     *yaml.Node // the case's mapping, for --update
}

// Client is who asks: exactly one of its forms is set.
type Client struct {
	// Prefix is an address (full length: the query's source address) or
	// a subnet (sent as EDNS Client Subnet by a resolver).
	Prefix netip.Prefix
	// A place, resolved to a network of the GeoIP database.
	Country     string // ISO 3166-1 alpha-2
	Subdivision string // "US-TX": country, dash, subdivision code
	Continent   string
	Region      string // an AWS Region: a client with the lowest latency to it
	Coordinates *[2]float64
	// Where the client was written, for errors in resolving it.
	Line, Col int
	Field     string
}

// IsPlace tells whether the client must be resolved through the GeoIP
// database.
func (c *Client) IsPlace() bool { return !c.Prefix.IsValid() }

// Health is the health state a case forces; every other id is healthy.
// The prober keeps load-balancer targets by id like health checks
// ("target/<group>/<ip>:<port>"), so both are forced alike: Unhealthy and
// Healthy take either.
type Health struct {
	Unhealthy, Healthy []ID
	// TargetsDown are targets forced unhealthy, "target/" optional.
	TargetsDown []ID
}

// ID is a health id with where it was written.
type ID struct {
	Value     string
	Line, Col int
	Field     string
	// Target is true for a load-balancer target's id.
	Target bool
}

// Expect is what must come back. Unset parts are not checked.
type Expect struct {
	// Answer holds the exact values, in any order.
	Answer    []string
	HasAnswer bool
	// OneOf holds answers of which one must come back.
	OneOf [][]string
	// Rcode is an rcode name (NOERROR, NXDOMAIN, REFUSED …) or NODATA.
	Rcode string
	TTL   *uint32
	Scope *int
	// Distribution is the shares a random policy must give its answers.
	Distribution *Distribution
	Line         int
}

// IsZero tells whether nothing is expected.
func (e *Expect) IsZero() bool {
	return !e.HasAnswer && e.OneOf == nil && e.Rcode == "" && e.TTL == nil && e.Scope == nil && e.Distribution == nil
}

// Distribution is the expected share of each answer, within Tolerance
// (an absolute share: 0.02 is two percentage points).
type Distribution struct {
	Shares    []Share
	Tolerance float64
	// MaxDraws bounds the lookups; the test stops earlier once it is sure.
	MaxDraws int
}

// Share is one answer's expected share (normalized to sum to 1).
type Share struct {
	Answer string
	Share  float64
}

// TypeName is the case's question type as text.
func (c *Case) TypeName() string { return dns.TypeToString[c.QType] }
