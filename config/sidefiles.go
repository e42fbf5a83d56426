package config

import (
	"fmt"
	"io/fs"
	"net/netip"
	"strings"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
	"go.yaml.in/yaml/v3"
)

// Quotas of Route 53 for the side files.
const (
	maxCIDRBlocks      = 1000
	maxCIDRCollections = 5
	maxHealthChecks    = 200
)

// sideFiles reads the files beside the zones: health checks, CIDR
// collections and the latency table.
type sideFiles struct {
	fsys fs.FS
	show func(name string) string
	// maxSize bounds each file (0: zones.DefaultFileSize).
	maxSize int64
	gen     *Generation
	refs    zones.Refs
	diags   zones.Diagnostics
}

func (s *sideFiles) add(d zones.Diagnostic) { s.diags = append(s.diags, d) }

// readDocument reads a file whole and parses it as JSON (a .json file:
// strictly, as jq and the AWS CLI do) or YAML, as record-set files are
// read. A syntax error is reported once, where the text goes wrong, and
// ok is false.
func (s *sideFiles) readDocument(name string) (data []byte, root *yaml.Node, ok bool) {
	data, err := zones.ReadFile(s.fsys, name, s.maxSize)
	if err != nil {
		s.add(zones.Diagnostic{File: s.show(name), Rule: "read", Message: err.Error()})
		return nil, nil, false
	}
	root, syntax := zones.ParseDocument(s.show(name), data)
	if syntax != nil {
		s.add(*syntax)
		return nil, nil, false
	}
	return data, root, true
}

// list returns the list under key, accepting a bare list too.
func (s *sideFiles) list(name string, root *yaml.Node, key string) ([]*yaml.Node, bool) {
	if root.Kind == yaml.SequenceNode {
		return root.Content, true
	}
	if v := zones.MappingValue(root, key); v != nil && v.Kind == yaml.SequenceNode {
		return v.Content, true
	}
	s.add(zones.Diagnostic{File: s.show(name), Line: root.Line, Col: root.Column, Rule: "format",
		Message: fmt.Sprintf("expected an object with a %q list", key)})
	return nil, false
}

// healthChecks reads health-checks.json|yaml as list-health-checks prints it.
func (s *sideFiles) healthChecks(name string) {
	_, root, ok := s.readDocument(name)
	if !ok {
		return
	}
	items, ok := s.list(name, root, "HealthChecks")
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
			s.add(zones.YAMLDiagnostic(s.show(name), err))
			continue
		}
		if byID[c.ID] != nil {
			s.add(zones.Diagnostic{File: s.show(name), Line: n.Line, Col: n.Column, Rule: "health-check",
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
		s.add(zones.Diagnostic{File: s.show(name), Line: root.Line, Col: root.Column, Rule: "quota", Warning: true,
			Message: fmt.Sprintf("%d health checks: Route 53 allows %d active per account unless the quota is raised", len(checks), maxHealthChecks)})
	}
	s.refs.HealthChecks = map[string]bool{}
	for _, c := range checks {
		errs := c.check.Validate(exists, calculated)
		for _, e := range errs {
			s.add(zones.Diagnostic{File: s.show(name), Line: fieldLine(c.node, e.Field), Col: 1, Rule: "health-check",
				Message: fmt.Sprintf("health check %q: %s", c.check.ID, e.Error())})
		}
		s.refs.HealthChecks[c.check.ID] = true // defined, even if invalid: records referring to it are not also wrong
		if len(errs) == 0 {
			s.gen.HealthChecks = append(s.gen.HealthChecks, c.check)
		}
	}
}

// cidrFile is one collection of cidr-collections.json|yaml: its Id and
// Name (and the Arn and Version list-cidr-collections prints, ignored)
// with its blocks, as Locations with CidrLists, or as what
// list-cidr-blocks prints (CidrBlocks of CidrBlock and LocationName), or
// both; CidrLocations (as list-cidr-locations prints them) may name
// locations that hold no block.
type cidrFile struct {
	ID        string `yaml:"Id"`
	Name      string `yaml:"Name"`
	Locations []struct {
		LocationName string   `yaml:"LocationName"`
		CidrList     []string `yaml:"CidrList"`
	} `yaml:"Locations"`
	CidrBlocks []struct {
		CidrBlock    string `yaml:"CidrBlock"`
		LocationName string `yaml:"LocationName"`
	} `yaml:"CidrBlocks"`
	CidrLocations []struct {
		LocationName string `yaml:"LocationName"`
	} `yaml:"CidrLocations"`
}

// locationLists gathers a collection's blocks by location, in the order
// the locations first appear, whichever form the file used.
func (f *cidrFile) locationLists() (names []string, blocks map[string][]string) {
	blocks = map[string][]string{}
	add := func(name string, cidrs ...string) {
		if _, ok := blocks[name]; !ok {
			names = append(names, name)
			blocks[name] = nil
		}
		blocks[name] = append(blocks[name], cidrs...)
	}
	for _, loc := range f.Locations {
		add(loc.LocationName, loc.CidrList...)
	}
	for _, loc := range f.CidrLocations {
		add(loc.LocationName)
	}
	for _, b := range f.CidrBlocks {
		add(b.LocationName, b.CidrBlock)
	}
	return names, blocks
}

// cidrCollections reads the CIDR collections of IP-based routing.
func (s *sideFiles) cidrCollections(name string) {
	_, root, ok := s.readDocument(name)
	if !ok {
		return
	}
	items, ok := s.list(name, root, "CidrCollections")
	if !ok {
		return
	}
	var cols []policy.CIDRCollection
	s.refs.Collections = map[string]map[string]bool{}
	for _, n := range items {
		if col, ok := s.cidrCollection(name, n); ok {
			cols = append(cols, col)
		}
	}
	if len(cols) > maxCIDRCollections {
		s.add(zones.Diagnostic{File: s.show(name), Line: root.Line, Col: root.Column, Rule: "quota", Warning: true,
			Message: fmt.Sprintf("%d CIDR collections: Route 53 allows %d per account unless the quota is raised", len(cols), maxCIDRCollections)})
	}
	cidr, err := policy.NewCIDRCollections(cols)
	if err != nil {
		s.add(zones.Diagnostic{File: s.show(name), Rule: "cidr", Message: err.Error()})
		return
	}
	s.gen.CIDRCollections, s.gen.CIDR = cols, cidr
}

// cidrCollection checks one collection; ok is false when it is unusable.
func (s *sideFiles) cidrCollection(name string, n *yaml.Node) (policy.CIDRCollection, bool) {
	var f cidrFile
	if err := n.Decode(&f); err != nil {
		s.add(zones.YAMLDiagnostic(s.show(name), err))
		return policy.CIDRCollection{}, false
	}
	bad := func(format string, args ...any) {
		s.add(zones.Diagnostic{File: s.show(name), Line: n.Line, Col: n.Column, Rule: "cidr",
			Message: fmt.Sprintf("CIDR collection %q: ", f.ID) + fmt.Sprintf(format, args...)})
	}
	if f.ID == "" || len(f.Name) > 64 {
		bad("needs an Id, and a Name of at most 64 characters")
		return policy.CIDRCollection{}, false
	}
	col := policy.CIDRCollection{ID: f.ID, Name: f.Name}
	names := map[string]bool{}
	blocks := 0
	order, lists := f.locationLists()
	for _, loc := range order {
		if !zones.ValidLocationName(loc) {
			bad("LocationName %q must be 1 to 16 of [0-9A-Za-z_-]", loc)
			continue
		}
		pl := policy.CIDRLocation{Name: loc}
		for _, text := range lists[loc] {
			p, err := netip.ParsePrefix(text)
			if err != nil {
				bad("location %q: %q is not a CIDR block", loc, text)
				continue
			}
			pl.Blocks = append(pl.Blocks, p)
		}
		blocks += len(pl.Blocks)
		names[loc] = true
		col.Locations = append(col.Locations, pl)
	}
	if blocks > maxCIDRBlocks {
		bad("%d CIDR blocks; Route 53 allows %d per collection", blocks, maxCIDRBlocks)
		return policy.CIDRCollection{}, false
	}
	s.refs.Collections[f.ID] = names
	if _, err := policy.NewCIDRCollections([]policy.CIDRCollection{col}); err != nil {
		// policy's messages name the collection already.
		s.add(zones.Diagnostic{File: s.show(name), Line: n.Line, Col: n.Column, Rule: "cidr", Message: err.Error()})
		return policy.CIDRCollection{}, false
	}
	return col, true
}

// fieldLine finds the line of a dotted field path below n, else n's line.
func fieldLine(n *yaml.Node, field string) int {
	cur := n
	for part := range strings.SplitSeq(field, ".") {
		v := zones.MappingValue(cur, part)
		if v == nil {
			break
		}
		cur = v
	}
	return cur.Line
}
