package zones

import (
	"errors"
	"fmt"
	"io/fs"
	"net/netip"

	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"go.yaml.in/yaml/v3"
)

// readYAML reads a JSON or YAML file into a node tree, reporting errors.
func (l *loader) readYAML(name string) (*yaml.Node, bool) {
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.diags = append(l.diags, Diagnostic{File: l.show(name), Rule: "read", Message: err.Error()})
		return nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		l.diags = append(l.diags, yamlError(l.show(name), err))
		return nil, false
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0], true
	}
	return &doc, true
}

// list returns the list under key, accepting a bare list too.
func (l *loader) list(name string, root *yaml.Node, key string) ([]*yaml.Node, bool) {
	if root.Kind == yaml.SequenceNode {
		return root.Content, true
	}
	if v := mappingValue(root, key); v != nil && v.Kind == yaml.SequenceNode {
		return v.Content, true
	}
	l.diags = append(l.diags, Diagnostic{File: l.show(name), Line: root.Line, Col: root.Column, Rule: "format",
		Message: fmt.Sprintf("expected an object with a %q list", key)})
	return nil, false
}

// healthChecks reads health-checks.json|yaml as list-health-checks prints it.
func (l *loader) healthChecks(name string) {
	root, ok := l.readYAML(name)
	if !ok {
		return
	}
	items, ok := l.list(name, root, "HealthChecks")
	if !ok {
		return
	}
	type at struct {
		check healthcheck.Check
		node  *yaml.Node
	}
	var checks []at
	byID := map[string]*healthcheck.Check{}
	for _, n := range items {
		var c healthcheck.Check
		if err := n.Decode(&c); err != nil {
			l.diags = append(l.diags, yamlError(l.show(name), err))
			continue
		}
		if byID[c.ID] != nil {
			l.diags = append(l.diags, Diagnostic{File: l.show(name), Line: n.Line, Col: n.Column, Rule: "health-check",
				Message: fmt.Sprintf("health check %q is defined twice", c.ID)})
			continue
		}
		checks = append(checks, at{c, n})
		byID[c.ID] = &checks[len(checks)-1].check
	}
	exists := func(id string) bool { return byID[id] != nil }
	calculated := func(id string) bool {
		return byID[id] != nil && byID[id].HealthCheckConfig.Type == healthcheck.TypeCalculated
	}
	if len(checks) > maxHealthChecks {
		l.diags = append(l.diags, Diagnostic{File: l.show(name), Line: root.Line, Col: root.Column, Rule: "quota", Warning: true,
			Message: fmt.Sprintf("%d health checks: Route 53 allows %d active per account unless the quota is raised", len(checks), maxHealthChecks)})
	}
	l.side.healthChecks = map[string]bool{}
	for _, c := range checks {
		errs := c.check.Validate(exists, calculated)
		for _, e := range errs {
			l.diags = append(l.diags, Diagnostic{File: l.show(name), Line: fieldLine(c.node, e.Field), Col: 1, Rule: "health-check",
				Message: fmt.Sprintf("health check %q: %s", c.check.ID, e.Error())})
		}
		l.side.healthChecks[c.check.ID] = true // defined, even if invalid: records referring to it are not also wrong
		if len(errs) == 0 {
			l.gen.HealthChecks = append(l.gen.HealthChecks, c.check)
		}
	}
}

// fieldLine finds the line of a dotted field path below n, else n's line.
func fieldLine(n *yaml.Node, field string) int {
	cur := n
	for _, part := range splitPath(field) {
		v := mappingValue(cur, part)
		if v == nil {
			break
		}
		cur = v
	}
	return cur.Line
}

func splitPath(p string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '.' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return out
}

// Quotas of Route 53 for the side files (docs/zones.md#quotas).
const (
	maxCIDRBlocks      = 1000
	maxCIDRCollections = 5
	maxHealthChecks    = 200
)

func blockCount(c policy.CIDRCollection) int {
	n := 0
	for _, l := range c.Locations {
		n += len(l.Blocks)
	}
	return n
}

// cidrFile is the shape of cidr-collections.json|yaml.
type cidrFile struct {
	ID        string `yaml:"Id"`
	Name      string `yaml:"Name"`
	Locations []struct {
		LocationName string   `yaml:"LocationName"`
		CidrList     []string `yaml:"CidrList"`
	} `yaml:"Locations"`
}

// cidrCollections reads the CIDR collections of IP-based routing.
func (l *loader) cidrCollections(name string) {
	root, ok := l.readYAML(name)
	if !ok {
		return
	}
	items, ok := l.list(name, root, "CidrCollections")
	if !ok {
		return
	}
	var cols []policy.CIDRCollection
	l.side.collections = map[string]map[string]bool{}
	for _, n := range items {
		var f cidrFile
		if err := n.Decode(&f); err != nil {
			l.diags = append(l.diags, yamlError(l.show(name), err))
			continue
		}
		bad := func(format string, args ...any) {
			l.diags = append(l.diags, Diagnostic{File: l.show(name), Line: n.Line, Col: n.Column, Rule: "cidr",
				Message: fmt.Sprintf("CIDR collection %q: ", f.ID) + fmt.Sprintf(format, args...)})
		}
		if f.ID == "" || len(f.Name) > 64 {
			bad("needs an Id, and a Name of at most 64 characters")
			continue
		}
		col := policy.CIDRCollection{ID: f.ID, Name: f.Name}
		names := map[string]bool{}
		for _, loc := range f.Locations {
			if !locationText.MatchString(loc.LocationName) {
				bad("LocationName %q must be 1 to 16 of [0-9A-Za-z_-]", loc.LocationName)
				continue
			}
			pl := policy.CIDRLocation{Name: loc.LocationName}
			for _, s := range loc.CidrList {
				p, err := netip.ParsePrefix(s)
				if err != nil {
					bad("location %q: %q is not a CIDR block", loc.LocationName, s)
					continue
				}
				pl.Blocks = append(pl.Blocks, p)
			}
			names[loc.LocationName] = true
			col.Locations = append(col.Locations, pl)
		}
		if n := blockCount(col); n > maxCIDRBlocks {
			bad("%d CIDR blocks; Route 53 allows %d per collection", n, maxCIDRBlocks)
			continue
		}
		l.side.collections[f.ID] = names
		if _, err := policy.NewCIDRCollections([]policy.CIDRCollection{col}); err != nil {
			bad("%v", err)
			continue
		}
		cols = append(cols, col)
	}
	if len(cols) > maxCIDRCollections {
		l.diags = append(l.diags, Diagnostic{File: l.show(name), Line: root.Line, Col: root.Column, Rule: "quota", Warning: true,
			Message: fmt.Sprintf("%d CIDR collections: Route 53 allows %d per account unless the quota is raised", len(cols), maxCIDRCollections)})
	}
	cidr, err := policy.NewCIDRCollections(cols)
	if err != nil {
		l.diags = append(l.diags, Diagnostic{File: l.show(name), Rule: "cidr", Message: err.Error()})
		return
	}
	l.gen.CIDR = cidr
}

// latency reads latency.yaml: client CIDR → region → milliseconds.
func (l *loader) latency(name string) {
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.diags = append(l.diags, Diagnostic{File: l.show(name), Rule: "read", Message: err.Error()})
		return
	}
	t, err := geo.ParseLatencyTable(l.show(name), data)
	if err != nil {
		l.latencyErrors(name, err)
		return
	}
	l.gen.Latency = t
}

// latencyErrors turns geo's positioned errors into diagnostics.
func (l *loader) latencyErrors(name string, err error) {
	var list interface{ Unwrap() []error }
	errs := []error{err}
	if errors.As(err, &list) {
		errs = list.Unwrap()
	}
	for _, e := range errs {
		d := Diagnostic{File: l.show(name), Rule: "latency", Message: e.Error()}
		var pe *geo.ParseError
		if errors.As(e, &pe) {
			d.Line, d.Col, d.Message = pe.Line, pe.Column, pe.Field+": "+pe.Err.Error()
		}
		l.diags = append(l.diags, d)
	}
}
