package resources

import (
	"net/netip"
	"time"

	"github.com/r53d/r53d/healthcheck"
)

// TargetChecks lists what the prober checks: every registered target of
// every target group (and classic load balancer) with its group's health
// check, in file order. Unused targets are listed too (they show as
// unused), but never probed.
func (s *Set) TargetChecks() []healthcheck.TargetCheck {
	var out []healthcheck.TargetCheck
	for _, g := range s.TargetGroups() {
		hc := g.HealthCheck
		matcher, _ := healthcheck.ParseMatcher(hc.Matcher, 0, 0) // checked on loading; "" for TCP
		for _, t := range g.Targets {
			port := hc.Port
			if port == 0 {
				port = t.Port
			}
			out = append(out, healthcheck.TargetCheck{
				ID: t.CheckID, Group: g.Name, Target: netip.AddrPortFrom(t.Addr, uint16(t.Port)),
				Protocol: hc.Protocol, Port: port, Path: hc.Path, Matcher: matcher,
				Interval: seconds(hc.Interval), Timeout: seconds(hc.Timeout),
				HealthyThreshold: hc.HealthyThreshold, UnhealthyThreshold: hc.UnhealthyThreshold,
				DeregistrationDelay: seconds(g.DeregistrationDelay), Unused: t.Unused,
			})
		}
	}
	return out
}

func seconds(n int) time.Duration { return time.Duration(n) * time.Second }
