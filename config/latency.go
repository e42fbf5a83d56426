package config

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/zones"
	"go.yaml.in/yaml/v3"
)

// latency reads latency.json|yaml|yml: client CIDR → region → milliseconds.
func (s *sideFiles) latency(name string) {
	_, root, ok := s.readDocument(name)
	if !ok {
		return
	}
	table, diags := parseLatency(s.show(name), root)
	s.diags = append(s.diags, diags...)
	if len(diags) == 0 {
		s.gen.Latency = table
	}
}

// parseLatency reads a latency table from its parsed file. The file is a
// sequence of entries, each a client network in CIDR notation and the
// measured round-trip times in milliseconds from that network to AWS
// Regions:
//
//	# latency.yaml: milliseconds from client networks to AWS Regions
//	- cidr: 11.3.0.0/16
//	  regions:
//	    us-east-1: 12
//	    eu-west-1: 85.5
//	- cidr: 2a11:3::/32
//	  regions: {us-east-1: 14, eu-west-1: 88}
//
// Every entry needs both fields and nothing else; the values follow
// geo.NewLatencyTable's rules. An empty file is an empty table. Every
// problem is reported, each where it is in the file; the table is nil when
// there is any.
func parseLatency(file string, root *yaml.Node) (*geo.LatencyTable, zones.Diagnostics) {
	p := latencyParser{file: file, lines: map[netip.Prefix]int{}}
	if root != nil && root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			root = nil
		} else {
			root = root.Content[0]
		}
	}
	if root != nil && root.Kind != 0 {
		p.entries(root)
	}
	if len(p.diags) > 0 {
		return nil, p.diags
	}
	table, err := geo.NewLatencyTable(p.rows)
	if err != nil { // the checks above catch what geo refuses
		p.fail(root, "", "%v", err)
		return nil, p.diags
	}
	return table, nil
}

// latencyParser walks the YAML tree of one file and collects its problems.
type latencyParser struct {
	file  string
	rows  []geo.LatencyRow
	lines map[netip.Prefix]int // where each network was listed
	diags zones.Diagnostics
}

// fail reports a problem at n; field is the dotted path it is about, such
// as "cidr" or "regions.us-east-1", or "" for the entry itself.
func (p *latencyParser) fail(n *yaml.Node, field, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if field != "" {
		msg = field + ": " + msg
	}
	p.diags = append(p.diags, zones.Diagnostic{File: p.file, Line: n.Line, Col: n.Column, Rule: "latency", Message: msg})
}

func (p *latencyParser) entries(root *yaml.Node) {
	root = deref(root)
	switch {
	case root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null":
		return // a file of comments only
	case root.Kind != yaml.SequenceNode:
		p.fail(root, "", "want a list of entries (- cidr: …, regions: …), got %s", describe(root))
		return
	}
	for _, n := range root.Content {
		p.entry(deref(n))
	}
}

func (p *latencyParser) entry(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.fail(n, "", "want an entry with cidr and regions, got %s", describe(n))
		return
	}
	row := geo.LatencyRow{Line: n.Line}
	seen := map[string]bool{}
	valid := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], deref(n.Content[i+1])
		ok := false
		switch {
		case seen[key.Value]:
			p.fail(key, key.Value, "listed twice")
		case key.Value == "cidr":
			row.Network, ok = p.cidr(val)
		case key.Value == "regions":
			row.Regions = p.regions(val)
			ok = row.Regions != nil
		default:
			p.fail(key, key.Value, "unknown field (want cidr or regions)")
		}
		seen[key.Value] = true
		valid = valid && ok
	}
	for _, field := range []string{"cidr", "regions"} {
		if !seen[field] {
			p.fail(n, field, "missing")
			valid = false
		}
	}
	if valid {
		p.store(n, row)
	}
}

// store adds row to the table unless its network is already there.
func (p *latencyParser) store(n *yaml.Node, row geo.LatencyRow) {
	if prev, dup := p.lines[row.Network]; dup {
		p.fail(n, "cidr", "%s already listed at line %d", row.Network, prev)
		return
	}
	p.lines[row.Network] = row.Line
	p.rows = append(p.rows, row)
}

func (p *latencyParser) cidr(n *yaml.Node) (netip.Prefix, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		p.fail(n, "cidr", "want a network such as 11.3.0.0/16, got %s", describe(n))
		return netip.Prefix{}, false
	}
	network, err := netip.ParsePrefix(n.Value)
	if err != nil {
		p.fail(n, "cidr", "bad CIDR: %v", err)
		return netip.Prefix{}, false
	}
	network, err = geo.LatencyNetwork(network)
	if err != nil {
		p.fail(n, "cidr", "%v", err)
		return netip.Prefix{}, false
	}
	return network, true
}

// regions returns the entry's latencies, or nil after reporting a problem.
func (p *latencyParser) regions(n *yaml.Node) []geo.RegionLatency {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		p.fail(n, "regions", "want a map of region: milliseconds, got %s", describe(n))
		return nil
	}
	out := make([]geo.RegionLatency, 0, len(n.Content)/2)
	bad := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], deref(n.Content[i+1])
		r, ok := p.region(key, val)
		if ok && slices.ContainsFunc(out, func(x geo.RegionLatency) bool { return x.Region == r.Region }) {
			p.fail(key, "regions."+key.Value, "listed twice")
			ok = false
		}
		bad = bad || !ok
		out = append(out, r)
	}
	if bad {
		return nil
	}
	return out
}

func (p *latencyParser) region(key, val *yaml.Node) (geo.RegionLatency, bool) {
	field := "regions." + key.Value
	if _, _, known := geo.RegionCoordinates(key.Value); !known {
		p.fail(key, field, "unknown region %q", key.Value)
		return geo.RegionLatency{}, false
	}
	var ms float64
	tag := val.ShortTag()
	if val.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || val.Decode(&ms) != nil {
		p.fail(val, field, "want milliseconds as a number, got %s", describe(val))
		return geo.RegionLatency{}, false
	}
	if err := geo.CheckLatencyMs(ms); err != nil {
		p.fail(val, field, "%v", err)
		return geo.RegionLatency{}, false
	}
	return geo.RegionLatency{Region: key.Value, Ms: ms}, true
}

// deref follows YAML aliases (*name) to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// describe names a node's kind for error messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		if len(n.Content) == 0 {
			return "an empty map"
		}
		return "a map"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}
