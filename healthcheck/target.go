package healthcheck

import (
	"net/netip"
	"time"
)

// TypeTarget is the Type a load-balancer target shows in Status.
const TypeTarget = "ELB_TARGET"

// TargetPrefix starts every target's id, and no health check's.
const TargetPrefix = "target/"

// TargetCheck is one registered target of an ELB target group (or one
// instance of a classic load balancer) and the group's health check, as
// ELB runs it: the monitor probes it every Interval, each probe bounded
// by Timeout, and counts consecutive results against the thresholds.
type TargetCheck struct {
	// ID names it in snapshots and overrides: "target/<group>/<ip>:<port>".
	ID     string
	Group  string
	Target netip.AddrPort // the address traffic goes to
	// Protocol is HTTP, HTTPS or TCP; Port the probed port; Path and
	// Matcher apply to HTTP(S).
	Protocol string
	Port     int
	Path     string
	Matcher  Matcher
	Interval time.Duration
	Timeout  time.Duration
	// HealthyThreshold consecutive successes make an unhealthy target
	// healthy; UnhealthyThreshold consecutive failures the reverse. A new
	// target is healthy after its first success.
	HealthyThreshold   int
	UnhealthyThreshold int
	// DeregistrationDelay is how long a target removed from its group
	// stays draining before it is gone.
	DeregistrationDelay time.Duration
	// Unused is why ELB does not use the target ("Target.NotInUse"); such
	// a target is never probed and never healthy.
	Unused string
}

// config is the probe of the target as the prober runs it.
func (c *TargetCheck) config() Config {
	typ := TypeTCP
	switch c.Protocol {
	case "HTTP":
		typ = TypeHTTP
	case "HTTPS":
		typ = TypeHTTPS
	}
	return Config{Type: typ, IPAddress: c.Target.Addr().String(), Port: c.Port, ResourcePath: c.Path,
		elb: &elbProbe{matcher: c.Matcher, timeout: c.Timeout}}
}

// describe is what the status views show as the target's probe.
func (c *TargetCheck) describe() string {
	cfg := c.config()
	return cfg.target()
}

// elbProbe makes a probe ELB's: the group's matcher instead of Route
// 53's 2xx/3xx, and one timeout for the whole check.
type elbProbe struct {
	matcher Matcher
	timeout time.Duration
}
