// Package resources models the AWS resources a lab pretends exist — load
// balancers with their target groups, CloudFront distributions, S3
// website endpoints, API Gateway domains, Global Accelerator accelerators,
// Elastic Beanstalk environments, VPC interface endpoints — as the
// zones directory's aws-resources file declares them, and answers what
// Route 53 and ELB answer for them: node addresses by target health, and
// the health an alias with EvaluateTargetHealth sees.
package resources

import (
	"net/netip"
	"strings"
)

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

// IsLoadBalancer tells whether k is one of ELB's load balancers.
func (k Kind) IsLoadBalancer() bool {
	return k == ApplicationLB || k == NetworkLB || k == ClassicLB
}

// Health tells whether a health check or a load-balancer target is
// healthy by id (policy.Health and the prober's snapshots satisfy it).
// An id it does not know is healthy.
type Health interface {
	Healthy(id string) bool
}

// Set is one loaded resources file: immutable once built, shared by
// every query. The zero value and nil are an empty set.
type Set struct {
	names     map[string]entry // lower-case FQDN, without "dualstack."
	resources []*Resource      // in declaration order
	groups    []*TargetGroup   // every target group, a classic LB's instances included
}

// entry is what one DNS name names.
type entry struct {
	r *Resource
	// dual marks a name that answers both families by itself (a Global
	// Accelerator's DualStackDnsName).
	dual bool
}

// Lookup finds the resource a DNS name (lower-case FQDN, possibly with
// the "dualstack." prefix) names. dualstack reports the prefix (or a
// Global Accelerator's dual-stack name). The prefix is accepted on every
// ELB name: AWS documents it for application and classic load balancers,
// and tools (the console, CDK) put it on network load balancers too.
func (s *Set) Lookup(name string) (r *Resource, dualstack bool, ok bool) {
	if s == nil {
		return nil, false, false
	}
	if hasUpper(name) {
		name = strings.ToLower(name)
	}
	if e, ok := s.names[name]; ok {
		return e.r, e.dual, true
	}
	if rest, ok := strings.CutPrefix(name, "dualstack."); ok {
		if e, ok := s.names[rest]; ok && e.r.Kind.IsLoadBalancer() {
			return e.r, true, true
		}
	}
	return nil, false, false
}

func hasUpper(s string) bool {
	for i := range len(s) {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// Resources lists every declared resource in the order of the file
// (load balancers first). Callers must not modify them.
func (s *Set) Resources() []*Resource {
	if s == nil {
		return nil
	}
	return s.resources
}

// TargetGroups lists every target group, a classic load balancer's
// instances as one group named after it. Callers must not modify them.
func (s *Set) TargetGroups() []*TargetGroup {
	if s == nil {
		return nil
	}
	return s.groups
}

// Len is the number of declared resources.
func (s *Set) Len() int { return len(s.Resources()) }

// Resource is one declared resource.
type Resource struct {
	Kind         Kind
	DNSName      string // lower-case FQDN
	Region       string // "" for global services (CloudFront, Global Accelerator)
	HostedZoneID string // the canonical hosted zone id an alias must give
	// Name is what AWS names it by: LoadBalancerName, a distribution's
	// Id, a bucket, an environment's or accelerator's name, an endpoint's
	// id, a custom domain name.
	Name string
	ARN  string
	// Line is where the file declares it.
	Line int

	// Load balancers only.
	Scheme       string // internet-facing or internal
	DualStack    bool   // IpAddressType dualstack: the nodes answer AAAA too
	CrossZone    bool   // cross-zone load balancing (always on for an ALB)
	AZs          []AZ   // the enabled Availability Zones and their nodes
	TargetGroups []*TargetGroup

	// Buckets are the buckets declared on an S3 regional website
	// endpoint (an alias to it must be named like one of them).
	Buckets []string

	addrs []netip.Addr // a resource that is not a load balancer
	via   *Resource    // an Elastic Beanstalk environment's load balancer
}

// AZ is one Availability Zone of a load balancer with its nodes'
// addresses (IPv4, and IPv6 for dual stack).
type AZ struct {
	Name  string
	Addrs []netip.Addr
}

// LoadBalancer is the load balancer in front of an Elastic Beanstalk
// environment, nil for a single-instance one and for other kinds.
func (r *Resource) LoadBalancer() *Resource { return r.via }

// TTL is what Route 53 answers an alias to the resource with: 60 s for
// load balancers (documented) and S3 website endpoints (Route 53's FAQ).
// For CloudFront, API Gateway, Global Accelerator, VPC endpoints and
// Elastic Beanstalk AWS documents no value; 60 s is what is observed.
func (r *Resource) TTL() uint32 { return 60 }
