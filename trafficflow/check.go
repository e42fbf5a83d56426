package trafficflow

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// recordTypes are the DNS types a policy may create (Route 53's RecordType
// values for traffic policies).
var recordTypes = []string{"A", "AAAA", "CAA", "CNAME", "MX", "NAPTR", "PTR", "SPF", "SRV", "TXT", "DS"}

// The endpoint types.
const (
	EndpointValue       = "value"
	EndpointCloudFront  = "cloudfront"
	EndpointClassicLB   = "elastic-load-balancer"
	EndpointALB         = "application-load-balancer"
	EndpointNLB         = "network-load-balancer"
	EndpointS3Website   = "s3-website"
	EndpointBeanstalk   = "elastic-beanstalk"
	regionPrefix        = "aws:route53:"
	maxItemsPerRule     = 100
	defaultCountry      = "*"
	maxEndpointValueLen = 4000
)

var endpointTypes = []string{EndpointValue, EndpointCloudFront, EndpointClassicLB, EndpointALB, EndpointNLB, EndpointS3Website, EndpointBeanstalk}

// coordinateText is a latitude or longitude with at most two decimals.
var coordinateText = regexp.MustCompile(`^-?[0-9]{1,3}(\.[0-9]{1,2})?$`)

// Known is what a document's references are checked against; nil maps
// are not checked.
type Known struct {
	HealthChecks map[string]bool
}

// checker collects the problems of one document.
type checker struct {
	d     *Document
	doc   string
	known Known
	errs  Errors
}

func (c *checker) add(rule, field, format string, args ...any) {
	c.errs = append(c.errs, &Error{Doc: c.doc, Rule: rule, Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check applies Route 53's rules to a parsed document. doc names it in
// messages (e.g. `traffic policy "web" version 2`). It returns nil when
// the document is valid.
func Check(d *Document, doc string, known Known) error {
	c := &checker{d: d, doc: doc, known: known}
	c.top()
	for _, id := range sortedKeys(d.Endpoints) {
		c.endpoint(id, d.Endpoints[id])
	}
	for _, id := range sortedKeys(d.Rules) {
		r := d.Rules[id]
		c.rule(id, &r)
	}
	c.graph()
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

func (c *checker) top() {
	d := c.d
	if d.AWSPolicyFormatVersion != Version2015 && d.AWSPolicyFormatVersion != Version2023 {
		c.add("", "AWSPolicyFormatVersion", "%q is not a policy format version: use %s or %s", d.AWSPolicyFormatVersion, Version2015, Version2023)
	}
	if !slices.Contains(recordTypes, d.RecordType) {
		c.add("", "RecordType", "%q is not a record type a traffic policy can create (%s)", d.RecordType, strings.Join(recordTypes, ", "))
	}
	switch {
	case d.StartRule != "" && d.StartEndpoint != "":
		c.add("", "StartRule", "a document has either StartRule or StartEndpoint, not both")
	case d.StartRule != "":
		if _, ok := d.Rules[d.StartRule]; !ok {
			c.add("", "StartRule", "rule %q is not defined in Rules", d.StartRule)
		}
	case d.StartEndpoint != "":
		if _, ok := d.Endpoints[d.StartEndpoint]; !ok {
			c.add("", "StartEndpoint", "endpoint %q is not defined in Endpoints", d.StartEndpoint)
		}
	default:
		c.add("", "StartRule", "a document needs StartRule or StartEndpoint")
	}
}

// endpoint checks one endpoint against the document's RecordType.
func (c *checker) endpoint(id string, e Endpoint) {
	field := "Endpoints." + id
	switch {
	case !slices.Contains(endpointTypes, e.Type):
		c.add("", field+".Type", "%q is not an endpoint type (%s)", e.Type, strings.Join(endpointTypes, ", "))
	case e.Value == "":
		c.add("", field+".Value", "an endpoint needs a Value")
	case len(e.Value) > maxEndpointValueLen:
		c.add("", field+".Value", "the value is longer than %d characters", maxEndpointValueLen)
	case e.Type == EndpointValue:
		if _, err := ValueRR(".", 0, c.d.RecordType, e.Value); err != nil && slices.Contains(recordTypes, c.d.RecordType) {
			c.add("", field+".Value", "%q is not a value of RecordType %s: %v", e.Value, c.d.RecordType, err)
		}
	case c.d.RecordType != "A" && c.d.RecordType != "AAAA":
		c.add("", field+".Type", "a %s endpoint answers A or AAAA records (RecordType A or AAAA), not RecordType %s", e.Type, c.d.RecordType)
	case e.Type == EndpointS3Website && e.Region == "":
		c.add("", field+".Region", "an s3-website endpoint needs the Region of its bucket")
	}
	if e.Region != "" && e.Type != EndpointS3Website {
		c.add("", field+".Region", "only s3-website endpoints have a Region")
	}
}

// ValueRR parses a value endpoint as a record of type rtype at owner.
func ValueRR(owner string, ttl uint32, rtype, value string) (dns.RR, error) {
	rr, err := dns.NewRR(fmt.Sprintf("%s %d IN %s %s", owner, ttl, rtype, value))
	switch {
	case err != nil:
		return nil, err
	case rr == nil:
		return nil, fmt.Errorf("empty value")
	}
	return rr, nil
}

// rule checks one rule and each of its items.
func (c *checker) rule(id string, r *Rule) {
	if _, ok := ruleKinds[r.RuleType]; !ok {
		c.add(id, "RuleType", "%q is not a rule type (failover, geo, geoproximity, latency, multivalue, weighted)", r.RuleType)
		return
	}
	for _, m := range r.strayMembers() {
		c.add(id, m, "a %s rule has no %s", r.RuleType, m)
	}
	es := r.entries()
	switch {
	case r.RuleType == RuleFailover && r.Primary == nil:
		c.add(id, "Primary", "a failover rule needs a Primary")
	case r.RuleType == RuleFailover && r.Secondary == nil:
		c.add(id, "Secondary", "a failover rule needs a Secondary")
	case r.RuleType != RuleFailover && len(es) == 0:
		c.add(id, itemsField[r.RuleType], "a %s rule needs at least one item", r.RuleType)
	case len(es) > maxItemsPerRule:
		c.add(id, itemsField[r.RuleType], "%d items; r53d allows %d per rule", len(es), maxItemsPerRule)
	}
	for _, e := range es {
		c.reference(id, r.RuleType, e)
	}
	c.items(id, r, es)
}

// reference checks what an item points at.
func (c *checker) reference(id, ruleType string, e entry) {
	it := e.item
	switch {
	case it.EndpointReference != "" && it.RuleReference != "":
		c.add(id, e.field, "an item has either EndpointReference or RuleReference, not both")
	case ruleType == RuleMultivalue && it.RuleReference != "":
		c.add(id, e.field+".RuleReference", "a multivalue rule can reference only endpoints, not rule %q", it.RuleReference)
	case it.RuleReference != "":
		if _, ok := c.d.Rules[it.RuleReference]; !ok {
			c.add(id, e.field+".RuleReference", "rule %q is not defined in Rules", it.RuleReference)
		}
	case it.EndpointReference != "":
		if _, ok := c.d.Endpoints[it.EndpointReference]; !ok {
			c.add(id, e.field+".EndpointReference", "endpoint %q is not defined in Endpoints", it.EndpointReference)
		}
	default:
		c.add(id, e.field, "an item needs an EndpointReference or a RuleReference")
	}
	if it.HealthCheck != "" && c.known.HealthChecks != nil && !c.known.HealthChecks[it.HealthCheck] {
		c.add(id, e.field+".HealthCheck", "health check %q is not defined", it.HealthCheck)
	}
	if ruleType == RuleMultivalue && it.EvaluateTargetHealth != nil && *it.EvaluateTargetHealth {
		c.add(id, e.field+".EvaluateTargetHealth", "a multivalue rule's items reference endpoints only: give them a HealthCheck")
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
