package resources

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/r53d/r53d/healthcheck"
	"go.yaml.in/yaml/v3"
)

// tgDoc is a target group as `aws elbv2 describe-target-groups` prints
// it, plus its registered Targets (each as describe-target-health prints
// Target: Id, an IP address here, Port and AvailabilityZone) and its
// deregistration delay in seconds (a target-group attribute in AWS).
type tgDoc struct {
	ARN        string `yaml:"TargetGroupArn"`
	Name       string `yaml:"TargetGroupName"`
	Protocol   string `yaml:"Protocol"`
	Port       int    `yaml:"Port"`
	HCProtocol string `yaml:"HealthCheckProtocol"`
	HCPort     string `yaml:"HealthCheckPort"`
	HCPath     string `yaml:"HealthCheckPath"`
	Interval   int    `yaml:"HealthCheckIntervalSeconds"`
	Timeout    int    `yaml:"HealthCheckTimeoutSeconds"`
	Healthy    int    `yaml:"HealthyThresholdCount"`
	Unhealthy  int    `yaml:"UnhealthyThresholdCount"`
	Matcher    struct {
		HTTPCode string `yaml:"HttpCode"`
	} `yaml:"Matcher"`
	LoadBalancers []string    `yaml:"LoadBalancerArns"`
	Targets       []targetDoc `yaml:"Targets"`
	Delay         *int        `yaml:"DeregistrationDelay"`
	Region        string      `yaml:"Region"`
}

type targetDoc struct {
	ID   string `yaml:"Id"`
	Port int    `yaml:"Port"`
	AZ   string `yaml:"AvailabilityZone"`
}

// targetGroup reads one target group and links it to its load balancers.
func (l *loader) targetGroup(field string, n *yaml.Node) {
	var d tgDoc
	if !l.decode(n, field, &d) {
		return
	}
	g := &TargetGroup{Name: d.Name, ARN: d.ARN, Port: d.Port}
	if !l.groupName(n, field+".TargetGroupName", d.Name) {
		return
	}
	kind := l.linkGroup(n, field, g, d.LoadBalancers)
	if kind == "" {
		switch d.Protocol {
		case "GENEVE":
			l.warn(at(n, "Protocol"), field+".Protocol", "target group %q is a gateway load balancer's; ignored", d.Name)
			return
		case "TCP", "TLS", "UDP", "TCP_UDP":
			kind = NetworkLB
		default:
			kind = ApplicationLB
		}
	}
	g.Region = l.groupRegion(n, field, g, d.Region, arnRegion(d.ARN))
	def := defaultsFor(kind)
	g.Protocol = l.oneOf(n, field, "Protocol", d.Protocol, def.protocol, def.protocols, kind)
	if g.Port != 0 && (g.Port < 1 || g.Port > 65535) {
		l.fail(at(n, "Port"), field+".Port", "must be 1 to 65535, not %d", g.Port)
	}
	g.HealthCheck = l.healthCheck(n, field, &d, def, kind)
	g.DeregistrationDelay = 300
	if d.Delay != nil {
		g.DeregistrationDelay = *d.Delay
		if *d.Delay < 0 || *d.Delay > 3600 {
			l.fail(at(n, "DeregistrationDelay"), field+".DeregistrationDelay", "must be 0 to 3600 seconds, not %d", *d.Delay)
		}
	}
	l.targetsAs(n, field, "Targets", g, d.Targets)
	l.set.groups = append(l.set.groups, g)
}

// groupName checks that a target group's (or a classic LB's) name is
// given and unique in the file: it names its targets' checks.
func (l *loader) groupName(n *yaml.Node, field, name string) bool {
	switch {
	case name == "":
		l.fail(n, field, "is required")
		return false
	case strings.ContainsAny(name, "/ "):
		l.fail(n, field, "%q: a name has no '/' or spaces", name)
		return false
	}
	if line, dup := l.groupNames[name]; dup {
		l.fail(n, field, "%q is already the name of a target group or classic load balancer (line %d); r53d names targets by it, so names must be unique in the file", name, line)
		return false
	}
	l.groupNames[name] = n.Line
	return true
}

// linkGroup attaches g to the load balancers it names (by ARN or by
// name) and returns their kind ("" when it names none).
func (l *loader) linkGroup(n *yaml.Node, field string, g *TargetGroup, refs []string) Kind {
	var kind Kind
	for i, ref := range refs {
		f := fmt.Sprintf("%s.LoadBalancerArns[%d]", field, i)
		lb, ok := l.lbs[ref]
		switch {
		case ok && lb == nil:
			l.fail(at(n, "LoadBalancerArns", i), f, "load balancer %q is declared in several regions: give its ARN", ref)
			continue
		case !ok:
			l.fail(at(n, "LoadBalancerArns", i), f, "load balancer %q is not declared in LoadBalancers", ref)
			continue
		case lb.Kind == ClassicLB:
			l.fail(at(n, "LoadBalancerArns", i), f, "%q is a classic load balancer, which has no target groups", ref)
			continue
		case kind != "" && lb.Kind != kind:
			l.fail(at(n, "LoadBalancerArns", i), f, "a target group serves one type of load balancer, not %s and %s", kind, lb.Kind)
			continue
		}
		kind = lb.Kind
		g.LoadBalancers = append(g.LoadBalancers, lb)
		lb.TargetGroups = append(lb.TargetGroups, g)
	}
	return kind
}

func (l *loader) groupRegion(n *yaml.Node, field string, g *TargetGroup, declared, fromARN string) string {
	region := declared
	for _, r := range append([]string{fromARN}, regionsOf(g.LoadBalancers)...) {
		switch {
		case r == "":
		case region == "":
			region = r
		case r != region:
			l.fail(n, field, "target group %q: region %s and %s disagree (a target group and its load balancers share a region)", g.Name, region, r)
			return region
		}
	}
	return region
}

func regionsOf(lbs []*Resource) []string {
	var out []string
	for _, lb := range lbs {
		out = append(out, lb.Region)
	}
	return out
}

// oneOf checks a protocol field against the allowed values, with a default.
func (l *loader) oneOf(n *yaml.Node, field, key, value, def string, allowed []string, k Kind) string {
	if value == "" {
		return def
	}
	if !slices.Contains(allowed, value) {
		l.fail(at(n, key), field+"."+key, "%s is not allowed with %s load balancers (%s)", value, k, strings.Join(allowed, ", "))
	}
	return value
}

// targetsAs reads the registered targets listed under key: each an IP
// address, a port (the group's by default) and an Availability Zone that
// must be one the load balancers enable ("all" for any), which may be left
// out when they enable only one. A target in a zone no load balancer enables, or in a group
// none uses, is unused, as ELB reports it.
func (l *loader) targetsAs(n *yaml.Node, field, key string, g *TargetGroup, docs []targetDoc) {
	enabled := map[string]bool{}
	var only string
	for _, lb := range g.LoadBalancers {
		for _, z := range lb.AZs {
			enabled[z.Name] = true
			only = z.Name
		}
	}
	if len(g.LoadBalancers) == 0 && len(docs) > 0 {
		l.warn(n, field+".LoadBalancerArns", "target group %q is used by no load balancer: its targets are unused", g.Name)
	}
	seen := map[netip.AddrPort]bool{}
	for i, d := range docs {
		tn := at(n, key, i)
		f := fmtField(field, key, i)
		t, ok := l.target(tn, f, g, d)
		if !ok {
			continue
		}
		if t.AZ == "" && len(enabled) == 1 {
			t.AZ = only
		}
		switch {
		case len(g.LoadBalancers) == 0:
			t.Unused = "Target.NotInUse"
		case t.AZ == "":
			l.fail(tn, f+".AvailabilityZone", "is required: the load balancers enable several zones")
			continue
		case t.AZ != "all" && !enabled[t.AZ]:
			t.Unused = "Target.NotInUse"
		}
		ap := netip.AddrPortFrom(t.Addr, uint16(t.Port))
		if seen[ap] {
			l.fail(tn, f, "target %s is registered twice", ap)
			continue
		}
		seen[ap] = true
		t.CheckID = healthcheck.TargetPrefix + g.Name + "/" + ap.String()
		g.Targets = append(g.Targets, t)
	}
}

func (l *loader) target(n *yaml.Node, field string, g *TargetGroup, d targetDoc) (Target, bool) {
	addr, err := netip.ParseAddr(d.ID)
	if err != nil || addr.Zone() != "" {
		key := "Id"
		if g.Classic {
			key = "IpAddress"
		}
		l.fail(at(n, key), field+"."+key, "%q is not an IP address: r53d probes targets by address, so give the instance's IP", d.ID)
		return Target{}, false
	}
	t := Target{Addr: addr.Unmap(), Port: d.Port, AZ: d.AZ}
	if t.Port == 0 {
		t.Port = g.Port
	}
	if t.Port < 1 || t.Port > 65535 {
		l.fail(at(n, "Port"), field+".Port", "needs a port (1 to 65535), its own or the target group's")
		return Target{}, false
	}
	return t, true
}
