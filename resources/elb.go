package resources

import (
	"fmt"
	"net/netip"
	"strings"

	"go.yaml.in/yaml/v3"
)

// lbDoc is a load balancer as `aws elbv2 describe-load-balancers` prints
// it, plus r53d's CrossZoneLoadBalancing (a load-balancer attribute in
// AWS) and Region. Fields AWS prints that r53d does not use are ignored.
type lbDoc struct {
	ARN           string  `yaml:"LoadBalancerArn"`
	DNSName       string  `yaml:"DNSName"`
	ZoneID        string  `yaml:"CanonicalHostedZoneId"`
	Name          string  `yaml:"LoadBalancerName"`
	Scheme        string  `yaml:"Scheme"`
	Type          string  `yaml:"Type"`
	IPAddressType string  `yaml:"IpAddressType"`
	Zones         []azDoc `yaml:"AvailabilityZones"`
	CrossZone     *bool   `yaml:"CrossZoneLoadBalancing"`
	Region        string  `yaml:"Region"`
}

// azDoc is one Availability Zone with its node addresses. A classic load
// balancer's describe output lists zones by name only; that form is read
// too (and then has no addresses).
type azDoc struct {
	ZoneName  string `yaml:"ZoneName"`
	Addresses []struct {
		IPAddress   string `yaml:"IpAddress"`
		PrivateIPv4 string `yaml:"PrivateIPv4Address"`
		IPv6Address string `yaml:"IPv6Address"`
	} `yaml:"LoadBalancerAddresses"`
}

func (a *azDoc) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		a.ZoneName = n.Value
		return nil
	}
	type plain azDoc
	return n.Decode((*plain)(a))
}

// loadBalancer reads one application or network load balancer.
func (l *loader) loadBalancer(field string, n *yaml.Node) {
	var d lbDoc
	if !l.decode(n, field, &d) {
		return
	}
	r := &Resource{Name: d.Name, ARN: d.ARN, Line: n.Line}
	switch d.Type {
	case "application", "":
		r.Kind = ApplicationLB
		if d.Type == "" && strings.Contains(d.ARN, ":loadbalancer/net/") {
			r.Kind = NetworkLB
		}
	case "network":
		r.Kind = NetworkLB
	case "gateway":
		l.warn(at(n, "Type"), field+".Type", "gateway load balancer %q has no DNS name Route 53 can alias to; ignored", d.Name)
		return
	default:
		l.fail(at(n, "Type"), field+".Type", "%q is not a load balancer type (application, network, gateway)", d.Type)
		return
	}
	if d.Name == "" {
		l.fail(n, field+".LoadBalancerName", "is required")
		return
	}
	dnsKind, dnsRegion, _ := Guess(d.DNSName)
	if dnsKind == ApplicationLB && r.Kind == NetworkLB || dnsKind == NetworkLB && r.Kind == ApplicationLB {
		l.fail(at(n, "DNSName"), field+".DNSName", "%s is the DNS name of %s load balancer, but Type is %s", d.DNSName, article(dnsKind), r.Kind)
	}
	if r.DNSName = l.name(at(n, "DNSName"), field+".DNSName", d.DNSName, r, false); r.DNSName == "" {
		return
	}
	if r.Region = l.region(n, field, d.Region, arnRegion(d.ARN), dnsRegion); r.Region == "" {
		return
	}
	r.HostedZoneID = l.zoneID(at(n, "CanonicalHostedZoneId"), field+".CanonicalHostedZoneId", r.Kind, r.Region, d.ZoneID, string(r.Kind)+" load balancers")
	l.lbOptions(n, field, r, &d)
	r.AZs = l.zones(n, field, r, d.Zones)
	l.register(n, field, r)
}

func article(k Kind) string {
	if k == ApplicationLB {
		return "an application or classic"
	}
	return "a " + string(k)
}

// lbOptions checks Scheme, IpAddressType and cross-zone load balancing,
// with ELB's defaults: internet-facing, ipv4, cross-zone on for an ALB
// (it cannot be turned off) and off for an NLB.
func (l *loader) lbOptions(n *yaml.Node, field string, r *Resource, d *lbDoc) {
	switch r.Scheme = d.Scheme; r.Scheme {
	case "":
		r.Scheme = "internet-facing"
	case "internet-facing", "internal":
	default:
		l.fail(at(n, "Scheme"), field+".Scheme", "%q is not a scheme (internet-facing, internal)", d.Scheme)
	}
	switch d.IPAddressType {
	case "", "ipv4":
	case "dualstack", "dualstack-without-public-ipv4":
		r.DualStack = true
	default:
		l.fail(at(n, "IpAddressType"), field+".IpAddressType", "%q is not an IP address type (ipv4, dualstack)", d.IPAddressType)
	}
	r.CrossZone = r.Kind == ApplicationLB
	if d.CrossZone != nil {
		if r.Kind == ApplicationLB && !*d.CrossZone {
			l.fail(at(n, "CrossZoneLoadBalancing"), field+".CrossZoneLoadBalancing", "cross-zone load balancing is always on for application load balancers")
		}
		r.CrossZone = *d.CrossZone
	}
}

// zones reads the enabled Availability Zones and their nodes: every zone
// needs an IPv4 node address (what the name answers), and an IPv6 one
// only with dual stack.
func (l *loader) zones(n *yaml.Node, field string, r *Resource, docs []azDoc) []AZ {
	if len(docs) == 0 {
		l.fail(n, field+".AvailabilityZones", "a load balancer needs at least one Availability Zone with its node addresses")
	}
	if len(docs) > maxZones {
		l.fail(at(n, "AvailabilityZones"), field+".AvailabilityZones", "%d zones; at most %d", len(docs), maxZones)
		return nil
	}
	var out []AZ
	seen := map[string]bool{}
	for i, az := range docs {
		zn := at(n, "AvailabilityZones", i)
		f := fmt.Sprintf("%s.AvailabilityZones[%d]", field, i)
		if !strings.HasPrefix(az.ZoneName, r.Region) || seen[az.ZoneName] {
			l.fail(zn, f+".ZoneName", "%q is not a new Availability Zone of %s", az.ZoneName, r.Region)
			continue
		}
		seen[az.ZoneName] = true
		z := AZ{Name: az.ZoneName}
		var texts []string
		for _, a := range az.Addresses {
			texts = append(texts, strings.TrimSpace(a.IPAddress+a.PrivateIPv4))
			if a.IPv6Address != "" {
				texts = append(texts, a.IPv6Address)
			}
		}
		z.Addrs = l.addrs(at(zn, "LoadBalancerAddresses"), f+".LoadBalancerAddresses", texts)
		l.checkFamilies(zn, f, r, z.Addrs)
		out = append(out, z)
	}
	return out
}

func (l *loader) checkFamilies(n *yaml.Node, field string, r *Resource, addrs []netip.Addr) {
	v4, v6 := 0, 0
	for _, a := range addrs {
		if a.Is6() {
			v6++
		} else {
			v4++
		}
	}
	switch {
	case v4 == 0:
		l.fail(n, field+".LoadBalancerAddresses", "needs the IpAddress of the zone's node: r53d answers the load balancer's name with them")
	case v6 > 0 && !r.DualStack:
		l.fail(n, field+".LoadBalancerAddresses", "has an IPv6Address, but IpAddressType is not dualstack")
	case v6 == 0 && r.DualStack:
		l.warn(n, field+".LoadBalancerAddresses", "no IPv6Address: the dual-stack name answers no AAAA for this zone")
	}
}

// register indexes a load balancer by ARN and name for its target
// groups, and adds it.
func (l *loader) register(n *yaml.Node, field string, r *Resource) {
	for _, key := range []string{r.ARN, r.Name} {
		if key == "" {
			continue
		}
		prev, dup := l.lbs[key]
		switch {
		case dup && prev != nil && prev.Region == r.Region:
			l.fail(n, field, "load balancer %q is declared twice (line %d)", key, prev.Line)
			return
		case dup:
			l.lbs[key] = nil // one name in two regions: target groups must give the ARN
		default:
			l.lbs[key] = r
		}
	}
	l.add(r)
}
