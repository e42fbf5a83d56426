package zones

import (
	"slices"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/resources"
)

// checkResourceAlias applies Route 53's rules to an alias whose target is
// outside the zone: an AWS resource. It marks the alias so queries find
// the target among the resources. A declared resource gives the kind and
// canonical hosted zone id; an undeclared one loads with a warning, and
// its name, when its shape shows the kind and region, still gives them.
func (b *builder) checkResourceAlias(p *positioned, name string, alias *policy.Alias, t uint16, side *Refs) {
	alias.Resource = true
	target := alias.Target
	var kind resources.Kind
	var zoneID string
	var r *resources.Resource
	if side != nil && side.Resources != nil {
		r, _, _ = side.Resources.Lookup(target)
	}
	if r != nil {
		kind, zoneID = r.Kind, r.HostedZoneID
	} else {
		var known bool
		kind, zoneID, known = shapeOf(target)
		b.diags = append(b.diags, Diagnostic{File: p.file, Line: p.lineOf("AliasTarget.DNSName"), Col: 1, Rule: "alias", Warning: true,
			Message: p.ident() + ": alias target " + target + " is outside zone " + b.origin +
				" and is not a declared AWS resource: r53d answers it with no records; " + howToDeclare(kind, known)})
	}
	given := strings.TrimPrefix(p.AliasTarget.HostedZoneID, "/hostedzone/")
	if zoneID != "" && !strings.EqualFold(given, zoneID) {
		b.recordSays(p, "AliasTarget.HostedZoneId", "alias", "Tried to create an alias that targets %s, type %s in zone %s, but the alias target name does not lie within the target zone", target, dns.TypeToString[t], given)
	}
	if kind == "" {
		return
	}
	if types, ok := aliasTypes[kind]; ok && !strings.Contains(types, " "+dns.TypeToString[t]+" ") {
		b.recordErr(p, "Type", "alias", "an alias to %s can only be of type%s, not %s", kindName(kind), strings.TrimSuffix(types, " "), dns.TypeToString[t])
	}
	if kind == resources.S3Website && (r == nil || len(r.Buckets) > 0) {
		// A region's website endpoint: S3 serves the bucket named like
		// the alias, so that bucket's addresses answer when declared.
		alias.Bucket = strings.ToLower(name) + target
	}
	if bucket := strings.TrimSuffix(name, "."); r != nil && r.Kind == resources.S3Website && r.DNSName == target &&
		len(r.Buckets) > 0 && !slices.Contains(r.Buckets, bucket) {
		// An S3 website alias must be named like its bucket: S3 finds the
		// bucket by the Host the browser sends.
		b.diags = append(b.diags, Diagnostic{File: p.file, Line: p.lineOf("Name"), Col: 1, Rule: "alias", Warning: true,
			Message: p.ident() + ": no bucket " + bucket + " is declared on " + strings.TrimSuffix(target, ".") +
				" (S3Websites): an alias to an S3 website endpoint must be named like its bucket"})
	}
	if kind == resources.CloudFront && alias.EvaluateTargetHealth {
		// Route 53 documents "You can't set EvaluateTargetHealth to true
		// when the alias target is a CloudFront distribution"; zones that
		// set it load in Route 53 all the same, so r53d warns and, as
		// Route 53 cannot evaluate a distribution's health, counts it
		// healthy.
		b.diags = append(b.diags, Diagnostic{File: p.file, Line: p.lineOf("AliasTarget.EvaluateTargetHealth"), Col: 1, Rule: "alias", Warning: true,
			Message: p.ident() + ": EvaluateTargetHealth cannot be true when the alias target is a CloudFront distribution; r53d counts the distribution healthy"})
	}
}

// aliasTypes are the record types an alias to each kind may have (the
// form " A AAAA ").
var aliasTypes = map[resources.Kind]string{
	resources.ApplicationLB:     " A AAAA ",
	resources.NetworkLB:         " A AAAA ",
	resources.ClassicLB:         " A AAAA ",
	resources.CloudFront:        " A AAAA ",
	resources.GlobalAccelerator: " A AAAA ",
	resources.S3Website:         " A ",
	resources.APIGateway:        " A ",
	resources.VPCEndpoint:       " A ",
	resources.ElasticBeanstalk:  " A ",
}

// declareFields are the members of the resources file that declare each
// kind.
var declareFields = map[resources.Kind]string{
	resources.ApplicationLB:     "LoadBalancers",
	resources.NetworkLB:         "LoadBalancers",
	resources.ClassicLB:         "LoadBalancerDescriptions",
	resources.CloudFront:        "Distributions",
	resources.S3Website:         "S3Websites",
	resources.APIGateway:        "ApiGatewayDomains",
	resources.GlobalAccelerator: "Accelerators",
	resources.ElasticBeanstalk:  "BeanstalkEnvironments",
	resources.VPCEndpoint:       "VpcEndpoints",
}

// howToDeclare tells where in the resources file a resource of kind is
// declared, or lists the places when the kind is unknown.
func howToDeclare(kind resources.Kind, known bool) string {
	if f, ok := declareFields[kind]; known && ok {
		s := "declare " + kindName(kind) + " like it in aws-resources.json (or .yaml) under " + f
		if kind == resources.ApplicationLB {
			// Application and classic load balancers share their names' shape.
			s += " (a Classic Load Balancer under LoadBalancerDescriptions)"
		}
		return s
	}
	return "declare it in aws-resources.json (or .yaml) under LoadBalancers, LoadBalancerDescriptions, Distributions, S3Websites, ApiGatewayDomains, Accelerators, BeanstalkEnvironments or VpcEndpoints"
}

// kindName names a kind in messages.
func kindName(k resources.Kind) string {
	switch k {
	case resources.ApplicationLB:
		return "an Application Load Balancer"
	case resources.NetworkLB:
		return "a Network Load Balancer"
	case resources.ClassicLB:
		return "a Classic Load Balancer"
	case resources.CloudFront:
		return "a CloudFront distribution"
	case resources.S3Website:
		return "an S3 website endpoint"
	case resources.APIGateway:
		return "an API Gateway domain"
	case resources.GlobalAccelerator:
		return "a Global Accelerator"
	case resources.ElasticBeanstalk:
		return "an Elastic Beanstalk environment"
	case resources.VPCEndpoint:
		return "a VPC endpoint"
	}
	return "an AWS resource"
}

// shapeOf reads the kind and canonical hosted zone id of an undeclared
// target from the shape of its name, when the name shows them.
func shapeOf(name string) (kind resources.Kind, zoneID string, known bool) {
	kind, region, ok := resources.Guess(name)
	if !ok {
		return "", "", false
	}
	zoneID, _ = resources.CanonicalHostedZoneID(kind, region)
	return kind, zoneID, true
}
