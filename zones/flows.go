package zones

import (
	"fmt"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

// FlowRecord is a policy record (traffic policy instance) ready to file:
// its compiled tree answers at Name and Type. The zone it joins is the
// closest enclosing loaded zone.
type FlowRecord struct {
	Name       string // lower-case FQDN
	Type       uint16
	TTL        uint32
	InstanceID string
	Root       *policy.Set // carries its policy.Flow
	File       string      // where the instance is declared, for messages
	Line       int
}

// flowsByZone assigns each policy record to the longest origin enclosing
// its name; records no zone encloses are reported. broken are the zones
// holding a policy record that did not compile.
func (l *loader) flowsByZone(origins []string) (flows map[string][]FlowRecord, broken map[string]bool) {
	closest := func(name string) string {
		best := ""
		for _, o := range origins {
			if inZone(name, o) && len(o) > len(best) {
				best = o
			}
		}
		return best
	}
	broken = map[string]bool{}
	for _, name := range l.refs.BrokenFlows {
		if o := closest(name); o != "" {
			broken[o] = true
		}
	}
	out := map[string][]FlowRecord{}
	for _, f := range l.refs.Flows {
		best := closest(f.Name)
		if best == "" {
			l.diags = append(l.diags, Diagnostic{File: f.File, Line: f.Line, Col: 1, Rule: "traffic-policy",
				Message: fmt.Sprintf("traffic policy instance %s: no hosted zone holds %s", f.InstanceID, f.Name)})
			continue
		}
		out[best] = append(out[best], f)
	}
	return out, broken
}

// addFlows files the zone's policy records as routed groups; listings
// show each as one record set with its TrafficPolicyInstanceId.
func (b *builder) addFlows(flows []FlowRecord) {
	for _, f := range flows {
		at := sourced{file: f.File, line: int32(f.Line), col: 1, fromRecordSet: true}
		if !inZone(f.Name, b.origin) {
			b.errorf(at, "traffic-policy", "traffic policy instance %s: %s is outside zone %s", f.InstanceID, f.Name, b.origin)
			continue
		}
		if have := b.set(f.Name, f.Type); have != nil {
			b.errorf(at, "traffic-policy", "traffic policy instance %s: Tried to create resource record set [name='%s', type='%s'] but it already exists",
				f.InstanceID, f.Name, dns.TypeToString[f.Type])
			continue
		}
		src := &positioned{ResourceRecordSet: ResourceRecordSet{Name: f.Name, Type: dns.TypeToString[f.Type], TrafficPolicyInstanceID: f.InstanceID},
			file: f.File, line: f.Line, col: 1}
		b.addPolicy(groupKey{f.Name, f.Type}, f.Root, at, []*positioned{src})
	}
}

// InZone reports whether name (lower-case FQDN) is origin or below it.
func InZone(name, origin string) bool { return inZone(name, origin) }
