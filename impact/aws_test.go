package impact

import (
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// labResources declares two ALBs (cross-zone always on), each with a target
// group of two targets in two zones, and an NLB (cross-zone off) with one
// target per zone.
const labResources = `LoadBalancers:
  - LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-a/1111
    DNSName: alb-a-1.us-east-1.elb.amazonaws.com
    CanonicalHostedZoneId: Z35SXDOTRQ7X7K
    LoadBalancerName: alb-a
    Type: application
    AvailabilityZones:
      - {ZoneName: us-east-1a, LoadBalancerAddresses: [{IpAddress: 198.51.100.1}]}
      - {ZoneName: us-east-1b, LoadBalancerAddresses: [{IpAddress: 198.51.100.2}]}
  - LoadBalancerArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/alb-b/2222
    DNSName: alb-b-2.eu-west-1.elb.amazonaws.com
    CanonicalHostedZoneId: Z32O12XQLNTSW2
    LoadBalancerName: alb-b
    Type: application
    AvailabilityZones:
      - {ZoneName: eu-west-1a, LoadBalancerAddresses: [{IpAddress: 198.51.100.11}]}
      - {ZoneName: eu-west-1b, LoadBalancerAddresses: [{IpAddress: 198.51.100.12}]}
  - LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb-n/3333
    DNSName: nlb-n-3.elb.us-east-1.amazonaws.com
    CanonicalHostedZoneId: Z26RNL4JYFTOTI
    LoadBalancerName: nlb-n
    Type: network
    AvailabilityZones:
      - {ZoneName: us-east-1a, LoadBalancerAddresses: [{IpAddress: 198.51.100.21}]}
      - {ZoneName: us-east-1b, LoadBalancerAddresses: [{IpAddress: 198.51.100.22}]}
TargetGroups:
  - TargetGroupName: tg-a
    Protocol: HTTP
    Port: 80
    LoadBalancerArns: [arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-a/1111]
    Targets:
      - {Id: 10.0.1.1, AvailabilityZone: us-east-1a}
      - {Id: 10.0.1.2, AvailabilityZone: us-east-1b}
  - TargetGroupName: tg-b
    Protocol: HTTP
    Port: 80
    LoadBalancerArns: [arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/alb-b/2222]
    Targets:
      - {Id: 10.0.2.1, AvailabilityZone: eu-west-1a}
      - {Id: 10.0.2.2, AvailabilityZone: eu-west-1b}
  - TargetGroupName: tg-n
    Protocol: TCP
    Port: 80
    LoadBalancerArns: [arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb-n/3333]
    Targets:
      - {Id: 10.0.3.1, AvailabilityZone: us-east-1a}
      - {Id: 10.0.3.2, AvailabilityZone: us-east-1b}
`

const (
	albA = "{HostedZoneId: Z35SXDOTRQ7X7K, DNSName: dualstack.alb-a-1.us-east-1.elb.amazonaws.com., EvaluateTargetHealth: true}"
	albB = "{HostedZoneId: Z32O12XQLNTSW2, DNSName: dualstack.alb-b-2.eu-west-1.elb.amazonaws.com., EvaluateTargetHealth: true}"
	nlbN = "{HostedZoneId: Z26RNL4JYFTOTI, DNSName: nlb-n-3.elb.us-east-1.amazonaws.com., EvaluateTargetHealth: false}"
	// The node addresses each load balancer answers, all zones live.
	albAAddrs = "198.51.100.1, 198.51.100.2"
	albBAddrs = "198.51.100.11, 198.51.100.12"
)

// awsFiles is labFiles with the resources file.
func awsFiles(records, resources string) map[string]string {
	f := labFiles(records, "")
	f["aws-resources.yaml"] = resources
	return f
}

// An alias whose target moves from one ALB to another moves every client
// from the first's node addresses to the second's.
func TestDiffAliasMovesToAnotherALB(t *testing.T) {
	alias := func(target string) string {
		return "  - {Name: app.lab.test., Type: A, AliasTarget: " + target + "}\n"
	}
	rep := diffFiles(t, awsFiles(alias(albA), labResources), awsFiles(alias(albB), labResources))
	n := onlyName(t, rep, "app.lab.test.")
	st := n.States[0]
	assert.Empty(t, st.Down, "all healthy first")
	assert.Equal(t, float64(totalIPv4), st.Moved.IPv4)
	assert.Equal(t, []Transition{{From: albAAddrs, To: albBAddrs, Moved: st.Moved}}, st.Transitions)
	// A lone alias answers whatever its target's health, and an ALB
	// answers every node: with either ALB's targets all down, everyone
	// still moves, from the same nodes to the same nodes.
	require.Len(t, n.States, 3)
	for i, group := range []string{"tg-a", "tg-b"} {
		s := n.States[i+1]
		assert.Equal(t, group, s.TargetGroup)
		assert.Equal(t, st.Transitions, s.Transitions, group)
	}
	require.Len(t, rep.Records, 1)
	assert.Equal(t, "Update", rep.Records[0].Action)
}

// A failover whose secondary becomes an alias to another ALB moves nobody
// while the primary's target group is healthy, and everyone once every
// target of that group is down — one state for the group, not one per
// target (one target of two down changes nothing).
func TestDiffTargetGroupDownMovesFailover(t *testing.T) {
	fo := func(secondary string) string {
		return "  - {Name: fo.lab.test., Type: A, SetIdentifier: p, Failover: PRIMARY, AliasTarget: " + albA + "}\n" +
			"  - {Name: fo.lab.test., Type: A, SetIdentifier: s, Failover: SECONDARY, " + secondary + "}\n"
	}
	rep := diffFiles(t, awsFiles(fo("TTL: 60, ResourceRecords: [{Value: 192.0.2.9}]"), labResources),
		awsFiles(fo("AliasTarget: "+albB), labResources))
	n := onlyName(t, rep, "fo.lab.test.")
	require.Len(t, n.States, 1, "%+v", n.States)
	st := n.States[0]
	assert.Equal(t, "tg-a", st.TargetGroup)
	assert.Empty(t, st.Zone, "an ALB balances across zones: no zone state")
	assert.Equal(t, "every target of target group tg-a", st.Down)
	assert.Equal(t, []string{"target/tg-a/10.0.1.1:80", "target/tg-a/10.0.1.2:80"}, st.DownIDs)
	assert.Equal(t, float64(totalIPv4), st.Moved.IPv4)
	assert.Equal(t, []Transition{{From: "192.0.2.9", To: albBAddrs, Moved: st.Moved}}, st.Transitions)

	var md strings.Builder
	require.NoError(t, rep.WriteMarkdown(&md))
	assert.Contains(t, md.String(), "**every target of target group `tg-a` down**: ")
}

// A change of the resources file alone moves the answers of aliases to
// the resources it changes: here a target of the NLB (cross-zone off)
// moves from us-east-1b to us-east-1a, so zone b has no target left and
// its node drops out of the answer. The NLB's zones are states of their
// own.
func TestDiffResourcesChangeMovesNLBNodes(t *testing.T) {
	alias := "  - {Name: nlb.lab.test., Type: A, AliasTarget: " + nlbN + "}\n"
	moved := strings.Replace(labResources, "{Id: 10.0.3.2, AvailabilityZone: us-east-1b}", "{Id: 10.0.3.2, AvailabilityZone: us-east-1a}", 1)
	require.NotEqual(t, labResources, moved)
	rep := diffFiles(t, awsFiles(alias, labResources), awsFiles(alias, moved))
	n := onlyName(t, rep, "nlb.lab.test.")
	assert.Empty(t, rep.Records, "no record set changed")
	byState := map[string]StateImpact{}
	for _, st := range n.States {
		byState[st.Down] = st
	}
	all := byState[""]
	assert.Equal(t, []Transition{{From: "198.51.100.21, 198.51.100.22", To: "198.51.100.21", Moved: all.Moved}}, all.Transitions)
	// Zone a down: old answers b's node; new has no healthy target left
	// anywhere, and ELB fails open to every node.
	za, ok := byState["every target of target group tg-n in us-east-1a"]
	require.True(t, ok, "states: %+v", n.States)
	assert.Equal(t, "us-east-1a", za.Zone)
	assert.Equal(t, []string{"target/tg-n/10.0.3.1:80", "target/tg-n/10.0.3.2:80"}, za.DownIDs, "the zone's targets on either side")
	assert.Equal(t, []Transition{{From: "198.51.100.22", To: "198.51.100.21, 198.51.100.22", Moved: za.Moved}}, za.Transitions)
}

// Simulate takes a target group down with target/<group>/*, and accepts a
// target that decisions never asked about because the group's first
// target answered for it.
func TestSimulateTargetsDown(t *testing.T) {
	records := "  - {Name: fo.lab.test., Type: A, SetIdentifier: p, Failover: PRIMARY, AliasTarget: " + albA + "}\n" +
		"  - {Name: fo.lab.test., Type: A, SetIdentifier: s, Failover: SECONDARY, AliasTarget: " + albB + "}\n"
	s := loadSide(t, "lab", awsFiles(records, labResources), true)
	pop := cityPopulation(t, s)
	k := Key{"fo.lab.test.", dns.TypeA}
	sim, err := Simulate(s, pop, k, []string{"target/tg-a/*"}, IPv4)
	require.NoError(t, err)
	assert.Equal(t, []Share{{Answer: albBAddrs, P: 1}}, sim.Answers)

	sim, err = Simulate(s, pop, k, []string{"target/tg-a/10.0.1.2:80"}, IPv4)
	require.NoError(t, err, "the second target of a group is a fair question")
	assert.Equal(t, []Share{{Answer: albAAddrs, P: 1}}, sim.Answers, "one target of two down changes nothing")

	_, err = Simulate(s, pop, k, []string{"target/tg-a/10.9.9.9:80"}, IPv4)
	require.ErrorContains(t, err, "no target of the resources file has that id")
	_, err = Simulate(s, pop, k, []string{"target/tg-n/*"}, IPv4)
	require.ErrorContains(t, err, "no decision of fo.lab.test. A reads that health check or target")
}
