package policy

import (
	"net/netip"
	"strconv"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/resources"
)

// An alias whose target lies outside the zone points at an AWS resource:
// a load balancer, a CloudFront distribution, an S3 website endpoint ….
// Route 53 answers it with the resource's own addresses under the alias's
// name, with the resource's TTL (60 s for load balancers), and with
// EvaluateTargetHealth the alias is as healthy as the resource says.
// Resources are found at query time in Env.Resources, so loading a new
// resources file changes answers without rebuilding zones.

// resourceMemo keeps the last resource an alias led to and its
// addresses: a record's health and its answer need the same ones, and
// within one Select neither the resources nor the health change.
type resourceMemo struct {
	name      string
	r         *resources.Resource
	dualstack bool
	why       string

	addrsValid bool
	qtype      uint16
	addrs      []netip.Addr
}

// resource finds the resource an alias points at; why says what is
// missing when it is not found.
func (s *selector) resource(name string) (r *resources.Resource, dualstack bool, why string) {
	m := &s.memo
	if m.name == name && (m.r != nil || m.why != "") {
		return m.r, m.dualstack, m.why
	}
	*m = resourceMemo{name: name, addrs: m.addrs[:0]}
	switch r, dualstack, ok := s.env.Resources.Lookup(name); {
	case s.env.Resources == nil:
		m.why = "no AWS resources are declared"
	case !ok || r == nil:
		m.why = "not a declared AWS resource"
	default:
		m.r, m.dualstack = r, dualstack
	}
	return m.r, m.dualstack, m.why
}

// aliasResource finds the resource an alias to a resource points at:
// the bucket named like it when it is declared, else its target.
func (s *selector) aliasResource(a *Alias) (r *resources.Resource, dualstack bool, why string) {
	if a.Bucket != "" {
		if r, dualstack, _ = s.resource(a.Bucket); r != nil {
			return r, dualstack, ""
		}
	}
	return s.resource(a.Target)
}

// addresses are the addresses of the resource resource last returned for
// qtype now, in memory of the Scratch when there is one (valid until
// another resource is looked up).
func (s *selector) addresses(qtype uint16) []netip.Addr {
	m := &s.memo
	if m.addrsValid && m.qtype == qtype {
		return m.addrs
	}
	if qtype != dns.TypeA && qtype != dns.TypeAAAA {
		return nil
	}
	buf := m.addrs[:0]
	if sc := s.env.Scratch; sc != nil && buf == nil {
		buf = sc.addrs[:0]
	}
	buf = m.r.Addresses(s.env.Health, qtype, m.dualstack, buf)
	if sc := s.env.Scratch; sc != nil {
		sc.addrs = buf
	}
	m.addrs, m.addrsValid, m.qtype = buf, true, qtype
	return buf
}

// resourceValues answers an alias to a resource: its addresses now, as
// records owned by the resource's name with its TTL, in random order.
func (s *selector) resourceValues(rec *Record, qtype uint16, tr *Trace) []dns.RR {
	r, _, why := s.aliasResource(rec.Alias)
	if r == nil {
		if tr != nil {
			tr.note(aliasLabel(rec), "→ ", rec.Alias.Target, ": ", why, ", nothing to answer")
		}
		return nil
	}
	addrs := s.addresses(qtype)
	rrs := s.env.Scratch.takeRRs(len(addrs))
	s.env.Scratch.resourceRRs(s.env.Resources, r, addrs, rrs)
	s.shuffle(rrs)
	if tr != nil {
		tr.note(aliasLabel(rec), "→ ", rec.Alias.Target, ": ", describe(r), " answers ",
			strconv.Itoa(len(rrs)), " ", dns.TypeToString[qtype], " records, TTL ", strconv.Itoa(int(r.TTL())))
	}
	return rrs
}

// resourceHealthy is the record health of an alias to a resource:
// unhealthy when the resource is not declared or has no address of the
// type, and with EvaluateTargetHealth when the resource says it is
// unhealthy. Resources whose health Route 53 cannot evaluate (CloudFront,
// S3 website endpoints …) count as healthy.
func (s *selector) resourceHealthy(a *Alias, eth bool, qtype uint16, explain bool) (ok bool, why string) {
	name := a.Target
	r, _, broken := s.aliasResource(a)
	if r == nil {
		if explain {
			why = "alias to " + name + ": " + broken
		}
		return false, why
	}
	if eth {
		if healthy, evaluable := r.TargetHealth(s.env.Health); evaluable && !healthy {
			if explain {
				why = "alias to " + name + " evaluating target health: " + describe(r) + " unhealthy: " + unhealthyWhy(r, s.env.Health)
			}
			return false, why
		}
	}
	if len(s.addresses(qtype)) == 0 {
		if explain {
			why = "alias to " + name + ": " + describe(r) + " has no " + dns.TypeToString[qtype] + " addresses"
		}
		return false, why
	}
	if explain {
		why = "alias to " + name + " without EvaluateTargetHealth"
		if eth {
			why = "alias to " + name + " evaluating target health: " + describe(r) + " healthy"
			if _, evaluable := r.TargetHealth(s.env.Health); !evaluable {
				why = "alias to " + name + ": Route 53 cannot evaluate the health of " + describe(r) + ", counted healthy"
			}
		}
	}
	return true, why
}

// describe names a resource for traces: "application load balancer in
// us-east-1".
func describe(r *resources.Resource) string {
	var d string
	switch r.Kind {
	case resources.ApplicationLB, resources.NetworkLB, resources.ClassicLB:
		d = string(r.Kind) + " load balancer"
	case resources.CloudFront:
		d = "CloudFront distribution"
	case resources.S3Website:
		d = "S3 website endpoint"
	case resources.APIGateway:
		d = "API Gateway domain"
	case resources.GlobalAccelerator:
		d = "Global Accelerator"
	case resources.ElasticBeanstalk:
		d = "Elastic Beanstalk environment"
	case resources.VPCEndpoint:
		d = "VPC endpoint"
	default:
		d = string(r.Kind)
	}
	if r.Region != "" {
		d += " in " + r.Region
	}
	return d
}

// unhealthyWhy says which target group leaves a load balancer unhealthy
// (Route 53: every target group with targets needs a healthy one, and an
// empty group counts as unhealthy). Only explanations call it.
func unhealthyWhy(r *resources.Resource, h Health) string {
	if lb := r.LoadBalancer(); lb != nil {
		r = lb // an Elastic Beanstalk environment's load balancer
	}
	if r.Kind == resources.ClassicLB {
		return "no registered instance is healthy"
	}
	if len(r.TargetGroups) == 0 {
		return "it has no target group"
	}
	for _, g := range r.TargetGroups {
		if len(g.Targets) == 0 {
			return "target group " + g.Name + " has no registered target"
		}
		healthy := false
		for _, t := range g.Targets {
			healthy = healthy || (t.Unused == "" && (h == nil || h.Healthy(t.CheckID)))
		}
		if !healthy {
			return "target group " + g.Name + " has no healthy target"
		}
	}
	return "a target group has no healthy target"
}

// resourceRecord is the record of one address of a resource.
type resourceRecord struct {
	addr netip.Addr
	rr   dns.RR
}

// resourceRRs writes the records of the addresses of r into rrs, from
// the cache of this Scratch's goroutine once made: answers to aliases
// then allocate nothing. The cache holds records of one resources Set
// and starts over when another is loaded. Without a Scratch it allocates.
func (sc *Scratch) resourceRRs(set *resources.Set, r *resources.Resource, addrs []netip.Addr, rrs []dns.RR) {
	if sc == nil {
		for i, a := range addrs {
			rrs[i] = newResourceRR(r, a)
		}
		return
	}
	if sc.resourceSet != set || sc.resourceCache == nil {
		sc.resourceSet = set
		sc.resourceCache = map[*resources.Resource][]resourceRecord{}
	}
	known := sc.resourceCache[r]
	for i, a := range addrs {
		rrs[i] = nil
		for _, k := range known {
			if k.addr == a {
				rrs[i] = k.rr
				break
			}
		}
		if rrs[i] == nil {
			rrs[i] = newResourceRR(r, a)
			known = append(known, resourceRecord{a, rrs[i]})
			sc.resourceCache[r] = known
		}
	}
}

func newResourceRR(r *resources.Resource, a netip.Addr) dns.RR {
	h := dns.RR_Header{Name: r.DNSName, Class: dns.ClassINET, Ttl: r.TTL()}
	if a.Is4() {
		h.Rrtype = dns.TypeA
		return &dns.A{Hdr: h, A: a.AsSlice()}
	}
	h.Rrtype = dns.TypeAAAA
	return &dns.AAAA{Hdr: h, AAAA: a.AsSlice()}
}
