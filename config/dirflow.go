package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/r53d/r53d/trafficflow"
	"github.com/r53d/r53d/zones"
)

// Traffic policies through the API: one file per policy version,
// <id>.v<version>.traffic-policy.json as get-traffic-policy prints it,
// written atomically like the other side files.

func noSuchPolicy(id string, version int) *zones.Fault {
	msg := "No traffic policy found with ID " + id
	if version > 0 {
		msg = fmt.Sprintf("No traffic policy version %d found with ID %s", version, id)
	}
	return &zones.Fault{Code: "NoSuchTrafficPolicy", Message: msg}
}

// zoneRefs is refs() with the policy records of the zone origin: those
// whose closest enclosing zone of the directory it is.
func (st *dirState) zoneRefs(origin string) zones.Refs {
	r := st.refs()
	for _, f := range st.flows.Records {
		best := ""
		for o := range st.zoneFiles {
			if zones.InZone(f.Name, o) && len(o) > len(best) {
				best = o
			}
		}
		if best == origin {
			r.Flows = append(r.Flows, f)
		}
	}
	return r
}

// policyVersions returns the versions of policy id, oldest first.
func (f *Flows) policyVersions(id string) []*trafficflow.Policy {
	var out []*trafficflow.Policy
	for _, p := range f.Policies {
		if p.ID == id {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *trafficflow.Policy) int { return a.Version - b.Version })
	return out
}

// clone copies f for a write to change.
func (f *Flows) clone() *Flows {
	c := &Flows{Policies: slices.Clone(f.Policies), Files: map[string]string{}, Instances: slices.Clone(f.Instances), Records: slices.Clone(f.Records)}
	for k, v := range f.Files {
		c.Files[k] = v
	}
	return c
}

// checkPolicy parses and checks a new policy version's document.
func (st *dirState) checkPolicy(p *trafficflow.Policy) error {
	known := trafficflow.Known{HealthChecks: st.refs().HealthChecks}
	if err := p.Check(known); err != nil {
		return &zones.Fault{Code: "InvalidTrafficPolicyDocument", Message: err.Error()}
	}
	return nil
}

// writePolicy writes one policy version's file and records it.
func (d *Dir) writePolicy(st *dirState, p *trafficflow.Policy) error {
	name := st.flows.Files[policyKey(p.ID, p.Version)]
	if name == "" {
		name = fmt.Sprintf("%s.v%d.traffic-policy.json", p.ID, p.Version)
	}
	if old, present, err := d.current(st, name); err != nil {
		return err
	} else if present {
		if err := rewritable(name, old); err != nil {
			return err
		}
	}
	data, err := fileDocument(name, "TrafficPolicy", p)
	if err != nil {
		return err
	}
	sum, err := d.writeFile(name, data)
	if err != nil {
		return err
	}
	next := st.clone()
	next.files[name] = sum
	next.flows = st.flows.clone()
	next.flows.Files[policyKey(p.ID, p.Version)] = name
	if i := slices.IndexFunc(next.flows.Policies, func(q *trafficflow.Policy) bool { return q.ID == p.ID && q.Version == p.Version }); i >= 0 {
		next.flows.Policies[i] = p
	} else {
		next.flows.Policies = append(next.flows.Policies, p)
	}
	d.state.Store(next)
	return nil
}

// CreateTrafficPolicy checks a document and stores it as version 1 of a
// new policy.
func (d *Dir) CreateTrafficPolicy(name, document, comment string) (*trafficflow.Policy, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	for _, p := range st.flows.Policies {
		if p.Name == name {
			return nil, &zones.Fault{Code: "TrafficPolicyAlreadyExists", Message: fmt.Sprintf("A traffic policy named %s already exists (%s).", name, p.ID)}
		}
	}
	p := &trafficflow.Policy{ID: newUUID(), Version: 1, Name: name, Document: document, Comment: comment}
	if err := st.checkPolicy(p); err != nil {
		return nil, err
	}
	return p, d.writePolicy(st, p)
}

// CreateTrafficPolicyVersion adds the next version of policy id.
func (d *Dir) CreateTrafficPolicyVersion(id, document, comment string) (*trafficflow.Policy, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	versions := st.flows.policyVersions(id)
	if len(versions) == 0 {
		return nil, noSuchPolicy(id, 0)
	}
	last := versions[len(versions)-1]
	if last.Version >= trafficflow.MaxVersions {
		return nil, &zones.Fault{Code: "TooManyTrafficPolicyVersionsForCurrentPolicy", Message: fmt.Sprintf("Traffic policy %s has %d versions, the most Route 53 allows.", id, trafficflow.MaxVersions)}
	}
	p := &trafficflow.Policy{ID: id, Version: last.Version + 1, Name: last.Name, Document: document, Comment: comment}
	if err := st.checkPolicy(p); err != nil {
		return nil, err
	}
	return p, d.writePolicy(st, p)
}

// TrafficPolicy returns one version of a policy.
func (d *Dir) TrafficPolicy(id string, version int) (*trafficflow.Policy, error) {
	p, ok := d.state.Load().flows.Policy(id, version)
	if !ok {
		return nil, noSuchPolicy(id, version)
	}
	return p, nil
}

// TrafficPolicyVersions returns every version of a policy, oldest first.
func (d *Dir) TrafficPolicyVersions(id string) ([]*trafficflow.Policy, error) {
	vs := d.state.Load().flows.policyVersions(id)
	if len(vs) == 0 {
		return nil, noSuchPolicy(id, 0)
	}
	return vs, nil
}

// TrafficPolicies summarises every policy, by id.
func (d *Dir) TrafficPolicies() ([]trafficflow.Summary, error) {
	f := d.state.Load().flows
	byID := map[string]*trafficflow.Summary{}
	for _, p := range f.Policies {
		s := byID[p.ID]
		if s == nil {
			s = &trafficflow.Summary{ID: p.ID}
			byID[p.ID] = s
		}
		s.Versions++
		if p.Version > s.LatestVersion {
			s.LatestVersion, s.Name, s.Type = p.Version, p.Name, p.Type
		}
	}
	out := make([]trafficflow.Summary, 0, len(byID))
	for _, s := range byID {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b trafficflow.Summary) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// UpdateTrafficPolicyComment rewrites one version's comment.
func (d *Dir) UpdateTrafficPolicyComment(id string, version int, comment string) (*trafficflow.Policy, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	p, ok := st.flows.Policy(id, version)
	if !ok {
		return nil, noSuchPolicy(id, version)
	}
	c := *p
	c.Comment = comment
	if err := st.checkPolicy(&c); err != nil {
		return nil, err
	}
	return &c, d.writePolicy(st, &c)
}

// DeleteTrafficPolicy removes a version no policy record uses.
func (d *Dir) DeleteTrafficPolicy(id string, version int) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	if _, ok := st.flows.Policy(id, version); !ok {
		return noSuchPolicy(id, version)
	}
	for _, in := range st.flows.Instances {
		if in.TrafficPolicyID == id && in.TrafficPolicyVersion == version {
			return &zones.Fault{Code: "TrafficPolicyInUse", Message: fmt.Sprintf("Traffic policy %s version %d is used by traffic policy instance %s.", id, version, in.ID)}
		}
	}
	name := st.flows.Files[policyKey(id, version)]
	if _, _, err := d.current(st, name); err != nil {
		return err
	}
	if err := d.removeFile(name); err != nil {
		return err
	}
	next := st.clone()
	delete(next.files, name)
	next.flows = st.flows.clone()
	delete(next.flows.Files, policyKey(id, version))
	next.flows.Policies = slices.DeleteFunc(next.flows.Policies, func(p *trafficflow.Policy) bool { return p.ID == id && p.Version == version })
	d.state.Store(next)
	return nil
}

// checkUnused refuses to let health check id go while a policy document
// names it: the policy would no longer load.
func (f *Flows) checkUnused(id string) error {
	for _, p := range f.Policies {
		for _, r := range p.Doc.Rules {
			if r.UsesHealthCheck(id) {
				return &zones.Fault{Code: "HealthCheckInUse", Message: fmt.Sprintf(
					"Health check %s is in use by %s; r53d refuses to delete a health check that a traffic policy uses.", id, trafficflow.Describe(p.ID, p.Version))}
			}
		}
	}
	return nil
}
