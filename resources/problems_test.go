package resources

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// alb is a valid application load balancer in us-east-1 as YAML list
// item lines, with extra appended inside it.
func alb(extra string) string {
	return `LoadBalancers:
  - LoadBalancerName: web
    DNSName: web-1.us-east-1.elb.amazonaws.com
    AvailabilityZones:
      - ZoneName: us-east-1a
        LoadBalancerAddresses: [{IpAddress: 192.0.2.1}]
` + extra
}

// TestProblems: each problem is placed at its line and named by its
// field, in ELB's and Route 53's words; the set is nil on any error.
func TestProblems(t *testing.T) {
	tg := func(fields string) string {
		return alb("TargetGroups:\n  - TargetGroupName: g\n    Port: 80\n    LoadBalancerArns: [web]\n" + fields)
	}
	for _, tc := range []struct {
		name, doc string
		line      int
		field     string
		msg       string
	}{
		{"zone id mismatch", alb("    CanonicalHostedZoneId: Z26RNL4JYFTOTI\n"), 7, "LoadBalancers[0].CanonicalHostedZoneId",
			"Z26RNL4JYFTOTI is not the canonical hosted zone id of application load balancers in us-east-1, which is Z35SXDOTRQ7X7K"},
		{"classic zone id mismatch", "LoadBalancerDescriptions:\n  - LoadBalancerName: c\n    DNSName: c-1.eu-west-1.elb.amazonaws.com\n    CanonicalHostedZoneNameID: Z35SXDOTRQ7X7K\n",
			4, "LoadBalancerDescriptions[0].CanonicalHostedZoneNameID", "not the canonical hosted zone id of classic load balancers in eu-west-1, which is Z32O12XQLNTSW2"},
		{"type against name", alb("    Type: network\n"), 3, "LoadBalancers[0].DNSName", "is the DNS name of an application or classic load balancer, but Type is network"},
		{"unknown type", alb("    Type: magic\n"), 7, "LoadBalancers[0].Type", `"magic" is not a load balancer type`},
		{"regions disagree", alb("    LoadBalancerArn: arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/1\n"), 2, "LoadBalancers[0]", "the file says region eu-west-1 in one place and us-east-1 in another"},
		{"no region", "LoadBalancers:\n  - LoadBalancerName: x\n    DNSName: lb.lab.test\n", 2, "LoadBalancers[0]", "cannot tell the region"},
		{"unknown region", "LoadBalancers:\n  - LoadBalancerName: x\n    DNSName: lb.lab.test\n    Region: mars-north-1\n", 4, "LoadBalancers[0]", `unknown region "mars-north-1"`},
		{"no node address", "LoadBalancers:\n  - LoadBalancerName: web\n    DNSName: web-1.us-east-1.elb.amazonaws.com\n    AvailabilityZones:\n      - ZoneName: us-east-1a\n",
			5, "LoadBalancers[0].AvailabilityZones[0].LoadBalancerAddresses", "needs the IpAddress of the zone's node"},
		{"ipv6 without dualstack", "LoadBalancers:\n  - LoadBalancerName: web\n    DNSName: web-1.us-east-1.elb.amazonaws.com\n    AvailabilityZones:\n      - ZoneName: us-east-1a\n        LoadBalancerAddresses: [{IpAddress: 192.0.2.1, IPv6Address: \"2001:db8::1\"}]\n",
			5, "LoadBalancers[0].AvailabilityZones[0].LoadBalancerAddresses", "IpAddressType is not dualstack"},
		{"zone of another region", "LoadBalancers:\n  - LoadBalancerName: web\n    DNSName: web-1.us-east-1.elb.amazonaws.com\n    AvailabilityZones:\n      - ZoneName: eu-west-1a\n        LoadBalancerAddresses: [{IpAddress: 192.0.2.1}]\n",
			5, "LoadBalancers[0].AvailabilityZones[0].ZoneName", `"eu-west-1a" is not a new Availability Zone of us-east-1`},
		{"alb cross-zone off", alb("    CrossZoneLoadBalancing: false\n"), 7, "LoadBalancers[0].CrossZoneLoadBalancing", "always on for application load balancers"},
		{"duplicate name", alb("  - LoadBalancerName: web2\n    DNSName: WEB-1.us-east-1.elb.amazonaws.com.\n"), 8, "LoadBalancers[1].DNSName",
			`web-1.us-east-1.elb.amazonaws.com. is already the name of application "web" (line 2)`},
		{"bad address type", alb("    IpAddressType: ipv6\n"), 7, "LoadBalancers[0].IpAddressType", `"ipv6" is not an IP address type`},
		{"type error", alb("    Scheme: [1]\n"), 7, "LoadBalancers[0]", "cannot unmarshal !!seq into string"},
		{"unknown list", "LoadBalancer: []\n", 1, "LoadBalancer", "unknown list; a resources file has LoadBalancers, "},
		{"not a list", "Distributions: {}\n", 1, "Distributions", "expected a list"},
		{"not an object", "- 1\n", 1, "", "expected an object of lists"},
		{"tg unknown lb", strings.Replace(tg(""), "[web]", "[nope]", 1), 10, "TargetGroups[0].LoadBalancerArns[0]", `load balancer "nope" is not declared in LoadBalancers`},
		{"tg protocol", tg("    Protocol: TCP\n"), 11, "TargetGroups[0].Protocol", "TCP is not allowed with application load balancers (HTTP, HTTPS)"},
		{"tg hc protocol", tg("    HealthCheckProtocol: TCP\n"), 11, "TargetGroups[0].HealthCheckProtocol", "TCP is not allowed with application load balancers"},
		{"tg interval", tg("    HealthCheckIntervalSeconds: 301\n"), 11, "TargetGroups[0].HealthCheckIntervalSeconds", "must be 5 to 300, not 301"},
		{"tg timeout", tg("    HealthCheckIntervalSeconds: 5\n    HealthCheckTimeoutSeconds: 5\n"), 12, "TargetGroups[0].HealthCheckTimeoutSeconds", "the timeout (5 s) must be smaller than the interval (5 s)"},
		{"tg threshold", tg("    HealthyThresholdCount: 1\n"), 11, "TargetGroups[0].HealthyThresholdCount", "must be 2 to 10, not 1"},
		{"tg matcher", tg("    Matcher: {HttpCode: \"200-600\"}\n"), 11, "TargetGroups[0].Matcher.HttpCode", "600 is outside 200-499 (application load balancers accept 200-499)"},
		{"tg hc port", tg("    HealthCheckPort: eighty\n"), 11, "TargetGroups[0].HealthCheckPort", `"eighty" is not a port`},
		{"tg path", tg("    HealthCheckPath: health\n"), 11, "TargetGroups[0].HealthCheckPath", `"health" must start with /`},
		{"tg delay", tg("    DeregistrationDelay: 3601\n"), 11, "TargetGroups[0].DeregistrationDelay", "must be 0 to 3600 seconds, not 3601"},
		{"target id", tg("    Targets: [{Id: i-0abc}]\n"), 11, "TargetGroups[0].Targets[0].Id", `"i-0abc" is not an IP address`},
		{"target twice", tg("    Targets: [{Id: 10.0.0.1}, {Id: 10.0.0.1, Port: 80}]\n"), 11, "TargetGroups[0].Targets[1]", "target 10.0.0.1:80 is registered twice"},
		{"target port", "TargetGroups:\n  - TargetGroupName: g\n    Targets:\n      - Id: 10.0.0.1\n", 4, "TargetGroups[0].Targets[0].Port", "needs a port"},
		{"group name twice", tg("  - TargetGroupName: g\n    Port: 80\n"), 11, "TargetGroups[1].TargetGroupName", `"g" is already the name of a target group or classic load balancer (line 8)`},
		{"classic health check", "LoadBalancerDescriptions:\n  - LoadBalancerName: c\n    DNSName: c-1.us-east-1.elb.amazonaws.com\n    HealthCheck: {Target: \"UDP:53\"}\n",
			4, "LoadBalancerDescriptions[0].HealthCheck.Target", "the protocol is HTTP, HTTPS, TCP or SSL"},
		{"no addresses", "Distributions:\n  - Id: E1\n    DomainName: d1.cloudfront.net\n", 2, "Distributions[0].Addresses", "is required"},
		{"bad address", "Distributions:\n  - Id: E1\n    DomainName: d1.cloudfront.net\n    Addresses: [192.0.2.300]\n", 4, "Distributions[0].Addresses[0]", `"192.0.2.300" is not an IPv4 or IPv6 address`},
		{"bad name", "Distributions:\n  - Id: E1\n    DomainName: \"a..b\"\n    Addresses: [192.0.2.1]\n", 3, "Distributions[0].DomainName", `"a..b" is not a DNS name`},
		{"dualstack name", "Distributions:\n  - Id: E1\n    DomainName: dualstack.d1.cloudfront.net\n    Addresses: [192.0.2.1]\n", 3, "Distributions[0].DomainName", "without the dualstack. prefix"},
		{"api zone id", "ApiGatewayDomains:\n  - DomainName: api.example.com\n    DomainNameConfigurations:\n      - ApiGatewayDomainName: d-1.execute-api.us-east-1.amazonaws.com\n        HostedZoneId: Z2FDTNDATAQYW2\n    Addresses: [192.0.2.1]\n",
			5, "ApiGatewayDomains[0].DomainNameConfigurations[0].HostedZoneId", "not the canonical hosted zone id of regional API Gateway domains in us-east-1, which is Z1UJRXOUMOOFQ8"},
		{"s3 region", "S3Websites:\n  - Name: b\n    Addresses: [192.0.2.1]\n", 2, "S3Websites[0]", "cannot tell the region"},
		{"vpce entries", "VpcEndpoints:\n  - VpcEndpointId: vpce-1\n", 2, "VpcEndpoints[0].DnsEntries", "is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, problems := Parse([]byte(tc.doc))
			assert.Nil(t, set)
			var got []string
			for _, p := range problems {
				got = append(got, fmt.Sprintf("%d %s", p.Line, p.Error()))
				if p.Line == tc.line && p.Field == tc.field && strings.Contains(p.Message, tc.msg) && !p.Warning {
					return
				}
			}
			t.Errorf("want line %d %s: %s\ngot %q", tc.line, tc.field, tc.msg, got)
		})
	}
}

// TestWarnings: what AWS would take but r53d cannot use is a warning,
// and the set loads.
func TestWarnings(t *testing.T) {
	set, problems := Parse([]byte(alb("    Type: gateway\n") + "TargetGroups:\n  - {TargetGroupName: lonely, Protocol: HTTP, Port: 80, Targets: [{Id: 10.0.0.1}]}\n" +
		"BeanstalkEnvironments:\n  - {EnvironmentName: old, CNAME: old.elasticbeanstalk.com, Region: us-east-1, Addresses: [192.0.2.9]}\n"))
	if assert.NotNil(t, set) && assert.Len(t, problems, 3) {
		assert.Contains(t, problems[0].Message, "gateway load balancer \"web\" has no DNS name Route 53 can alias to")
		assert.Contains(t, problems[1].Message, `target group "lonely" is used by no load balancer`)
		assert.Contains(t, problems[2].Message, "Route 53 aliases only to an environment's regionalized name")
		assert.Equal(t, "Target.NotInUse", set.TargetGroups()[0].Targets[0].Unused)
	}
}

// TestEmpty: an empty file, or one of empty lists, is an empty set.
func TestEmpty(t *testing.T) {
	for _, doc := range []string{"", "{}", "LoadBalancers: []\nTargetGroups:\n"} {
		set, problems := Parse([]byte(doc))
		assert.Empty(t, problems, doc)
		if assert.NotNil(t, set, doc) {
			assert.Zero(t, set.Len())
		}
	}
	var none *Set
	_, _, ok := none.Lookup("x.")
	assert.False(t, ok)
	assert.Empty(t, none.TargetChecks())
}
