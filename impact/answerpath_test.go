package impact

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/resources"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demoPolicy is a traffic policy over the demo's load balancers: Europe
// fails over from the eu-west-1 ALB to a value, everyone else is split
// 80/20 between a latency rule (the two ALBs) and the NLB.
const demoPolicy = `{"TrafficPolicy": {"Id": "demo-tp", "Version": 1, "Name": "demo-tp", "Type": "A", "Document": {
  "AWSPolicyFormatVersion": "2015-10-01", "RecordType": "A", "StartRule": "by-geo",
  "Endpoints": {
    "use1": {"Type": "application-load-balancer", "Value": "dualstack.demo-use1-1234567890.us-east-1.elb.amazonaws.com"},
    "euw1": {"Type": "application-load-balancer", "Value": "dualstack.demo-euw1-1234567890.eu-west-1.elb.amazonaws.com"},
    "nlb": {"Type": "network-load-balancer", "Value": "demo-nlb-0123456789abcdef.elb.us-east-1.amazonaws.com"},
    "sorry": {"Type": "value", "Value": "192.0.2.199"}},
  "Rules": {
    "by-geo": {"RuleType": "geo", "Locations": [
      {"Continent": "EU", "RuleReference": "eu-fo", "EvaluateTargetHealth": true},
      {"IsDefault": true, "RuleReference": "split"}]},
    "eu-fo": {"RuleType": "failover",
      "Primary": {"EndpointReference": "euw1", "EvaluateTargetHealth": true},
      "Secondary": {"EndpointReference": "sorry"}},
    "split": {"RuleType": "weighted", "Items": [
      {"RuleReference": "by-latency", "Weight": "80"},
      {"EndpointReference": "nlb", "Weight": "20", "HealthCheck": "demo-up"}]},
    "by-latency": {"RuleType": "latency", "Regions": [
      {"Region": "us-east-1", "EndpointReference": "use1", "EvaluateTargetHealth": true},
      {"Region": "eu-west-1", "EndpointReference": "euw1", "EvaluateTargetHealth": true}]}}}}}`

const demoInstances = `{"TrafficPolicyInstances": [{"Id": "i-demo", "Name": "tp.demo.test.", "TTL": 30,
  "State": "Applied", "TrafficPolicyId": "demo-tp", "TrafficPolicyVersion": 1, "TrafficPolicyType": "A"}]}`

// demoFiles is the demo zones directory (its aws-resources file included)
// with demoPolicy applied at tp.demo.test.
func demoFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	demo := os.DirFS("../cmd/demo")
	entries, err := fs.ReadDir(demo, ".")
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue // tests/: scenarios, not zones
		}
		data, err := fs.ReadFile(demo, e.Name())
		require.NoError(t, err)
		files[e.Name()] = string(data)
	}
	require.Contains(t, files, "aws-resources.yaml")
	files["demo-tp.traffic-policy.json"] = demoPolicy
	files["traffic-policy-instances.json"] = demoInstances
	return files
}

// whatIfs are the health states the comparison runs under: all healthy,
// each check down, each target down alone, and each target group down.
func whatIfs(checks []string, res *resources.Set) []map[string]bool {
	out := []map[string]bool{{}}
	for _, id := range checks {
		out = append(out, map[string]bool{id: true})
	}
	for _, g := range res.TargetGroups() {
		all := map[string]bool{}
		for _, tg := range g.Targets {
			out = append(out, map[string]bool{tg.CheckID: true})
			all[tg.CheckID] = true
		}
		out = append(out, all)
	}
	return out
}

// TestDecisionsMatchAnswerPath: for every routed name of the demo zone,
// with its AWS resources and a traffic policy over them, every network of
// the test database and every health state above, the answers impact
// decides are the answers the server's own path (answer.Finder.Lookup)
// gives: each answer the server draws is one impact gives a share, and
// with enough draws every answer of a share of at least a fifth shows up.
// It guards against impact's Env drifting from the server's.
func TestDecisionsMatchAnswerPath(t *testing.T) {
	s := loadSide(t, "demo", demoFiles(t), true)
	db := openCity(t)
	pop := cityPopulation(t, s)
	gen := s.Generation()
	var checks []string
	for _, hc := range gen.HealthChecks {
		checks = append(checks, hc.ID)
	}
	states := whatIfs(checks, gen.Resources)
	require.Greater(t, len(states), 8, "checks and targets of the demo")
	keys, err := s.Keys()
	require.NoError(t, err)
	part := newPartition(pop, []*Side{s})
	var f answer.Finder
	routed, resourceAnswers := map[string]bool{}, 0
	for _, k := range keys {
		z, rr := s.rrset(k)
		if rr == nil || rr.Policy == nil {
			continue
		}
		routed[k.Name] = true
		var n needs
		s.followFor(z, rr.Policy).addNeeds(&n, rr.Policy, 0)
		pr := part.projectFor(&n, rr)
		for _, down := range states {
			h := &Health{Down: down}
			routing := &answer.Routing{Health: h, Locator: db}
			dists := make([]Dist, len(pr.reps))
			for g, ci := range pr.reps {
				dists[g] = s.answer(z, rr, &pop.Units[part.classes[ci].rep], h)
			}
			for i := range pop.Units {
				u := &pop.Units[i]
				want := dists[pr.key[part.unitOf[i]]] // its class's decision
				client := policy.Client{Subnet: u.Client, FromECS: true}
				draws := 1
				if len(want) > 1 {
					draws = 60
				}
				seen := map[string]bool{}
				for seed := range draws {
					f.Explain(uint64(seed))
					res := f.Lookup(s.view, routing, answer.Question{Name: k.Name, Type: k.Type}, client)
					got := canonical(res.Answer)
					seen[got] = true
					if !assert.Greater(t, shareOf(want, got), 0.0, "%s for %s with %v down: the server answered %q, impact %v", k, u.Client, keys2(down), got, want) {
						return
					}
				}
				for _, sh := range want {
					if sh.P >= 0.2 && len(want) > 1 {
						assert.True(t, seen[sh.Answer], "%s for %s with %v down: %q (share %.2f) never drawn", k, u.Client, keys2(down), sh.Answer, sh.P)
					}
					resourceAnswers += strings.Count(sh.Answer, "192.0.2.2")
				}
			}
		}
	}
	assert.GreaterOrEqual(t, len(routed), 10, "the demo's routed names")
	assert.True(t, routed["tp.demo.test."], "the policy record")
	assert.True(t, routed["ha.demo.test."], "the failover between load balancers")
	assert.Positive(t, resourceAnswers, "some answers are load balancers' nodes")
}

func keys2(m map[string]bool) []string { return sortedIDs(m, nil) }
