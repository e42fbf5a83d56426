package impact

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/resources"
	"github.com/r53d/r53d/zones"
)

// Fingerprints and needs follow a group's aliases the way policy.Select
// does: a policy record's aliases lead to the rules of its Flow (and only
// there), every other group's to names of its zone, and an alias to an AWS
// resource reads the generation's resources file.

// targetsFor is where the aliases of set lead when it is the group asked
// about: the rules of a policy record, else the zone z.
func targetsFor(z *zones.Zone, set *policy.Set) policy.Targets {
	if set.Flow != nil {
		return set.Flow
	}
	return z
}

// follow is one side's view of where aliases lead.
type follow struct {
	targets   policy.Targets
	resources *resources.Set
}

// followFor is the view for deciding set, the group of z on side s.
func (s *Side) followFor(z *zones.Zone, set *policy.Set) follow {
	return follow{targets: targetsFor(z, set), resources: s.Generation().Resources}
}

// fingerprint writes everything about a group that can change an answer,
// following its aliases: into rules of a policy record, other groups of
// the zone, and AWS resources (addresses, zones, target groups).
func (f follow) fingerprint(b *strings.Builder, set *policy.Set, depth int) {
	fmt.Fprintf(b, "%s|%d|%d|%s[", set.Name, set.Type, set.Kind, set.Collection)
	for i := range set.Records {
		r := &set.Records[i]
		fmt.Fprintf(b, "{%s|%s|%d|%s|%+v|%d|%s|%+v", r.SetIdentifier, r.HealthCheckID, r.Weight, r.Region, r.Geo,
			r.Failover, r.CIDRLocation, r.Proximity)
		for _, rr := range r.RRs {
			b.WriteString("|" + rr.String())
		}
		if a := r.Alias; a != nil {
			fmt.Fprintf(b, "|alias %s %t %t ", a.Target, a.EvaluateTargetHealth, a.Resource)
			switch {
			case a.Resource:
				resourcePrint(b, f.resources, a.Target)
			case depth < maxAliasDepth:
				if t, ok := f.targets.Lookup(a.Target, set.Type); ok {
					f.fingerprint(b, t, depth+1)
				}
			}
		}
		b.WriteString("}")
	}
	b.WriteString("]")
}

// resourcePrint writes what an alias to the resource named name answers
// and how its health reads: its kind, its addresses per zone, and the
// targets of its target groups.
func resourcePrint(b *strings.Builder, set *resources.Set, name string) {
	r, dual, ok := set.Lookup(name)
	if !ok || r == nil {
		b.WriteString("(undeclared)")
		return
	}
	fmt.Fprintf(b, "%s|%s|%t|%v|%v", r.Kind, r.DNSName, dual,
		r.Addresses(nil, dns.TypeA, dual, nil), r.Addresses(nil, dns.TypeAAAA, dual, nil))
	if lb := r.LoadBalancer(); lb != nil {
		r = lb // an Elastic Beanstalk environment answers as its load balancer
	}
	fmt.Fprintf(b, "|cross-zone %t|dual %t|%v", r.CrossZone, r.DualStack, r.AZs)
	for _, g := range r.TargetGroups {
		fmt.Fprintf(b, "|group %s", g.Name)
		for _, t := range g.Targets {
			fmt.Fprintf(b, " %s@%s%s", t.CheckID, t.AZ, t.Unused)
		}
	}
}

// addNeeds adds what set and the groups its aliases lead to read.
func (f follow) addNeeds(n *needs, set *policy.Set, depth int) {
	switch set.Kind {
	case policy.Geolocation:
		n.place = true
	case policy.Geoproximity:
		n.place, n.coords = true, true
	case policy.Latency:
		n.place, n.coords, n.latency = true, true, true // China's rule reads the country
	case policy.IPBased:
		if n.cidr == nil {
			n.cidr = map[string]bool{}
		}
		n.cidr[set.Collection] = true
	}
	if depth >= maxAliasDepth {
		return
	}
	for i := range set.Records {
		if a := set.Records[i].Alias; a != nil && !a.Resource {
			if t, ok := f.targets.Lookup(a.Target, set.Type); ok {
				f.addNeeds(n, t, depth+1)
			}
		}
	}
}
