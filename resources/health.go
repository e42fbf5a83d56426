package resources

import (
	"net/netip"

	"github.com/miekg/dns"
)

// TargetGroup is one ELB target group (or a classic load balancer's
// registered instances) with its health check.
type TargetGroup struct {
	Name     string
	ARN      string
	Region   string
	Protocol string
	Port     int
	// Classic marks a classic load balancer's instances.
	Classic     bool
	HealthCheck HealthCheck
	// DeregistrationDelay is how long, in seconds, a deregistered target
	// drains.
	DeregistrationDelay int
	Targets             []Target
	LoadBalancers       []*Resource
}

// HealthCheck is a target group's health check with its defaults filled.
type HealthCheck struct {
	Protocol           string // HTTP, HTTPS or TCP
	Port               int    // 0: the traffic port (each target's own)
	Path               string // HTTP(S) only
	Interval           int    // seconds
	Timeout            int    // seconds
	HealthyThreshold   int
	UnhealthyThreshold int
	Matcher            string // HTTP codes: "200", "200-299", "200,202"
}

// Target is one registered target.
type Target struct {
	Addr netip.Addr
	Port int
	AZ   string // an enabled zone of the load balancer, or "all"
	// CheckID is its id in the prober's snapshots: "target/<group>/<ip>:<port>".
	CheckID string
	// Unused is why ELB does not use it ("Target.NotInUse": its zone is
	// not enabled on the load balancer, or no load balancer uses the
	// group), "" when it is in use. An unused target is never healthy.
	Unused string
}

// Addresses appends the addresses the resource's name answers for a
// query of qtype (A or AAAA) given target health — for a load balancer,
// the nodes of the AZs ELB keeps in DNS — and returns dst. An ALB or
// classic LB answers AAAA only under its "dualstack." name; an NLB with
// dual stack answers AAAA on its own name. h nil counts every target
// healthy.
func (r *Resource) Addresses(h Health, qtype uint16, dualstack bool, dst []netip.Addr) []netip.Addr {
	if qtype != dns.TypeA && qtype != dns.TypeAAAA {
		return dst
	}
	v6 := qtype == dns.TypeAAAA
	switch r.Kind {
	case ApplicationLB, ClassicLB:
		if v6 && !(dualstack && r.DualStack) {
			return dst
		}
	case NetworkLB:
		if v6 && !r.DualStack {
			return dst
		}
	case GlobalAccelerator:
		if v6 && !dualstack {
			return dst // the DnsName is IPv4 only; the DualStackDnsName answers both
		}
	case ElasticBeanstalk:
		if r.via != nil {
			return r.via.Addresses(h, qtype, false, dst)
		}
	}
	if !r.Kind.IsLoadBalancer() {
		return appendFamily(dst, r.addrs, v6)
	}
	live := r.liveZones(h)
	for i, z := range r.AZs {
		if live&(1<<i) != 0 {
			dst = appendFamily(dst, z.Addrs, v6)
		}
	}
	return dst
}

func appendFamily(dst, addrs []netip.Addr, v6 bool) []netip.Addr {
	for _, a := range addrs {
		if a.Is6() == v6 {
			dst = append(dst, a)
		}
	}
	return dst
}

// maxZones bounds a load balancer's zones so that liveZones is a bit set
// (AWS regions have at most six).
const maxZones = 64

// liveZones is the set of zones ELB keeps in DNS, as bits by index.
// Cross-zone off (the NLB default): a zone stays only if every target
// group with targets has a healthy target in it. Cross-zone on (always
// for an ALB): every zone stays while each such group has a healthy
// target anywhere. When no zone qualifies ELB fails open and answers all
// of them — so with cross-zone on, every node is always answered.
func (r *Resource) liveZones(h Health) uint64 {
	all := uint64(1)<<len(r.AZs) - 1
	if len(r.AZs) == maxZones {
		all = ^uint64(0)
	}
	if r.CrossZone {
		return all // every zone, or none and so all: the same nodes
	}
	var live uint64
	for i, z := range r.AZs {
		if r.zoneServes(h, z.Name) {
			live |= 1 << i
		}
	}
	if live == 0 {
		return all
	}
	return live
}

func (r *Resource) zoneServes(h Health, zone string) bool {
	for _, g := range r.TargetGroups {
		if len(g.Targets) > 0 && !g.healthyIn(h, zone) {
			return false
		}
	}
	return true
}

// healthyIn tells whether the group has a healthy target in zone ("":
// in any zone). A target in zone "all" is in every zone.
func (g *TargetGroup) healthyIn(h Health, zone string) bool {
	for i := range g.Targets {
		t := &g.Targets[i]
		if t.Unused != "" || zone != "" && t.AZ != zone && t.AZ != "all" {
			continue
		}
		if h == nil || h.Healthy(t.CheckID) {
			return true
		}
	}
	return false
}

// TargetHealth is what an alias with EvaluateTargetHealth sees: healthy,
// and whether Route 53 can evaluate the resource's health at all.
//
//   - ALB, NLB: healthy when every target group has a healthy target; a
//     group with no registered targets is unhealthy (Route 53's current
//     text), and so is a load balancer without target groups.
//   - Classic LB: unhealthy when no registered instance is healthy.
//   - Elastic Beanstalk: its load balancer's health; a single-instance
//     environment has no special requirement (healthy).
//   - CloudFront: EvaluateTargetHealth cannot be true for it: not
//     evaluable (healthy is true).
//   - S3 website, API Gateway, VPC endpoint, Global Accelerator: no
//     special requirement: healthy, evaluable.
func (r *Resource) TargetHealth(h Health) (healthy, evaluable bool) {
	switch {
	case r.Kind == CloudFront:
		return true, false
	case r.Kind == ElasticBeanstalk && r.via != nil:
		return r.via.TargetHealth(h)
	case !r.Kind.IsLoadBalancer():
		return true, true
	}
	if len(r.TargetGroups) == 0 {
		return false, true
	}
	for _, g := range r.TargetGroups {
		if !g.healthyIn(h, "") {
			return false, true
		}
	}
	return true, true
}
