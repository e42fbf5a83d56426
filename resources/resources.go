// Package resources models the AWS resources a lab pretends exist — load
// balancers with their target groups, CloudFront distributions, S3
// website endpoints, API Gateway domains, Global Accelerator accelerators,
// Elastic Beanstalk environments, VPC interface endpoints — as the
// zones directory's aws-resources file declares them, and answers what
// Route 53 and ELB answer for them: node addresses by target health, and
// the health an alias with EvaluateTargetHealth sees.
// (Contract stub: to be replaced by the implementation.)
package resources

import "net/netip"

// Kind is a resource's type.
type Kind string

// The kinds of resources.
const (
	ApplicationLB     Kind = "application"
	NetworkLB         Kind = "network"
	ClassicLB         Kind = "classic"
	CloudFront        Kind = "cloudfront"
	S3Website         Kind = "s3-website"
	APIGateway        Kind = "apigateway"
	GlobalAccelerator Kind = "globalaccelerator"
	ElasticBeanstalk  Kind = "elasticbeanstalk"
	VPCEndpoint       Kind = "vpc-endpoint"
)

// Health tells whether a health check or a load-balancer target is
// healthy by id (policy.Health and the prober's snapshots satisfy it).
type Health interface {
	Healthy(id string) bool
}

// Set is one loaded resources file: immutable once built, shared by
// every query.
type Set struct{}

// Lookup finds the resource a DNS name (lower-case FQDN, possibly with
// the "dualstack." prefix) names. dualstack reports the prefix.
func (s *Set) Lookup(name string) (r *Resource, dualstack bool, ok bool) { return nil, false, false }

// Resource is one declared resource.
type Resource struct {
	Kind         Kind
	DNSName      string // lower-case FQDN
	Region       string
	HostedZoneID string // the canonical hosted zone id an alias must give
}

// TTL is what Route 53 answers an alias to the resource with (60 s for
// load balancers).
func (r *Resource) TTL() uint32 { return 60 }

// Addresses appends the addresses the resource's name answers for a
// query of qtype (A or AAAA) given target health — for a load balancer,
// the nodes of the AZs ELB keeps in DNS — and returns dst.
func (r *Resource) Addresses(h Health, qtype uint16, dualstack bool, dst []netip.Addr) []netip.Addr {
	return dst
}

// TargetHealth is what an alias with EvaluateTargetHealth sees: healthy,
// and whether Route 53 can evaluate the resource's health at all.
func (r *Resource) TargetHealth(h Health) (healthy, evaluable bool) { return true, false }
