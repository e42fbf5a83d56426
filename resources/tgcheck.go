package resources

import (
	"strconv"
	"strings"

	"github.com/r53d/r53d/healthcheck"
	"go.yaml.in/yaml/v3"
)

// defaults are ELB's health-check defaults and limits for one kind of
// load balancer.
type defaults struct {
	protocol, hcProtocol string
	protocols            []string // of the target group
	hcProtocols          []string
	timeout              func(hcProtocol string) int
	matcher              string
	codeLow, codeHigh    int
}

func defaultsFor(k Kind) defaults {
	if k == NetworkLB {
		return defaults{protocol: "TCP", hcProtocol: "TCP", protocols: []string{"TCP", "TLS", "UDP", "TCP_UDP"},
			hcProtocols: []string{"TCP", "HTTP", "HTTPS"}, matcher: "200-399", codeLow: 200, codeHigh: 599,
			timeout: func(p string) int {
				if p == "HTTP" {
					return 6
				}
				return 10
			}}
	}
	return defaults{protocol: "HTTP", hcProtocol: "HTTP", protocols: []string{"HTTP", "HTTPS"},
		hcProtocols: []string{"HTTP", "HTTPS"}, matcher: "200", codeLow: 200, codeHigh: 499,
		timeout: func(string) int { return 5 }}
}

// healthCheck fills a group's health check with ELB's defaults for the
// kind of load balancer, and checks it against ELB's limits.
func (l *loader) healthCheck(n *yaml.Node, field string, d *tgDoc, def defaults, k Kind) HealthCheck {
	hc := HealthCheck{Interval: d.Interval, Timeout: d.Timeout, HealthyThreshold: d.Healthy, UnhealthyThreshold: d.Unhealthy}
	hc.Protocol = l.oneOf(n, field, "HealthCheckProtocol", d.HCProtocol, def.hcProtocol, def.hcProtocols, k)
	http := strings.HasPrefix(hc.Protocol, "HTTP")
	switch d.HCPort {
	case "", "traffic-port":
	default:
		p, err := strconv.Atoi(d.HCPort)
		if err != nil || p < 1 || p > 65535 {
			l.fail(at(n, "HealthCheckPort"), field+".HealthCheckPort", "%q is not a port (1 to 65535, or traffic-port)", d.HCPort)
		}
		hc.Port = p
	}
	hc.Path = d.HCPath
	switch {
	case http && hc.Path == "":
		hc.Path = "/"
	case !http && hc.Path != "":
		l.fail(at(n, "HealthCheckPath"), field+".HealthCheckPath", "a %s health check has no path", hc.Protocol)
	case http && !strings.HasPrefix(hc.Path, "/"):
		l.fail(at(n, "HealthCheckPath"), field+".HealthCheckPath", "%q must start with /", hc.Path)
	}
	l.bounded(n, field, "HealthCheckIntervalSeconds", &hc.Interval, 30, 5, 300)
	l.bounded(n, field, "HealthCheckTimeoutSeconds", &hc.Timeout, def.timeout(hc.Protocol), 2, 120)
	l.bounded(n, field, "HealthyThresholdCount", &hc.HealthyThreshold, 5, 2, 10)
	l.bounded(n, field, "UnhealthyThresholdCount", &hc.UnhealthyThreshold, 2, 2, 10)
	if hc.Timeout >= hc.Interval {
		l.fail(at(n, "HealthCheckTimeoutSeconds"), field+".HealthCheckTimeoutSeconds", "the timeout (%d s) must be smaller than the interval (%d s)", hc.Timeout, hc.Interval)
	}
	if http {
		hc.Matcher = d.Matcher.HTTPCode
		if hc.Matcher == "" {
			hc.Matcher = def.matcher
		}
		if _, err := healthcheck.ParseMatcher(hc.Matcher, def.codeLow, def.codeHigh); err != nil {
			l.fail(at(n, "Matcher", "HttpCode"), field+".Matcher.HttpCode", "%v (%s load balancers accept %d-%d)", err, k, def.codeLow, def.codeHigh)
		}
	}
	return hc
}

// bounded fills *v with def when 0, and checks it is within lo..hi.
func (l *loader) bounded(n *yaml.Node, field, key string, v *int, def, lo, hi int) {
	if *v == 0 {
		*v = def
		return
	}
	if *v < lo || *v > hi {
		l.fail(at(n, key), field+"."+key, "must be %d to %d, not %d", lo, hi, *v)
	}
}
