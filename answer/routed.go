package answer

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
func (f *Finder) put(z *zones.Zone, node *zones.Node, t uint16, owner string, synthesized bool) (added []dns.RR, found bool) {
	set := node.Get(t)
	if set == nil {
		return nil, false
	}
	r := &f.result
	start := len(r.Answer)
	if set.Policy == nil {
		f.addAnswer(set.RRs, owner, synthesized)
		return r.Answer[start:], true
	}
	res := f.route(z, set.Policy)
	// Alias answers carry the target's owner; the answer's owner is
	// always the queried name. The records of one group share their
	// owner string: compare it once per group, not per record.
	last, renamed := "", false
	for i, rr := range res.RRs {
		if name := rr.Header().Name; i == 0 || name != last {
			last, renamed = name, synthesized || !strings.EqualFold(name, owner)
		}
		r.Answer = append(r.Answer, rr)
		if renamed {
			r.AnswerOwners = rename(r.AnswerOwners, len(r.Answer)-1, len(r.Answer), owner)
		}
	}
	return r.Answer[start:], true
}

// route runs the policy engine for one routed group. Every routed group
// of one answer reads the same Env, health snapshot included.
func (f *Finder) route(z *zones.Zone, set *policy.Set) policy.Result {
	env := f.routeEnv(z)
	var tr *policy.Trace
	if f.explain {
		tr = &policy.Trace{}
	}
	env.Trace = tr
	res := policy.Select(set, f.client, env)
	if tr != nil {
		f.result.Traces = append(f.result.Traces, tr)
	}
	r := &f.result
	r.Scope = max(r.Scope, res.Scope)
	r.Routed, r.Policy = true, set.Kind
	return res
}
