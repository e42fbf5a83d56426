package resolver

import (
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// put appends the RRset of type t at node to the answer: static records
// shuffled, or a routed group's selection for this client. found is false
// when the node has no such RRset; added is empty when a routed group had
// nothing for this client (NODATA).
func (r *reply) put(z *zones.Zone, node *zones.Node, t uint16, owner string, synthesized bool) (added []dns.RR, found bool) {
	set := node.Get(t)
	if set == nil {
		return nil, false
	}
	start := len(r.msg.Answer)
	if set.Policy == nil {
		r.addAnswer(set.RRs, owner, synthesized)
		return r.msg.Answer[start:], true
	}
	res := r.route(z, set.Policy)
	for _, rr := range res.RRs {
		// Alias answers carry the target's owner; the answer's owner is
		// always the queried name (docs/routing.md#aliases).
		if synthesized || !strings.EqualFold(rr.Header().Name, owner) {
			rr = dns.Copy(rr)
			rr.Header().Name = owner
		}
		r.msg.Answer = append(r.msg.Answer, rr)
	}
	return r.msg.Answer[start:], true
}

// route runs the policy engine for one routed group.
func (r *reply) route(z *zones.Zone, set *policy.Set) policy.Result {
	env := r.scratch.routeEnv(r.routing, r.view.Generation(), z)
	var tr *policy.Trace
	if r.scratch.traces != nil {
		tr = &policy.Trace{}
		env.Trace = tr
	}
	res := policy.Select(set, r.client, env)
	if tr != nil {
		*r.scratch.traces = append(*r.scratch.traces, tr)
	}
	r.scope = max(r.scope, res.Scope)
	r.policy = int(set.Kind) + 1
	return res
}
