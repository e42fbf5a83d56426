package cmd

import (
	"bytes"
	"io"
	"net"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// labResources declares one ALB in us-east-1 with one target group.
const labResources = `{"LoadBalancers": [{
  "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab/1111",
  "DNSName": "lab-111.us-east-1.elb.amazonaws.com", "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K",
  "LoadBalancerName": "lab", "Type": "application", "Scheme": "internet-facing", "IpAddressType": "ipv4",
  "AvailabilityZones": [{"ZoneName": "us-east-1a", "LoadBalancerAddresses": [{"IpAddress": "198.51.100.1"}]}]}],
 "TargetGroups": [{"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lab-tg/2222",
  "TargetGroupName": "lab-tg", "Protocol": "HTTP", "Port": 80,
  "LoadBalancerArns": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab/1111"],
  "Targets": [{"Id": "10.0.0.1", "Port": 80, "AvailabilityZone": "us-east-1a"}]}]}`

// alias is a record set of lab.test aliasing target with zone id.
func alias(name, zoneID, target string) string {
	return `{"Name": "` + name + `.lab.test.", "Type": "A", "AliasTarget": {"HostedZoneId": "` + zoneID + `", "DNSName": "` + target + `", "EvaluateTargetHealth": true}}`
}

// r53d check rejects an alias whose HostedZoneId is not the canonical
// one of its load balancer, in Route 53's words, and warns about an
// undeclared target, saying where to declare it.
func TestCheckAliasesToResources(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	writeFile(t, dir, "aws-resources.json", labResources)
	writeFile(t, dir, "lab.test.json", `{"ResourceRecordSets": [
`+alias("ok", "Z35SXDOTRQ7X7K", "dualstack.lab-111.us-east-1.elb.amazonaws.com.")+`,
`+alias("wrong", "Z32O12XQLNTSW2", "lab-111.us-east-1.elb.amazonaws.com.")+`,
`+alias("other", "Z1H1FL5HABSF5", "other-999.us-west-2.elb.amazonaws.com.")+`
]}`)
	var out bytes.Buffer
	require.ErrorIs(t, runCheck(CheckOptions{Dir: dir, Out: &out}), errCheckFailed)
	text := out.String()
	file := filepath.Join(dir, "lab.test.json")
	assert.Contains(t, text, file+":3:1: RRSet with DNS name wrong.lab.test., type A Tried to create an alias that targets lab-111.us-east-1.elb.amazonaws.com., type A in zone Z32O12XQLNTSW2, but the alias target name does not lie within the target zone [alias]")
	assert.Contains(t, text, file+":4:1: warning: RRSet with DNS name other.lab.test., type A: alias target other-999.us-west-2.elb.amazonaws.com. is outside zone lab.test. and is not a declared AWS resource: r53d answers it with no records; declare an Application Load Balancer like it in aws-resources.json (or .yaml) under LoadBalancers (a Classic Load Balancer under LoadBalancerDescriptions) [alias]")
	assert.NotContains(t, text, "ok.lab.test.", "a declared resource with its own zone id loads quietly")
}

// explain says which target group made a load balancer unhealthy to a
// failover alias with EvaluateTargetHealth.
func TestExplainFailoverToTheOtherRegion(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, runExplain(ExplainOptions{Name: "ha.demo.test", Type: "A", Client: "192.0.2.1", Out: &out,
		Unhealthy: []string{"target/web-use1/127.0.0.1:18081", "target/web-use1/127.0.0.1:18082"}}))
	text := out.String()
	assert.Contains(t, text, "unhealthy (alias to dualstack.demo-use1-1234567890.us-east-1.elb.amazonaws.com. evaluating target health: application load balancer in us-east-1 unhealthy: target group web-use1 has no healthy target) → dropped: unhealthy")
	assert.Contains(t, text, "rule: failover: primary unhealthy or missing, secondary healthy")
	answer := text[strings.Index(text, ";; ANSWER SECTION:"):strings.Index(text, ";; Why:")]
	assert.Contains(t, answer, "ha.demo.test.\t60\tIN\tA\t192.0.2.211")
	assert.Contains(t, answer, "ha.demo.test.\t60\tIN\tA\t192.0.2.212")
}

// The demo's two regions end to end over DNS: the us-east-1 load
// balancer while a target of it is healthy, eu-west-1 once both are
// forced down; the NLB drops the AZ whose target is down.
func TestDemoTwoRegions(t *testing.T) {
	s, err := launchServe(t, ServeOptions{Listen: "127.0.0.1:0", Admin: "127.0.0.1:0", GeoIPDB: testGeoDB, LogLevel: "error", Log: io.Discard})
	require.NoError(t, err)
	sorted := func(name string) []string {
		got := ask(t, s.dns, name)
		slices.Sort(got)
		return got
	}
	assert.Equal(t, []string{"192.0.2.201", "192.0.2.202"}, sorted("ha.demo.test."))
	assert.Equal(t, []string{"192.0.2.221", "192.0.2.222"}, sorted("nlb.demo.test."))
	texas := func() []string { // a client in Dallas: us-east-1 is closer
		m := new(dns.Msg)
		m.SetQuestion("lb.demo.test.", dns.TypeA)
		m.SetEdns0(1232, false)
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1, SourceNetmask: 24, Address: net.IPv4(11, 1, 0, 0).To4()})
		r, err := dns.Exchange(m, s.dns.String())
		require.NoError(t, err)
		var got []string
		for _, rr := range r.Answer {
			got = append(got, rr.(*dns.A).A.String())
		}
		slices.Sort(got)
		return got
	}
	assert.Equal(t, []string{"192.0.2.201", "192.0.2.202"}, texas())
	opts := HealthOptions{Admin: s.admin, Out: io.Discard}
	require.NoError(t, runHealthSet(opts, "target/web-use1/127.0.0.1:18081", "unhealthy"))
	assert.Equal(t, []string{"192.0.2.201", "192.0.2.202"}, sorted("ha.demo.test."), "one healthy target is enough")
	require.NoError(t, runHealthSet(opts, "target/web-use1/127.0.0.1:18082", "unhealthy"))
	assert.Equal(t, []string{"192.0.2.211", "192.0.2.212"}, sorted("ha.demo.test."), "eu-west-1")
	assert.Equal(t, []string{"192.0.2.211", "192.0.2.212"}, texas(), "latency skips the unhealthy region")
	require.NoError(t, runHealthSet(opts, "target/web-nlb/127.0.0.1:18081", "unhealthy"))
	assert.Equal(t, []string{"192.0.2.222"}, sorted("nlb.demo.test."), "us-east-1a drops out")
}

// Editing the resources file changes what aliases answer on the next
// reload; the zone's files are untouched.
func TestResourcesReloadChangesAliasAnswers(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	writeFile(t, dir, "lab.test.json", `{"ResourceRecordSets": [`+alias("app", "Z35SXDOTRQ7X7K", "lab-111.us-east-1.elb.amazonaws.com.")+`]}`)
	writeFile(t, dir, "aws-resources.json", labResources)
	addr, _ := startServeDir(t, dir, true, io.Discard)
	assert.Equal(t, []string{"198.51.100.1"}, ask(t, addr, "app.lab.test."))
	writeFile(t, dir, "aws-resources.json", strings.Replace(labResources, "198.51.100.1", "198.51.100.9", 1))
	waitFor(t, addr, "app.lab.test.", []string{"198.51.100.9"}, 10*time.Second)
}

// A demo target answers 200 until POST /down, then 503 until POST /up.
func TestDemoTargetGoesDownAndUp(t *testing.T) {
	d := newDemoTarget("web-x (us-east-1a)")
	do := func(method, path string) int {
		w := httptest.NewRecorder()
		d.ServeHTTP(w, httptest.NewRequest(method, path, nil))
		return w.Code
	}
	assert.Equal(t, 200, do("GET", "/"))
	assert.Equal(t, 503, do("POST", "/down"))
	assert.Equal(t, 503, do("GET", "/"))
	assert.Equal(t, 200, do("POST", "/up"))
	assert.Equal(t, 404, do("POST", "/sideways"))
}
