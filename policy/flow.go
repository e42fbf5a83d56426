package policy

import "strconv"

// Flow is the tree of one traffic-policy record (a traffic policy
// instance): a group per rule of the policy document, each reference to
// a rule an alias to that rule's group. The record's own group, at its
// name, is the start rule and carries the Flow; selection follows its
// aliases into the Flow instead of the zone, so rules stay hidden from
// every other name. A Flow is immutable once built.
type Flow struct {
	InstanceID    string
	PolicyID      string
	PolicyVersion int
	rules         map[string]*Set
}

// NewFlow makes the tree of a traffic-policy record from the groups of
// its rules, keyed by the name their aliases use (RuleName).
func NewFlow(instanceID, policyID string, version int, rules map[string]*Set) *Flow {
	return &Flow{InstanceID: instanceID, PolicyID: policyID, PolicyVersion: version, rules: rules}
}

// RuleName is the name a rule's group goes by inside a Flow: not a DNS
// name, so it can never meet a name of the zone, and readable in traces.
func RuleName(id string) string { return "rule " + id }

// Lookup finds a rule's group (Targets): only rules of this Flow resolve.
func (f *Flow) Lookup(name string, qtype uint16) (*Set, bool) {
	s, ok := f.rules[name]
	if !ok || s.Type != qtype {
		return nil, false
	}
	return s, true
}

// Rules is how many rules the tree holds.
func (f *Flow) Rules() int { return len(f.rules) }

// note says in a trace which policy record answered.
func (f *Flow) note(tr *Trace) {
	if tr != nil {
		tr.note("traffic policy instance ", f.InstanceID, ": traffic policy ", f.PolicyID, " version ", strconv.Itoa(f.PolicyVersion))
	}
}
