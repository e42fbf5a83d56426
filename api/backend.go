package api

import (
	"log/slog"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/api/iam"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// Backend is what the API reads and changes: the store of record and the
// zones directory behind it (config.Dir). Every method that changes
// something has changed the directory's files and published the result to
// the store, so DNS answers it, when it returns. Errors a client should
// see are *zones.Fault; any other error is an internal one.
type Backend interface {
	// Hosted zones.
	CreateHostedZone(in CreateZoneInput) (HostedZone, zones.ChangeInfo, error)
	HostedZone(id string) (HostedZone, error)
	// HostedZones lists zones from the one with id marker ("" for the
	// first); next is the id of the first zone of the next page, "" at the
	// end.
	HostedZones(marker string, limit int) (page []HostedZone, next string, err error)
	// HostedZonesByName lists zones in Route 53's name order from dnsname
	// (and id, among zones of one name); the next page starts at
	// nextName/nextID ("" at the end).
	HostedZonesByName(dnsname, id string, limit int) (page []HostedZone, nextName, nextID string, err error)
	HostedZoneCount() (int, error)
	DeleteHostedZone(id string) (zones.ChangeInfo, error)
	UpdateHostedZoneComment(id, comment string) (HostedZone, error)

	// Record sets.
	ChangeResourceRecordSets(zoneID, comment string, changes []zones.RecordChange) (zones.ChangeInfo, error)
	// ResourceRecordSets lists from the start position from (zero: the
	// first set); next is the first set of the next page, nil at the end.
	ResourceRecordSets(zoneID string, from RecordSetStart, limit int) (page []zones.ResourceRecordSet, next *RecordSetStart, err error)
	Change(id string) (zones.ChangeInfo, error)

	// Health checks.
	CreateHealthCheck(callerRef string, cfg healthcheck.Config) (check healthcheck.Check, created bool, err error)
	HealthCheck(id string) (healthcheck.Check, error)
	HealthChecks(marker string, limit int) (page []healthcheck.Check, next string, err error)
	HealthCheckCount() (int, error)
	UpdateHealthCheck(id string, u HealthCheckUpdate) (healthcheck.Check, error)
	DeleteHealthCheck(id string) error

	// CIDR collections.
	CreateCIDRCollection(name, callerRef string) (CIDRCollection, error)
	CIDRCollections() ([]CIDRCollection, error)
	// CIDRCollection returns a collection with its locations and blocks.
	CIDRCollection(id string) (CIDRCollection, policy.CIDRCollection, error)
	ChangeCIDRCollection(id string, version *int64, changes []CIDRChange) (zones.ChangeInfo, error)
	DeleteCIDRCollection(id string) error

	// Tags of hosted zones ("hostedzone") and health checks ("healthcheck").
	ChangeTags(resourceType, id string, add []zones.Tag, remove []string) error
	Tags(resourceType, id string) ([]zones.Tag, error)
}

// The request and response shapes live in package zones, so that
// config.Dir can implement Backend without importing this package.
type (
	CreateZoneInput   = zones.CreateZoneInput
	HostedZone        = zones.HostedZoneInfo
	RecordSetStart    = zones.RecordSetStart
	HealthCheckUpdate = zones.HealthCheckUpdate
	CIDRCollection    = zones.CIDRCollection
	CIDRChange        = zones.CIDRChange
)

// Options configure the API.
type Options struct {
	Backend Backend
	// Store, Routing and Monitor answer TestDNSAnswer through the
	// server's own answer path with live health; Monitor also answers
	// GetHealthCheckStatus and GetHealthCheckLastFailureReason.
	Store   *zones.Store
	Routing answer.Routing
	Monitor *healthcheck.Monitor
	// IAM, when set, authenticates every request with SigV4 and
	// authorizes it with the users' policies. Without it any request,
	// signed or not, is accepted (cmd allows that on loopback only).
	IAM *iam.Directory
	// Regions allowed in signatures' credential scope; empty: any.
	Regions []string
	// NameServer is the name TestDNSAnswer reports as the one answering.
	NameServer string
	// ResolverIP is the client TestDNSAnswer answers when a request
	// names none; invalid (zero): DefaultResolverIP.
	ResolverIP netip.Addr
	Log        *slog.Logger
	Registry   prometheus.Registerer
	Now        func() time.Time // nil: time.Now
}

// Contract (to be implemented): New(Options) (*Server, error), and
// (*Server).Routes(mux *http.ServeMux) mounts every operation under
// /2013-04-01/ on the admin server's mux.
