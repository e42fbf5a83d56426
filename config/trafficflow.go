package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/trafficflow"
	"github.com/r53d/r53d/zones"
	"go.yaml.in/yaml/v3"
)

// trafficInstancesFile is where the API writes policy records.
const trafficInstancesFile = "traffic-policy-instances.json"

// Flows is the traffic-flow part of a load: every policy version and every
// policy record, as their files hold them.
type Flows struct {
	Policies  []*trafficflow.Policy
	Files     map[string]string // "id/version" → the file holding it
	Instances []trafficflow.Instance
	// Records are the instances compiled, the ones that compiled.
	Records []zones.FlowRecord
}

func policyKey(id string, version int) string { return fmt.Sprintf("%s/%d", id, version) }

// Policy finds a policy version.
func (f *Flows) Policy(id string, version int) (*trafficflow.Policy, bool) {
	for _, p := range f.Policies {
		if p.ID == id && p.Version == version {
			return p, true
		}
	}
	return nil, false
}

// asJSON returns a side file's text as JSON: YAML is converted.
func asJSON(name string, data []byte) ([]byte, error) {
	if !isYAML(name) {
		return data, nil
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// lineOf is the line of the first occurrence of needle in data (1 when
// absent): JSON decoding keeps no positions.
func lineOf(data []byte, needle string) int {
	i := bytes.Index(data, []byte(needle))
	if i < 0 {
		return 1
	}
	return 1 + bytes.Count(data[:i], []byte("\n"))
}

// trafficFlow reads the policy files and the instances file, after the
// health checks their documents refer to, and compiles each policy
// record into refs.Flows for the zones to file.
func (s *sideFiles) trafficFlow(policyFiles []string, instancesFile string) {
	f := &Flows{Files: map[string]string{}}
	s.gen.Flows = f
	known := trafficflow.Known{HealthChecks: s.refs.HealthChecks}
	failed := map[string]string{} // policy files that did not load, by name without extension
	for _, name := range policyFiles {
		data, err := zones.ReadFile(s.fsys, name, s.maxSize)
		if err == nil {
			data, err = asJSON(name, data)
		}
		var p *trafficflow.Policy
		if err == nil {
			p, err = trafficflow.ParsePolicyFile(data, known)
		}
		if err != nil {
			s.add(zones.Diagnostic{File: s.show(name), Line: 1, Col: 1, Rule: "traffic-policy", Message: err.Error()})
			failed[strings.TrimSuffix(name, path.Ext(name))] = s.show(name)
			continue
		}
		if other, dup := f.Files[policyKey(p.ID, p.Version)]; dup {
			s.add(zones.Diagnostic{File: s.show(name), Line: 1, Col: 1, Rule: "traffic-policy",
				Message: fmt.Sprintf("%s is already defined in %s", trafficflow.Describe(p.ID, p.Version), other)})
			continue
		}
		f.Policies = append(f.Policies, p)
		f.Files[policyKey(p.ID, p.Version)] = name
		s.undeclaredEndpoints(name, p)
	}
	if instancesFile == "" {
		return
	}
	if s.gen.Side != nil {
		s.gen.Side[zones.TrafficPolicyInstances] = s.show(instancesFile)
	}
	data, err := zones.ReadFile(s.fsys, instancesFile, s.maxSize)
	if err == nil {
		data, err = asJSON(instancesFile, data)
	}
	if err == nil {
		f.Instances, err = trafficflow.ParseInstances(data)
	}
	if err != nil {
		s.add(zones.Diagnostic{File: s.show(instancesFile), Line: 1, Col: 1, Rule: "traffic-policy", Message: err.Error()})
		return
	}
	for i, in := range f.Instances {
		rec, err := compileInstance(f, in)
		if err != nil && len(failed) > 0 {
			err = fmt.Errorf("%w (%s did not load)", err, strings.Join(slices.Sorted(maps.Values(failed)), ", "))
		}
		if err != nil {
			s.add(zones.Diagnostic{File: s.show(instancesFile), Line: lineOf(data, `"`+in.ID+`"`), Col: 1, Rule: "traffic-policy", Message: err.Error()})
			s.refs.BrokenFlows = append(s.refs.BrokenFlows, dns.CanonicalName(in.Name))
			continue
		}
		// A loaded record is applied and answers its policy's type, as
		// Route 53 lists it, whatever the file said or left out.
		f.Instances[i].State, f.Instances[i].TrafficPolicyType = "Applied", dns.TypeToString[rec.Type]
		rec.File, rec.Line = s.show(instancesFile), lineOf(data, `"`+in.ID+`"`)
		s.refs.Flows = append(s.refs.Flows, rec)
		f.Records = append(f.Records, rec)
	}
}

// compileInstance builds a policy record's tree from its policy version.
func compileInstance(f *Flows, in trafficflow.Instance) (zones.FlowRecord, error) {
	p, ok := f.Policy(in.TrafficPolicyID, in.TrafficPolicyVersion)
	if !ok {
		return zones.FlowRecord{}, fmt.Errorf("traffic policy instance %s: %s does not exist", in.ID, trafficflow.Describe(in.TrafficPolicyID, in.TrafficPolicyVersion))
	}
	if in.TrafficPolicyType != "" && in.TrafficPolicyType != p.Type {
		return zones.FlowRecord{}, fmt.Errorf("traffic policy instance %s: TrafficPolicyType %s differs from the policy's type %s", in.ID, in.TrafficPolicyType, p.Type)
	}
	name := dns.CanonicalName(strings.TrimSpace(in.Name))
	if _, ok := dns.IsDomainName(name); !ok {
		return zones.FlowRecord{}, fmt.Errorf("traffic policy instance %s: Name %q is not a domain name", in.ID, in.Name)
	}
	root, err := trafficflow.Compile(p.Doc, trafficflow.Record{Name: name, TTL: uint32(in.TTL), InstanceID: in.ID, PolicyID: p.ID, PolicyVersion: p.Version})
	if err != nil {
		return zones.FlowRecord{}, err
	}
	return zones.FlowRecord{Name: name, Type: root.Type, TTL: uint32(in.TTL), InstanceID: in.ID, Root: root}, nil
}

// undeclaredEndpoints warns about resource endpoints the resources file
// does not declare: they answer nothing, as aliases to them do.
func (s *sideFiles) undeclaredEndpoints(name string, p *trafficflow.Policy) {
	for _, id := range slices.Sorted(maps.Keys(p.Doc.Endpoints)) {
		e := p.Doc.Endpoints[id]
		if e.Type == trafficflow.EndpointValue {
			continue
		}
		target := trafficflow.ResourceName(e)
		if _, _, ok := s.refs.Resources.Lookup(target); ok {
			continue
		}
		s.add(zones.Diagnostic{File: s.show(name), Line: 1, Col: 1, Rule: "traffic-policy", Warning: true,
			Message: fmt.Sprintf("%s: endpoint %s: %s %s is not declared in aws-resources.json (or .yaml): r53d answers it with no records until it is",
				trafficflow.Describe(p.ID, p.Version), id, e.Type, target)})
	}
}
