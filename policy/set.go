// Package policy chooses the records of a Route 53 record-set group for one
// client: simple, weighted, latency, failover, geolocation, geoproximity,
// multivalue and IP-based routing, with aliases inside the zone. Selection is
// pure: health, randomness, location and alias targets arrive through Env.
package policy

import (
	"net/netip"
	"strconv"

	"github.com/miekg/dns"
)

// Kind is a routing policy.
type Kind uint8

// The routing policies of Route 53 (docs/routing.md).
const (
	Simple Kind = iota
	Weighted
	Latency
	Failover
	Geolocation
	Geoproximity
	Multivalue
	IPBased
)

// NumKinds is the number of routing policies: Kind values run from 0 to
// NumKinds-1.
const NumKinds = int(IPBased) + 1

// kindNames is the one table of policy names, keyed by Kind: how traces
// write a policy, how Route 53's error messages do, and the Prometheus
// label value.
var kindNames = [NumKinds]struct{ name, route53, label string }{
	Simple:       {"simple", "simple", "simple"},
	Weighted:     {"weighted", "weighted", "weighted"},
	Latency:      {"latency", "latency", "latency"},
	Failover:     {"failover", "failover", "failover"},
	Geolocation:  {"geolocation", "geolocation", "geolocation"},
	Geoproximity: {"geoproximity", "geoproximity", "geoproximity"},
	Multivalue:   {"multivalue", "multivalue answer", "multivalue"},
	IPBased:      {"IP-based", "IP-based", "ip_based"},
}

// String returns the policy's name as traces write it ("IP-based").
func (k Kind) String() string {
	if int(k) < NumKinds {
		return kindNames[k].name
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Route53Name returns the policy's name as Route 53's error messages write
// it ("multivalue answer").
func (k Kind) Route53Name() string {
	if int(k) < NumKinds {
		return kindNames[k].route53
	}
	return k.String()
}

// Label returns the policy's name as a Prometheus label value
// ("ip_based").
func (k Kind) Label() string {
	if int(k) < NumKinds {
		return kindNames[k].label
	}
	return "kind_" + strconv.Itoa(int(k))
}

// Set is one group: every record set with the same name and type. Sets are
// immutable once built; Select never modifies them.
type Set struct {
	Name    string // lower-case FQDN
	Type    uint16
	Kind    Kind
	Records []Record
	// Collection is the CIDR collection id shared by an IP-based group.
	Collection string
	// Flow is set on the group of a traffic-policy record: its aliases
	// lead to the rules of the Flow, not to names of the zone.
	Flow *Flow
}

// Record is one record set of a group (one SetIdentifier).
type Record struct {
	SetIdentifier string
	HealthCheckID string // "" = no health check
	// RRs are the values of a non-alias record: owner = the set's name,
	// TTL = the record's TTL. Callers must not modify them.
	RRs   []dns.RR
	Alias *Alias // non-nil for an alias record (then RRs is empty)

	Weight       int          // Weighted: 0..255
	Region       string       // Latency: AWS region code
	Geo          GeoLocation  // Geolocation
	Failover     FailoverRole // Failover
	CIDRLocation string       // IPBased: location name, "*" = default
	Proximity    Proximity    // Geoproximity
}

// Alias points at another group of the same zone and type, or at an AWS
// resource outside the zone.
type Alias struct {
	Target               string // lower-case FQDN
	EvaluateTargetHealth bool
	// Resource is true when Target lies outside the zone: an AWS resource
	// found through Env.Resources at query time.
	Resource bool
	// Bucket, for an alias to a region's S3 website endpoint, is the
	// website name of the bucket named like the alias
	// (<bucket>.<endpoint>): S3 serves that bucket, so it answers first;
	// the endpoint (every bucket of the region) answers when no such
	// bucket is declared.
	Bucket string
}

// GeoLocation is a geolocation record's location; Country "*" is the default.
type GeoLocation struct {
	Continent   string
	Country     string
	Subdivision string
}

// FailoverRole is PRIMARY or SECONDARY.
type FailoverRole uint8

// Failover roles.
const (
	Primary FailoverRole = iota + 1
	Secondary
)

// Proximity is a geoproximity record's location, resolved to coordinates
// when the set was built, with its bias (-99..99).
type Proximity struct {
	Source    string // "us-east-1", "us-east-1-bos-1", or "47.61,-122.33": for traces
	Latitude  float64
	Longitude float64
	Bias      int
}

// Client is who asks: the ECS subnet when usable, else the socket address
// with a full-length prefix.
type Client struct {
	Subnet  netip.Prefix
	FromECS bool
}
