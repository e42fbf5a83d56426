package trafficflow

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/resources"
)

// Record is a policy record (traffic policy instance): the name and TTL a
// policy answers at, and which policy version it applies.
type Record struct {
	Name          string // lower-case FQDN
	TTL           uint32
	InstanceID    string
	PolicyID      string
	PolicyVersion int
}

// Compile builds the routing tree of a checked document for one policy
// record: the group answering at rec.Name (the start rule, or the start
// endpoint as a simple group), carrying a policy.Flow with every other
// rule. The document must have passed Check.
func Compile(d *Document, rec Record) (*policy.Set, error) {
	rtype, ok := dns.StringToType[d.RecordType]
	if !ok {
		return nil, fmt.Errorf("traffic policy record %s: RecordType %q", rec.Name, d.RecordType)
	}
	c := compiler{d: d, rec: rec, rtype: rtype}
	var root *policy.Set
	rules := map[string]*policy.Set{}
	if d.StartEndpoint != "" {
		r, err := c.record(&Item{EndpointReference: d.StartEndpoint}, d.StartEndpoint, RuleFailover)
		if err != nil {
			return nil, err
		}
		root = &policy.Set{Name: rec.Name, Type: rtype, Kind: policy.Simple, Records: []policy.Record{r}}
	}
	for id, r := range d.Rules {
		name := policy.RuleName(id)
		if id == d.StartRule {
			name = rec.Name
		}
		set, err := c.rule(name, &r)
		if err != nil {
			return nil, fmt.Errorf("traffic policy record %s: rule %q: %w", rec.Name, id, err)
		}
		if id == d.StartRule {
			root = set
			continue
		}
		rules[policy.RuleName(id)] = set
	}
	if root == nil {
		return nil, fmt.Errorf("traffic policy record %s: no start rule or endpoint", rec.Name)
	}
	root.Flow = policy.NewFlow(rec.InstanceID, rec.PolicyID, rec.PolicyVersion, rules)
	return root, nil
}

type compiler struct {
	d     *Document
	rec   Record
	rtype uint16
}

// rule makes a rule's group: one record per item, named by what it
// references.
func (c *compiler) rule(name string, r *Rule) (*policy.Set, error) {
	set := &policy.Set{Name: name, Type: c.rtype, Kind: ruleKinds[r.RuleType]}
	used := map[string]int{}
	for _, e := range r.entries() {
		id := e.item.RuleReference
		if id == "" {
			id = e.item.EndpointReference
		}
		if used[id]++; used[id] > 1 {
			id = fmt.Sprintf("%s#%d", id, used[id])
		}
		rec, err := c.record(e.item, id, r.RuleType)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.field, err)
		}
		if r.RuleType == RuleFailover {
			rec.Failover = policy.Primary
			if e.field == "Secondary" {
				rec.Failover = policy.Secondary
			}
		}
		set.Records = append(set.Records, rec)
	}
	return set, nil
}

// record makes one item's record: its routing field, health check, and
// values or the alias that leads on.
func (c *compiler) record(it *Item, id, ruleType string) (policy.Record, error) {
	rec := policy.Record{SetIdentifier: id, HealthCheckID: it.HealthCheck}
	eth := it.EvaluateTargetHealth != nil && *it.EvaluateTargetHealth
	switch ruleType {
	case RuleWeighted:
		w, err := weightOf(it)
		if err != nil {
			return rec, err
		}
		rec.Weight = w
	case RuleLatency:
		rec.Region = it.Region
	case RuleGeo:
		rec.Geo = policy.GeoLocation{Continent: it.Continent, Country: it.Country, Subdivision: it.Subdivision}
		if isDefault(it) {
			rec.Geo = policy.GeoLocation{Country: defaultCountry}
		}
	case RuleGeoproximity:
		p, err := Proximity(c.d.AWSPolicyFormatVersion, it)
		if err != nil {
			return rec, err
		}
		rec.Proximity = p
	}
	if it.RuleReference != "" {
		rec.Alias = &policy.Alias{Target: policy.RuleName(it.RuleReference), EvaluateTargetHealth: eth}
		return rec, nil
	}
	e, ok := c.d.Endpoints[it.EndpointReference]
	if !ok {
		return rec, fmt.Errorf("endpoint %q is not defined", it.EndpointReference)
	}
	if e.Type == EndpointValue {
		rr, err := ValueRR(c.rec.Name, c.rec.TTL, c.d.RecordType, e.Value)
		if err != nil {
			return rec, fmt.Errorf("endpoint %q: %w", it.EndpointReference, err)
		}
		rec.RRs = []dns.RR{rr}
		return rec, nil
	}
	// An AWS resource answers like an alias to it: its addresses, and
	// its health when EvaluateTargetHealth asks.
	rec.Alias = &policy.Alias{Target: ResourceName(e), EvaluateTargetHealth: eth, Resource: true}
	return rec, nil
}

// ResourceName is the DNS name of a resource endpoint, lower case and
// fully qualified: the value as given, or for an s3-website endpoint
// (whose value is the bucket) the bucket's website endpoint in its Region.
func ResourceName(e Endpoint) string {
	name := dns.CanonicalName(e.Value)
	if e.Type == EndpointS3Website && !strings.Contains(name, ".s3-website") {
		name = strings.TrimSuffix(name, ".") + "." + resources.S3WebsiteHost(e.Region)
	}
	return name
}
