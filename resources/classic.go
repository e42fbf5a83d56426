package resources

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// clbDoc is a classic load balancer as `aws elb describe-load-balancers`
// prints it, with r53d's additions: AvailabilityZones as objects with
// their nodes' LoadBalancerAddresses (AWS prints zone names only), each
// instance's IpAddress and AvailabilityZone (AWS prints InstanceId only),
// CrossZoneLoadBalancing (an attribute in AWS; off by default, as the API
// creates them), IpAddressType and Region.
type clbDoc struct {
	Name      string  `yaml:"LoadBalancerName"`
	DNSName   string  `yaml:"DNSName"`
	ZoneID    string  `yaml:"CanonicalHostedZoneNameID"`
	Scheme    string  `yaml:"Scheme"`
	Zones     []azDoc `yaml:"AvailabilityZones"`
	Instances []struct {
		InstanceID string `yaml:"InstanceId"`
		IPAddress  string `yaml:"IpAddress"`
		AZ         string `yaml:"AvailabilityZone"`
	} `yaml:"Instances"`
	HealthCheck struct {
		Target             string `yaml:"Target"`
		Interval           int    `yaml:"Interval"`
		Timeout            int    `yaml:"Timeout"`
		UnhealthyThreshold int    `yaml:"UnhealthyThreshold"`
		HealthyThreshold   int    `yaml:"HealthyThreshold"`
	} `yaml:"HealthCheck"`
	Listeners []struct {
		Listener struct {
			InstancePort int `yaml:"InstancePort"`
		} `yaml:"Listener"`
	} `yaml:"ListenerDescriptions"`
	CrossZone     *bool  `yaml:"CrossZoneLoadBalancing"`
	IPAddressType string `yaml:"IpAddressType"`
	Region        string `yaml:"Region"`
}

// classic reads one classic load balancer; its instances become a target
// group named after it.
func (l *loader) classic(field string, n *yaml.Node) {
	var d clbDoc
	if !l.decode(n, field, &d) {
		return
	}
	r := &Resource{Kind: ClassicLB, Name: d.Name, Line: n.Line}
	if !l.groupName(n, field+".LoadBalancerName", d.Name) {
		return
	}
	_, dnsRegion, _ := Guess(d.DNSName)
	if r.DNSName = l.name(at(n, "DNSName"), field+".DNSName", d.DNSName, r, false); r.DNSName == "" {
		return
	}
	if r.Region = l.region(n, field, d.Region, dnsRegion); r.Region == "" {
		return
	}
	r.HostedZoneID = l.zoneID(at(n, "CanonicalHostedZoneNameID"), field+".CanonicalHostedZoneNameID", ClassicLB, r.Region, d.ZoneID, "classic load balancers")
	l.lbOptions(n, field, r, &lbDoc{Scheme: d.Scheme, IPAddressType: d.IPAddressType, CrossZone: d.CrossZone})
	r.AZs = l.zones(n, field, r, d.Zones)
	g := &TargetGroup{Name: d.Name, Region: r.Region, Classic: true, DeregistrationDelay: 300, LoadBalancers: []*Resource{r}}
	g.HealthCheck, g.Port = l.classicCheck(n, field, &d)
	g.Protocol = g.HealthCheck.Protocol
	docs := make([]targetDoc, len(d.Instances))
	for i, in := range d.Instances {
		docs[i] = targetDoc{ID: in.IPAddress, Port: g.Port, AZ: in.AZ}
		if docs[i].ID == "" {
			docs[i].ID = in.InstanceID
		}
	}
	r.TargetGroups = []*TargetGroup{g}
	l.targetsAs(n, field, "Instances", g, docs)
	l.set.groups = append(l.set.groups, g)
	l.register(n, field, r)
}

// classicCheck reads HealthCheck.Target ("HTTP:80/index.html", "TCP:80",
// "HTTPS:443/", "SSL:443") and the counts, with the classic defaults.
// An SSL check is probed as TCP. port is the instances' traffic port.
func (l *loader) classicCheck(n *yaml.Node, field string, d *clbDoc) (HealthCheck, int) {
	port := 0
	if len(d.Listeners) > 0 {
		port = d.Listeners[0].Listener.InstancePort
	}
	h := d.HealthCheck
	hc := HealthCheck{Interval: h.Interval, Timeout: h.Timeout, HealthyThreshold: h.HealthyThreshold, UnhealthyThreshold: h.UnhealthyThreshold}
	target := h.Target
	if target == "" {
		target = "TCP:" + strconv.Itoa(max(port, 80))
	}
	proto, rest, _ := strings.Cut(target, ":")
	portText, path, hasPath := strings.Cut(rest, "/")
	p, err := strconv.Atoi(portText)
	f := field + ".HealthCheck.Target"
	switch {
	case err != nil || p < 1 || p > 65535:
		l.fail(at(n, "HealthCheck", "Target"), f, "%q is not PROTOCOL:PORT[/PATH]", target)
	case proto == "HTTP" || proto == "HTTPS":
		hc.Path = "/" + path
		hc.Matcher = "200"
	case proto == "TCP" || proto == "SSL":
		if hasPath {
			l.fail(at(n, "HealthCheck", "Target"), f, "a %s health check has no path", proto)
		}
		proto = "TCP"
	default:
		l.fail(at(n, "HealthCheck", "Target"), f, "%q: the protocol is HTTP, HTTPS, TCP or SSL", target)
	}
	hc.Protocol, hc.Port = proto, p
	hn := at(n, "HealthCheck")
	l.bounded(hn, field+".HealthCheck", "Interval", &hc.Interval, 30, 5, 300)
	l.bounded(hn, field+".HealthCheck", "Timeout", &hc.Timeout, 5, 2, 60)
	l.bounded(hn, field+".HealthCheck", "HealthyThreshold", &hc.HealthyThreshold, 10, 2, 10)
	l.bounded(hn, field+".HealthCheck", "UnhealthyThreshold", &hc.UnhealthyThreshold, 2, 2, 10)
	if hc.Timeout >= hc.Interval {
		l.fail(at(n, "HealthCheck", "Timeout"), field+".HealthCheck.Timeout", "the timeout (%d s) must be smaller than the interval (%d s)", hc.Timeout, hc.Interval)
	}
	if port == 0 {
		port = p
	}
	return hc, port
}

// fmtField is a list item's field path.
func fmtField(field, key string, i int) string { return fmt.Sprintf("%s.%s[%d]", field, key, i) }
