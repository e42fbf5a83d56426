package resources

import (
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(t *testing.T, file string) *Set {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	set, problems := Parse(data)
	require.Empty(t, problems)
	return set
}

// TestLoadEveryKind: each kind loads from AWS's output, with its region
// and canonical hosted zone id, and its name answers its addresses.
func TestLoadEveryKind(t *testing.T) {
	set := load(t, "testdata/all-kinds.yaml")
	for _, tc := range []struct {
		name, zone, region string
		kind               Kind
		dual               bool
		a, aaaa            string // addresses, space-separated
	}{
		{name: "tcp-euc1-73e2d6bc24d8a067.elb.eu-central-1.amazonaws.com.", kind: NetworkLB, region: "eu-central-1", zone: "Z3F0SRJ5LGBH90",
			a: "203.0.113.1 203.0.113.2", aaaa: "2001:db8:a::1 2001:db8:a::2"},
		{name: "classic-usw2-1234.us-west-2.elb.amazonaws.com.", kind: ClassicLB, region: "us-west-2", zone: "Z1H1FL5HABSF5", a: "192.0.2.50"},
		{name: "D111111ABCDEF8.cloudfront.net.", kind: CloudFront, zone: "Z2FDTNDATAQYW2", a: "192.0.2.80", aaaa: "2001:db8:cf::80"},
		{name: "www.example.com.s3-website-us-east-1.amazonaws.com.", kind: S3Website, region: "us-east-1", zone: "Z3AQBSTGFYJSTF", a: "192.0.2.90"},
		{name: "s3-website-us-east-1.amazonaws.com.", kind: S3Website, region: "us-east-1", zone: "Z3AQBSTGFYJSTF", a: "192.0.2.90 192.0.2.91"},
		{name: "s3-website.eu-central-1.amazonaws.com.", kind: S3Website, region: "eu-central-1", zone: "Z21DNDUVLTQW6Q", a: "192.0.2.92"},
		{name: "d-abcde12345.execute-api.us-east-2.amazonaws.com.", kind: APIGateway, region: "us-east-2", zone: "ZOJJZC49E0EPZ", a: "192.0.2.100"},
		{name: "d2222222abcdef.cloudfront.net.", kind: APIGateway, zone: "Z2FDTNDATAQYW2", a: "192.0.2.101"},
		{name: "a1234567890abcdef.awsglobalaccelerator.com.", kind: GlobalAccelerator, zone: "Z2BJ6XQ5FK7U4H", a: "198.51.100.1 198.51.100.2"},
		{name: "a1234567890abcdef.dualstack.awsglobalaccelerator.com.", kind: GlobalAccelerator, zone: "Z2BJ6XQ5FK7U4H", dual: true,
			a: "198.51.100.1 198.51.100.2", aaaa: "2001:db8:6a::1"},
		{name: "vpce-0123456789abcdef0-abcdefgh-ap-southeast-2a.execute-api.ap-southeast-2.vpce.amazonaws.com.", kind: VPCEndpoint,
			region: "ap-southeast-2", zone: "ZDK2GCRPAFKGO", a: "10.9.0.1"},
		{name: "shop-prod.us-west-2.elasticbeanstalk.com.", kind: ElasticBeanstalk, region: "us-west-2", zone: "Z38NKT9BP95V3O", a: "192.0.2.50"},
		{name: "tiny.eu-west-1.elasticbeanstalk.com.", kind: ElasticBeanstalk, region: "eu-west-1", zone: "Z2NYPWQ7DFZAZH", a: "192.0.2.120"},
	} {
		r, dual, ok := set.Lookup(tc.name)
		require.True(t, ok, tc.name)
		assert.Equal(t, tc.kind, r.Kind, tc.name)
		assert.Equal(t, tc.region, r.Region, tc.name)
		assert.Equal(t, tc.zone, r.HostedZoneID, tc.name)
		assert.Equal(t, tc.dual, dual, tc.name)
		assert.Equal(t, uint32(60), r.TTL())
		assert.Equal(t, tc.a, addrs(r.Addresses(nil, dns.TypeA, dual, nil)), tc.name)
		assert.Equal(t, tc.aaaa, addrs(r.Addresses(nil, dns.TypeAAAA, dual, nil)), tc.name)
	}
	_, _, ok := set.Lookup("dualstack.d111111abcdef8.cloudfront.net.")
	assert.False(t, ok, "the dualstack. prefix belongs to load balancers")
	ep, _, _ := set.Lookup("s3-website-us-east-1.amazonaws.com.")
	assert.Equal(t, []string{"www.example.com", "example.com"}, ep.Buckets)
	assert.Len(t, set.Resources(), 14)
	assert.Len(t, set.TargetGroups(), 2)
}

func addrs(list []netip.Addr) string {
	s := make([]string, len(list))
	for i, a := range list {
		s[i] = a.String()
	}
	return strings.Join(s, " ")
}

// TestDefaults: ELB's health-check defaults differ between application
// and network load balancers; classic ones have their own.
func TestDefaults(t *testing.T) {
	set := load(t, "testdata/all-kinds.yaml")
	byName := map[string]*TargetGroup{}
	for _, g := range set.TargetGroups() {
		byName[g.Name] = g
	}
	nlb := byName["tcp-euc1"]
	assert.Equal(t, HealthCheck{Protocol: "TCP", Interval: 30, Timeout: 10, HealthyThreshold: 5, UnhealthyThreshold: 2}, nlb.HealthCheck)
	assert.Equal(t, 300, nlb.DeregistrationDelay)
	assert.Equal(t, "Target.NotInUse", nlb.Targets[2].Unused, "eu-central-1c is not enabled on the load balancer")
	clb := byName["classic-usw2"]
	assert.Equal(t, HealthCheck{Protocol: "HTTP", Port: 8080, Path: "/ping", Interval: 10, Timeout: 3, HealthyThreshold: 4, UnhealthyThreshold: 3, Matcher: "200"}, clb.HealthCheck)
	assert.Equal(t, "us-west-2a", clb.Targets[0].AZ, "the only zone")

	alb := load(t, "testdata/two-regions.json")
	lb, _, _ := alb.Lookup("web-euw1-987654321.eu-west-1.elb.amazonaws.com.")
	require.Len(t, lb.TargetGroups, 1)
	assert.Equal(t, HealthCheck{Protocol: "HTTP", Path: "/", Interval: 30, Timeout: 5, HealthyThreshold: 5, UnhealthyThreshold: 2, Matcher: "200"}, lb.TargetGroups[0].HealthCheck)
	assert.True(t, lb.CrossZone, "always on for an ALB")
	assert.Equal(t, "internet-facing", lb.Scheme)

	set, problems := Parse([]byte(`{"LoadBalancers": [{"LoadBalancerName": "n", "Type": "network", "DNSName": "n-1.elb.us-east-1.amazonaws.com",
 "AvailabilityZones": [{"ZoneName": "us-east-1a", "LoadBalancerAddresses": [{"IpAddress": "192.0.2.1"}]}]}],
 "TargetGroups": [{"TargetGroupName": "h", "Protocol": "TCP", "Port": 80, "HealthCheckProtocol": "HTTP", "LoadBalancerArns": ["n"]}]}`))
	require.Empty(t, problems)
	n, _, _ := set.Lookup("n-1.elb.us-east-1.amazonaws.com.")
	assert.False(t, n.CrossZone, "off by default for an NLB")
	assert.Equal(t, HealthCheck{Protocol: "HTTP", Path: "/", Interval: 30, Timeout: 6, HealthyThreshold: 5, UnhealthyThreshold: 2, Matcher: "200-399"}, n.TargetGroups[0].HealthCheck)
}

// TestTargetChecks: what the prober gets, ports resolved.
func TestTargetChecks(t *testing.T) {
	checks := load(t, "testdata/two-regions.json").TargetChecks()
	require.Len(t, checks, 4)
	c := checks[1]
	assert.Equal(t, "target/web-use1/127.0.0.1:8082", c.ID)
	assert.Equal(t, 8082, c.Port, "traffic-port")
	assert.Equal(t, "/health", c.Path)
	assert.Equal(t, "200-299", c.Matcher.String())
	assert.Equal(t, int64(30), int64(c.DeregistrationDelay.Seconds()))
	assert.Equal(t, int64(10), int64(c.Interval.Seconds()))
}
