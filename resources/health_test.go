package resources

import (
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// down is a Health where the listed ids are unhealthy and every other
// one healthy, as the prober's snapshot answers.
type down map[string]bool

func (d down) Healthy(id string) bool { return !d[id] }

func downOf(ids ...string) down {
	d := down{}
	for _, id := range ids {
		d[id] = true
	}
	return d
}

// nlbs: n has two zones and two groups with a target in each zone; x is
// the same with cross-zone load balancing on; e has one empty group;
// bare has no group at all.
const nlbs = `
LoadBalancers:
  - {LoadBalancerName: n, Type: network, DNSName: n-1.elb.us-east-1.amazonaws.com, AvailabilityZones: &zones [
      {ZoneName: us-east-1a, LoadBalancerAddresses: [{IpAddress: 192.0.2.1}]},
      {ZoneName: us-east-1b, LoadBalancerAddresses: [{IpAddress: 192.0.2.2}]}]}
  - {LoadBalancerName: x, Type: network, CrossZoneLoadBalancing: true, DNSName: x-1.elb.us-east-1.amazonaws.com, AvailabilityZones: *zones}
  - {LoadBalancerName: e, Type: network, DNSName: e-1.elb.us-east-1.amazonaws.com, AvailabilityZones: *zones}
  - {LoadBalancerName: bare, Type: network, DNSName: bare-1.elb.us-east-1.amazonaws.com, AvailabilityZones: *zones}
TargetGroups:
  - {TargetGroupName: g1, Protocol: TCP, Port: 80, LoadBalancerArns: [n, x], Targets: &t1 [
      {Id: 10.0.0.1, AvailabilityZone: us-east-1a}, {Id: 10.0.0.2, AvailabilityZone: us-east-1b}]}
  - {TargetGroupName: g2, Protocol: TCP, Port: 81, LoadBalancerArns: [n, x], Targets: *t1}
  - {TargetGroupName: g3, Protocol: TCP, Port: 82, LoadBalancerArns: [e, n]}
`

const (
	g1a = "target/g1/10.0.0.1:80"
	g1b = "target/g1/10.0.0.2:80"
	g2a = "target/g2/10.0.0.1:81"
	g2b = "target/g2/10.0.0.2:81"
)

func parsed(t *testing.T, doc string) *Set {
	t.Helper()
	set, problems := Parse([]byte(doc))
	require.Empty(t, problems)
	return set
}

func lookup(t *testing.T, set *Set, name string) *Resource {
	t.Helper()
	r, _, ok := set.Lookup(name)
	require.True(t, ok, name)
	return r
}

// TestZonesInDNS: cross-zone off, a zone stays only while every group
// with targets has a healthy target in it (an empty group counts for
// nothing); cross-zone on, every zone stays; no zone left, all of them.
func TestZonesInDNS(t *testing.T) {
	set := parsed(t, nlbs)
	n := lookup(t, set, "n-1.elb.us-east-1.amazonaws.com.")
	x := lookup(t, set, "x-1.elb.us-east-1.amazonaws.com.")
	for _, tc := range []struct {
		name    string
		h       Health
		n, x    string
		healthy bool // n's and x's TargetHealth, if n had no empty group
	}{
		{"all healthy", downOf(), "192.0.2.1 192.0.2.2", "192.0.2.1 192.0.2.2", true},
		{"nil health", nil, "192.0.2.1 192.0.2.2", "192.0.2.1 192.0.2.2", true},
		{"one group down in b", downOf(g1b), "192.0.2.1", "192.0.2.1 192.0.2.2", true},
		{"both groups down in b", downOf(g1b, g2b), "192.0.2.1", "192.0.2.1 192.0.2.2", true},
		{"each zone misses a group: fail open", downOf(g1b, g2a), "192.0.2.1 192.0.2.2", "192.0.2.1 192.0.2.2", true},
		{"a group all down: fail open", downOf(g1a, g1b), "192.0.2.1 192.0.2.2", "192.0.2.1 192.0.2.2", false},
		{"everything down: fail open", downOf(g1a, g1b, g2a, g2b), "192.0.2.1 192.0.2.2", "192.0.2.1 192.0.2.2", false},
	} {
		assert.Equal(t, tc.n, addrs(n.Addresses(tc.h, dns.TypeA, false, nil)), "%s: cross-zone off", tc.name)
		assert.Equal(t, tc.x, addrs(x.Addresses(tc.h, dns.TypeA, false, nil)), "%s: cross-zone on", tc.name)
		healthy, evaluable := x.TargetHealth(tc.h)
		assert.Equal(t, tc.healthy, healthy, tc.name)
		assert.True(t, evaluable)
		healthy, _ = n.TargetHealth(tc.h)
		assert.False(t, healthy, "%s: n has a group with no targets", tc.name)
	}
	e := lookup(t, set, "e-1.elb.us-east-1.amazonaws.com.")
	assert.Equal(t, "192.0.2.1 192.0.2.2", addrs(e.Addresses(downOf(), dns.TypeA, false, nil)))
	assert.Empty(t, e.Addresses(downOf(), dns.TypeAAAA, true, nil), "an IPv4 NLB answers no AAAA")
	assert.Empty(t, e.Addresses(downOf(), dns.TypeTXT, false, nil))
	healthy, evaluable := e.TargetHealth(downOf())
	assert.True(t, evaluable)
	assert.False(t, healthy, "a target group with no registered targets is unhealthy")
	bare := lookup(t, set, "bare-1.elb.us-east-1.amazonaws.com.")
	healthy, _ = bare.TargetHealth(nil)
	assert.False(t, healthy, "a load balancer without target groups sends traffic nowhere")
}

// TestDualstack: an ALB (or classic LB) answers AAAA only under its
// dualstack. name and only with dual stack on; an NLB with dual stack
// answers AAAA under its own name too.
func TestDualstack(t *testing.T) {
	set := load(t, "testdata/two-regions.json")
	for _, tc := range []struct {
		name    string
		dual    bool
		a, aaaa string
	}{
		{"web-use1-1234567890.us-east-1.elb.amazonaws.com.", false, "192.0.2.10 192.0.2.11", ""},
		{"dualstack.web-use1-1234567890.us-east-1.elb.amazonaws.com.", true, "192.0.2.10 192.0.2.11", "2001:db8:1::10 2001:db8:1::11"},
		{"dualstack.web-euw1-987654321.eu-west-1.elb.amazonaws.com.", true, "198.51.100.10 198.51.100.11", ""},
	} {
		r, dual, ok := set.Lookup(tc.name)
		require.True(t, ok, tc.name)
		assert.Equal(t, tc.dual, dual, tc.name)
		assert.Equal(t, tc.a, addrs(r.Addresses(nil, dns.TypeA, dual, nil)), tc.name)
		assert.Equal(t, tc.aaaa, addrs(r.Addresses(nil, dns.TypeAAAA, dual, nil)), tc.name)
	}
	nlb := load(t, "testdata/all-kinds.yaml")
	for _, name := range []string{"tcp-euc1-73e2d6bc24d8a067.elb.eu-central-1.amazonaws.com.", "dualstack.tcp-euc1-73e2d6bc24d8a067.elb.eu-central-1.amazonaws.com."} {
		r, dual, ok := nlb.Lookup(name)
		require.True(t, ok)
		assert.Equal(t, "2001:db8:a::1 2001:db8:a::2", addrs(r.Addresses(nil, dns.TypeAAAA, dual, nil)), name)
	}
	r, _, _ := set.Lookup("web-use1-1234567890.us-east-1.elb.amazonaws.com.")
	dst := r.Addresses(nil, dns.TypeA, false, []netip.Addr{netip.MustParseAddr("192.0.2.99")})
	assert.Equal(t, "192.0.2.99 192.0.2.10 192.0.2.11", addrs(dst), "appends to dst")
}

// TestTargetHealthByKind: what EvaluateTargetHealth sees for each kind.
func TestTargetHealthByKind(t *testing.T) {
	set := load(t, "testdata/all-kinds.yaml")
	two := load(t, "testdata/two-regions.json")
	alb := lookup(t, two, "web-use1-1234567890.us-east-1.elb.amazonaws.com.")
	const web1, web2 = "target/web-use1/127.0.0.1:8081", "target/web-use1/127.0.0.1:8082"
	const inst = "target/classic-usw2/10.1.0.5:8080"
	for _, tc := range []struct {
		r                  *Resource
		h                  Health
		healthy, evaluable bool
	}{
		{alb, downOf(), true, true},
		{alb, downOf(web1), true, true},
		{alb, downOf(web1, web2), false, true},
		{lookup(t, set, "classic-usw2-1234.us-west-2.elb.amazonaws.com."), downOf(), true, true},
		{lookup(t, set, "classic-usw2-1234.us-west-2.elb.amazonaws.com."), downOf(inst), false, true},
		{lookup(t, set, "shop-prod.us-west-2.elasticbeanstalk.com."), downOf(inst), false, true},
		{lookup(t, set, "shop-prod.us-west-2.elasticbeanstalk.com."), downOf(), true, true},
		{lookup(t, set, "tiny.eu-west-1.elasticbeanstalk.com."), downOf(inst), true, true},
		{lookup(t, set, "d111111abcdef8.cloudfront.net."), downOf(), true, false},
		{lookup(t, set, "s3-website-us-east-1.amazonaws.com."), downOf(), true, true},
		{lookup(t, set, "d-abcde12345.execute-api.us-east-2.amazonaws.com."), downOf(), true, true},
		{lookup(t, set, "a1234567890abcdef.awsglobalaccelerator.com."), downOf(), true, true},
		{lookup(t, set, "vpce-0123456789abcdef0-abcdefgh.execute-api.ap-southeast-2.vpce.amazonaws.com."), downOf(), true, true},
		// The unused target (in a zone the NLB does not enable) never counts.
		{lookup(t, set, "tcp-euc1-73e2d6bc24d8a067.elb.eu-central-1.amazonaws.com."), downOf("target/tcp-euc1/10.0.1.1:7000", "target/tcp-euc1/10.0.2.1:7000"), false, true},
	} {
		healthy, evaluable := tc.r.TargetHealth(tc.h)
		assert.Equal(t, tc.healthy, healthy, "%s %s %v", tc.r.Kind, tc.r.Name, tc.h)
		assert.Equal(t, tc.evaluable, evaluable, "%s %s", tc.r.Kind, tc.r.Name)
	}
	eb := lookup(t, set, "shop-prod.us-west-2.elasticbeanstalk.com.")
	assert.Equal(t, "192.0.2.50", addrs(eb.Addresses(nil, dns.TypeA, false, nil)))
	assert.Same(t, lookup(t, set, "classic-usw2-1234.us-west-2.elb.amazonaws.com."), eb.LoadBalancer())
}

// TestGuess: the kind and region of a name by its shape.
func TestGuess(t *testing.T) {
	for name, want := range map[string][2]string{
		"dualstack.web-1.us-east-1.elb.amazonaws.com.": {"application", "us-east-1"},
		"internal-web-1.eu-west-1.elb.amazonaws.com":   {"application", "eu-west-1"},
		"net-1.elb.ap-south-1.amazonaws.com.":          {"network", "ap-south-1"},
		"net-1.elb.cn-north-1.amazonaws.com.cn.":       {"network", "cn-north-1"},
		"d1.cloudfront.net.":                           {"cloudfront", ""},
		"s3-website-us-west-2.amazonaws.com.":          {"s3-website", "us-west-2"},
		"s3-website.eu-central-1.amazonaws.com.":       {"s3-website", "eu-central-1"},
		"env.us-east-2.elasticbeanstalk.com.":          {"elasticbeanstalk", "us-east-2"},
		"d-1.execute-api.sa-east-1.amazonaws.com.":     {"apigateway", "sa-east-1"},
		"a1.awsglobalaccelerator.com.":                 {"globalaccelerator", ""},
		"vpce-1-2.s3.us-west-1.vpce.amazonaws.com.":    {"vpc-endpoint", "us-west-1"},
		"www.example.com.":                             {"", ""},
		"env.elasticbeanstalk.com.":                    {"", ""},
	} {
		k, region, ok := Guess(name)
		assert.Equal(t, want, [2]string{string(k), region}, name)
		assert.Equal(t, want[0] != "", ok, name)
	}
	id, ok := CanonicalHostedZoneID(NetworkLB, "us-gov-west-1")
	assert.True(t, ok)
	assert.Equal(t, "ZMG1MZ2THAWF1", id)
	_, ok = CanonicalHostedZoneID(APIGateway, "ap-northeast-3")
	assert.False(t, ok, "no published id")
	assert.Equal(t, "s3-website.ap-southeast-4.amazonaws.com.", S3WebsiteHost("ap-southeast-4"))
	assert.Equal(t, "s3-website.cn-northwest-1.amazonaws.com.cn.", S3WebsiteHost("cn-northwest-1"))
}
