package resolver

import (
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/stretchr/testify/assert"
)

// twoRegions is a policy over the aws fixture's load balancers: failover
// from us-east-1's ALB to eu-west-1's, both evaluating target health, the
// pattern of two regions behind load balancers.
const twoRegions = `{"TrafficPolicy": {"Id": "two-regions", "Version": 1, "Name": "two-regions", "Type": "A", "Document": {
 "AWSPolicyFormatVersion": "2015-10-01", "RecordType": "A", "StartRule": "fo",
 "Endpoints": {
  "use1": {"Type": "application-load-balancer", "Value": "dualstack.alb-use1-111.us-east-1.elb.amazonaws.com"},
  "euw1": {"Type": "application-load-balancer", "Value": "alb-euw1-222.eu-west-1.elb.amazonaws.com"}},
 "Rules": {"fo": {"RuleType": "failover",
  "Primary": {"EndpointReference": "use1", "EvaluateTargetHealth": true},
  "Secondary": {"EndpointReference": "euw1", "EvaluateTargetHealth": true}}}}}}`

// cdn starts at a CloudFront endpoint, whose health Route 53 cannot
// evaluate.
const cdn = `{"TrafficPolicy": {"Id": "cdn", "Version": 1, "Name": "cdn", "Type": "AAAA", "Document": {
 "AWSPolicyFormatVersion": "2023-05-09", "RecordType": "AAAA", "StartEndpoint": "cf",
 "Endpoints": {"cf": {"Type": "cloudfront", "Value": "d111111abcdef8.cloudfront.net"}}}}}`

const twoRegionsInstance = `{"TrafficPolicyInstances": [{"Id": "i-two", "Name": "tp.aws.test.", "TTL": 300, "State": "Applied", "Message": "",
 "TrafficPolicyId": "two-regions", "TrafficPolicyVersion": 1, "TrafficPolicyType": "A"},
 {"Id": "i-cdn", "Name": "cdntp.aws.test.", "TTL": 300, "TrafficPolicyId": "cdn", "TrafficPolicyVersion": 1}]}`

func startFlowAWS(t *testing.T, h *switchable) netip.AddrPort {
	t.Helper()
	files := fixture(t, "aws")
	files["two-regions.traffic-policy.json"] = twoRegions
	files["cdn.traffic-policy.json"] = cdn
	files["traffic-policy-instances.json"] = twoRegionsInstance
	return startHandler(t, NewHandler(loadStore(t, files), nil, WithRouting(answer.Routing{Health: h})))
}

// TestTrafficPolicyLoadBalancerEndpoints: load-balancer endpoints answer
// their nodes (with the load balancer's TTL, as an alias to it does), and
// EvaluateTargetHealth fails over when no target of the primary's is
// healthy.
func TestTrafficPolicyLoadBalancerEndpoints(t *testing.T) {
	h := &switchable{}
	addr := startFlowAWS(t, h)
	use1 := []string{"198.51.100.11", "198.51.100.12"}
	euw1 := []string{"198.51.100.21", "198.51.100.22"}
	assert.Equal(t, use1, addrs(t, ask(t, addr, "tp.aws.test.", dns.TypeA), "tp.aws.test.", 60))
	h.set(use1a, use1b)
	assert.Equal(t, euw1, addrs(t, ask(t, addr, "tp.aws.test.", dns.TypeA), "tp.aws.test.", 60), "no healthy target in us-east-1")
	h.set()
	assert.Equal(t, use1, addrs(t, ask(t, addr, "tp.aws.test.", dns.TypeA), "tp.aws.test.", 60))
}

// TestTrafficPolicyCloudFrontEndpoint: a CloudFront endpoint answers the
// distribution's addresses of the policy's type.
func TestTrafficPolicyCloudFrontEndpoint(t *testing.T) {
	addr := startFlowAWS(t, &switchable{})
	r := ask(t, addr, "cdntp.aws.test.", dns.TypeAAAA)
	assert.Equal(t, []string{"2001:db8:41::1"}, addrs(t, r, "cdntp.aws.test.", 60))
	r = ask(t, addr, "cdntp.aws.test.", dns.TypeA)
	assert.Empty(t, r.Answer, "the policy makes AAAA records only")
}
