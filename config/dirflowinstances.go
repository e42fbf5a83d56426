package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/trafficflow"
	"github.com/r53d/r53d/zones"
)

// Policy records (traffic policy instances) through the API: the
// instances file lists them as list-traffic-policy-instances prints them;
// each change rebuilds the zone that holds the record and publishes it.

func noSuchInstance(id string) *zones.Fault {
	return &zones.Fault{Code: "NoSuchTrafficPolicyInstance", Message: "No traffic policy instance found with ID " + id}
}

// TrafficPolicyInstance returns one policy record.
func (d *Dir) TrafficPolicyInstance(id string) (trafficflow.Instance, error) {
	all, err := d.TrafficPolicyInstances()
	if err != nil {
		return trafficflow.Instance{}, err
	}
	for _, in := range all {
		if in.ID == id {
			return in, nil
		}
	}
	return trafficflow.Instance{}, noSuchInstance(id)
}

// TrafficPolicyInstances returns every policy record, by zone id, name
// and type (the order of Route 53's listings). Each shows the id of the
// zone that holds it, which its name decides (a HostedZoneId in the file
// is not consulted).
func (d *Dir) TrafficPolicyInstances() ([]trafficflow.Instance, error) {
	out := slices.Clone(d.state.Load().flows.Instances)
	for i := range out {
		if origin, err := d.instanceZone(out[i]); err == nil {
			_ = d.store.Read(func(tx *zones.Txn) error {
				if hz, ok := tx.Zone(origin); ok {
					out[i].HostedZoneID = hz.ID
				}
				return nil
			})
		}
	}
	slices.SortFunc(out, func(a, b trafficflow.Instance) int {
		return strings.Compare(a.HostedZoneID+" "+a.Name+" "+a.TrafficPolicyType, b.HostedZoneID+" "+b.Name+" "+b.TrafficPolicyType)
	})
	return out, nil
}

// CreateTrafficPolicyInstance makes a policy record in a zone.
func (d *Dir) CreateTrafficPolicyInstance(in trafficflow.InstanceInput) (trafficflow.Instance, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	hz, err := d.hostedZone(zones.BareZoneID(in.HostedZoneID))
	if err != nil {
		return trafficflow.Instance{}, err
	}
	name := dns.CanonicalName(in.Name)
	if _, ok := dns.IsDomainName(name); !ok || !zones.InZone(name, hz.Zone.Origin) {
		return trafficflow.Instance{}, invalidInput("%s is not a name in hosted zone %s (%s)", in.Name, hz.ID, hz.Zone.Origin)
	}
	p, ok := st.flows.Policy(in.PolicyID, in.PolicyVersion)
	if !ok {
		return trafficflow.Instance{}, noSuchPolicy(in.PolicyID, in.PolicyVersion)
	}
	for _, have := range st.flows.Instances {
		if have.Name == name && have.TrafficPolicyType == p.Type {
			return trafficflow.Instance{}, &zones.Fault{Code: "TrafficPolicyInstanceAlreadyExists",
				Message: fmt.Sprintf("Traffic policy instance %s already answers %s %s.", have.ID, name, p.Type)}
		}
	}
	inst := trafficflow.Instance{ID: newUUID(), HostedZoneID: hz.ID, Name: name, TTL: in.TTL, State: "Applied",
		TrafficPolicyID: p.ID, TrafficPolicyVersion: p.Version, TrafficPolicyType: p.Type}
	instances := append(slices.Clone(st.flows.Instances), inst)
	return inst, d.writeInstances(st, instances, hz.Zone.Origin)
}

// UpdateTrafficPolicyInstance applies another policy version or TTL to a
// policy record; its type cannot change.
func (d *Dir) UpdateTrafficPolicyInstance(id string, in trafficflow.InstanceInput) (trafficflow.Instance, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	i := slices.IndexFunc(st.flows.Instances, func(x trafficflow.Instance) bool { return x.ID == id })
	if i < 0 {
		return trafficflow.Instance{}, noSuchInstance(id)
	}
	p, ok := st.flows.Policy(in.PolicyID, in.PolicyVersion)
	if !ok {
		return trafficflow.Instance{}, noSuchPolicy(in.PolicyID, in.PolicyVersion)
	}
	instances := slices.Clone(st.flows.Instances)
	inst := instances[i]
	if p.Type != inst.TrafficPolicyType {
		return trafficflow.Instance{}, &zones.Fault{Code: "ConflictingTypes",
			Message: fmt.Sprintf("Traffic policy instance %s answers %s records; %s version %d makes %s records.", id, inst.TrafficPolicyType, p.ID, p.Version, p.Type)}
	}
	inst.TTL, inst.TrafficPolicyID, inst.TrafficPolicyVersion = in.TTL, p.ID, p.Version
	instances[i] = inst
	origin, err := d.instanceZone(inst)
	if err != nil {
		return trafficflow.Instance{}, err
	}
	return inst, d.writeInstances(st, instances, origin)
}

// DeleteTrafficPolicyInstance removes a policy record and its records.
func (d *Dir) DeleteTrafficPolicyInstance(id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	i := slices.IndexFunc(st.flows.Instances, func(x trafficflow.Instance) bool { return x.ID == id })
	if i < 0 {
		return noSuchInstance(id)
	}
	origin, err := d.instanceZone(st.flows.Instances[i])
	if err != nil {
		return err
	}
	return d.writeInstances(st, slices.Delete(slices.Clone(st.flows.Instances), i, i+1), origin)
}

// instanceZone is the origin of the zone holding a policy record: the
// closest zone enclosing its name, as the loader files it.
func (d *Dir) instanceZone(in trafficflow.Instance) (string, error) {
	best := ""
	for o := range d.state.Load().zoneFiles {
		if zones.InZone(in.Name, o) && len(o) > len(best) {
			best = o
		}
	}
	if best == "" {
		return "", noSuchZone(in.HostedZoneID)
	}
	return best, nil
}

// writeInstances compiles the policy records, rebuilds the zone origin
// with them (refusing what its loader would refuse), writes the instances
// file and publishes the zone.
func (d *Dir) writeInstances(st *dirState, instances []trafficflow.Instance, origin string) error {
	name := st.sideFile[zones.TrafficPolicyInstances]
	if name == "" {
		name = trafficInstancesFile
	}
	if errs := st.sideBroken[zones.TrafficPolicyInstances]; len(errs) > 0 {
		// Rewriting it from what loaded would lose what did not.
		return invalidInput("%s did not load; fix it by hand first (r53d would overwrite the edit): %s", name, errs[0].Message)
	}
	if old, present, err := d.current(st, name); err != nil {
		return err
	} else if present {
		if err := rewritable(name, old); err != nil {
			return err
		}
	}
	if instances == nil {
		instances = []trafficflow.Instance{}
	}
	next := st.clone()
	next.flows = st.flows.clone()
	next.flows.Instances, next.flows.Records = instances, nil
	for _, in := range instances {
		rec, err := compileInstance(next.flows, in)
		if err != nil {
			return &zones.Fault{Code: "InvalidInput", Message: err.Error()}
		}
		rec.File = d.show(name)
		next.flows.Records = append(next.flows.Records, rec)
	}
	z, fault := d.buildZone(next, origin, st.zoneFiles[origin], "", nil)
	if fault != nil {
		return &zones.Fault{Code: "InvalidInput", Message: fault.Message}
	}
	data, err := fileDocument(name, "TrafficPolicyInstances", instances)
	if err != nil {
		return err
	}
	sum, err := d.writeFile(name, data)
	if err != nil {
		return err
	}
	next.files[name] = sum
	next.sideFile[zones.TrafficPolicyInstances] = name
	d.state.Store(next)
	return d.publish(func(tx *zones.Txn) error {
		_, err := tx.PutZone(z)
		return err
	})
}
