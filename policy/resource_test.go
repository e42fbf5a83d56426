package policy

import (
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/resources"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// labSet declares an ALB whose target group holds one target, an ALB
// whose only target group has no registered target, and a CloudFront
// distribution.
func labSet(t testing.TB, alb string) *resources.Set {
	t.Helper()
	set, problems := resources.Parse([]byte(`{"LoadBalancers": [
 {"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab/1",
  "DNSName": "lab-1.us-east-1.elb.amazonaws.com", "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K", "LoadBalancerName": "lab",
  "Type": "application", "IpAddressType": "ipv4",
  "AvailabilityZones": [{"ZoneName": "us-east-1a", "LoadBalancerAddresses": [{"IpAddress": "` + alb + `"}]}]},
 {"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/empty/2",
  "DNSName": "empty-2.us-east-1.elb.amazonaws.com", "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K", "LoadBalancerName": "empty",
  "Type": "application", "IpAddressType": "ipv4",
  "AvailabilityZones": [{"ZoneName": "us-east-1a", "LoadBalancerAddresses": [{"IpAddress": "198.51.100.2"}]}]}],
 "TargetGroups": [
 {"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1", "TargetGroupName": "tg",
  "Protocol": "HTTP", "Port": 80, "LoadBalancerArns": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab/1"],
  "Targets": [{"Id": "10.0.0.1", "Port": 80, "AvailabilityZone": "us-east-1a"}]},
 {"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/none/2", "TargetGroupName": "none",
  "Protocol": "HTTP", "Port": 80, "LoadBalancerArns": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/empty/2"]}],
 "Distributions": [{"Id": "E1", "DomainName": "d1.cloudfront.net", "Addresses": ["203.0.113.1"]}]}`))
	for _, p := range problems {
		require.True(t, p.Warning, "%v", p)
	}
	return set
}

const tgTarget = "target/tg/10.0.0.1:80"

// resourceFailover fails over from primary (an AWS resource name) to a
// static secondary, evaluating target health.
func resourceFailover(t testing.TB, primary string) *Set {
	n := "www." + zone
	return &Set{Name: n, Type: dns.TypeA, Kind: Failover, Records: []Record{
		{SetIdentifier: "primary", Failover: Primary, Alias: &Alias{Target: primary, EvaluateTargetHealth: true, Resource: true}},
		{SetIdentifier: "secondary", Failover: Secondary, RRs: a(t, n, "203.0.113.99")},
	}}
}

func TestResourceAliasHealth(t *testing.T) {
	set := labSet(t, "198.51.100.1")
	tests := []struct {
		name, target string
		down         []string
		want, why    string
	}{
		{"healthy target", "lab-1.us-east-1.elb.amazonaws.com.", nil, "198.51.100.1", "application load balancer in us-east-1 healthy"},
		{"no healthy target", "lab-1.us-east-1.elb.amazonaws.com.", []string{tgTarget}, "203.0.113.99", "target group tg has no healthy target"},
		{"a target group without targets is unhealthy", "empty-2.us-east-1.elb.amazonaws.com.", nil, "203.0.113.99", "target group none has no registered target"},
		{"CloudFront cannot be evaluated: healthy", "d1.cloudfront.net.", nil, "203.0.113.1", "Route 53 cannot evaluate the health of CloudFront distribution, counted healthy"},
		{"undeclared", "gone-9.us-east-1.elb.amazonaws.com.", nil, "203.0.113.99", "not a declared AWS resource"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &Trace{}
			env := &Env{Health: down(tt.down...), Resources: set, Trace: tr, Scratch: &Scratch{}}
			r := Select(resourceFailover(t, tt.target), client("198.51.100.7/32"), env)
			assert.Equal(t, tt.want, joined(r))
			assert.Equal(t, uint32(60), r.RRs[0].Header().Ttl)
			assert.Contains(t, tr.Candidates[0].Health, tt.why)
		})
	}
}

// Without EvaluateTargetHealth a load balancer with no healthy target
// still answers (ELB fails open); without a Scratch the records are made
// anew, owned by the resource's name.
func TestResourceAliasWithoutEvaluateTargetHealth(t *testing.T) {
	set := resourceFailover(t, "dualstack.lab-1.us-east-1.elb.amazonaws.com.")
	set.Records[0].Alias.EvaluateTargetHealth = false
	r := Select(set, client("198.51.100.7/32"), &Env{Health: down(tgTarget), Resources: labSet(t, "198.51.100.1")})
	require.Len(t, r.RRs, 1)
	assert.Equal(t, "lab-1.us-east-1.elb.amazonaws.com.\t60\tIN\tA\t198.51.100.1", r.RRs[0].String())
	set.Type = dns.TypeAAAA
	r = Select(set, client("198.51.100.7/32"), &Env{Resources: labSet(t, "198.51.100.1")})
	assert.Equal(t, "203.0.113.99", strings.Fields(r.RRs[0].String())[4], "an IPv4 load balancer has no AAAA: the alias leads nowhere")
}

// A worker's cached records follow a reloaded resources file.
func TestResourceRecordsFollowAReload(t *testing.T) {
	sc := &Scratch{}
	set := resourceFailover(t, "lab-1.us-east-1.elb.amazonaws.com.")
	r := Select(set, client("198.51.100.7/32"), &Env{Resources: labSet(t, "198.51.100.1"), Scratch: sc})
	assert.Equal(t, "198.51.100.1", joined(r))
	r = Select(set, client("198.51.100.7/32"), &Env{Resources: labSet(t, "198.51.100.5"), Scratch: sc})
	assert.Equal(t, "198.51.100.5", joined(r))
}
