package geo

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"slices"

	"go.yaml.in/yaml/v3"
)

// ParseError is one problem at a place in a file: the file name, the line and
// column (1-based) where the offending YAML node starts, and the field it is
// about, such as "cidr" or "regions.us-east-1".
type ParseError struct {
	File   string
	Line   int
	Column int
	Field  string
	Err    error
}

// Error formats the error as "file:line:column: field: message".
func (e *ParseError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %v", e.File, e.Line, e.Column, e.Field, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// ParseLatencyTable parses a latency table; name is the file name used in
// errors. The file is a YAML sequence of entries, each a client network in
// CIDR notation and the measured round-trip times in milliseconds from that
// network to AWS Regions:
//
//	# latency.yaml: milliseconds from client networks to AWS Regions
//	- cidr: 11.3.0.0/16
//	  regions:
//	    us-east-1: 12
//	    eu-west-1: 85.5
//	- cidr: 2a11:3::/32
//	  regions: {us-east-1: 14, eu-west-1: 88}
//
// Every entry needs both fields and nothing else. A cidr must be written as
// its network address (no host bits set) and appear once; IPv4-mapped IPv6
// networks are stored as the IPv4 network they stand for. Region codes must
// be Regions r53d knows (see Regions); milliseconds are finite and not
// negative. An empty file is an empty table. ParseLatencyTable reports every
// problem it finds, each a *ParseError, joined with errors.Join.
func ParseLatencyTable(name string, data []byte) (*LatencyTable, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p := latencyParser{name: name, lines: map[netip.Prefix]int{}}
	if len(doc.Content) > 0 {
		p.entries(doc.Content[0])
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return &LatencyTable{index: NewPrefixIndex(p.rows)}, nil
}

// latencyParser walks the YAML tree of one file and collects its errors.
type latencyParser struct {
	name  string
	rows  []PrefixEntry[LatencyEntry]
	lines map[netip.Prefix]int // where each network was listed
	errs  []error
}

func (p *latencyParser) fail(n *yaml.Node, field, format string, args ...any) {
	p.errs = append(p.errs, &ParseError{
		File: p.name, Line: n.Line, Column: n.Column, Field: field,
		Err: fmt.Errorf(format, args...),
	})
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
	e := LatencyEntry{Line: n.Line}
	seen := map[string]bool{}
	valid := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], deref(n.Content[i+1])
		ok := false
		switch {
		case seen[key.Value]:
			p.fail(key, key.Value, "listed twice")
		case key.Value == "cidr":
			e.Network, ok = p.cidr(val)
		case key.Value == "regions":
			e.regions = p.regions(val)
			ok = e.regions != nil
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
		p.store(n, e)
	}
}

// store adds e to the table unless its network is already there.
func (p *latencyParser) store(n *yaml.Node, e LatencyEntry) {
	if prev, dup := p.lines[e.Network]; dup {
		p.fail(n, "cidr", "%s already listed at line %d", e.Network, prev)
		return
	}
	p.lines[e.Network] = e.Line
	p.rows = append(p.rows, PrefixEntry[LatencyEntry]{Network: e.Network, Value: e})
}

func (p *latencyParser) cidr(n *yaml.Node) (netip.Prefix, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		p.fail(n, "cidr", "want a network such as 11.3.0.0/16, got %s", describe(n))
		return netip.Prefix{}, false
	}
	network, err := netip.ParsePrefix(n.Value)
	if err != nil {
		p.fail(n, "cidr", "bad CIDR: %w", err)
		return netip.Prefix{}, false
	}
	if network != network.Masked() {
		p.fail(n, "cidr", "%s has host bits set; the network is %s", network, network.Masked())
		return netip.Prefix{}, false
	}
	return unmapPrefix(network), true
}

// regions returns the entry's latencies sorted by region, or nil after
// reporting a problem.
func (p *latencyParser) regions(n *yaml.Node) []RegionLatency {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		p.fail(n, "regions", "want a map of region: milliseconds, got %s", describe(n))
		return nil
	}
	out := make([]RegionLatency, 0, len(n.Content)/2)
	bad := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], deref(n.Content[i+1])
		r, ok := p.region(key, val)
		if ok && slices.ContainsFunc(out, func(x RegionLatency) bool { return x.Region == r.Region }) {
			p.fail(key, "regions."+key.Value, "listed twice")
			ok = false
		}
		bad = bad || !ok
		out = append(out, r)
	}
	if bad {
		return nil
	}
	slices.SortFunc(out, func(a, b RegionLatency) int { return cmp.Compare(a.Region, b.Region) })
	return out
}

func (p *latencyParser) region(key, val *yaml.Node) (RegionLatency, bool) {
	field := "regions." + key.Value
	if _, _, known := RegionCoordinates(key.Value); !known {
		p.fail(key, field, "unknown region %q", key.Value)
		return RegionLatency{}, false
	}
	var ms float64
	tag := val.ShortTag()
	if val.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || val.Decode(&ms) != nil {
		p.fail(val, field, "want milliseconds as a number, got %s", describe(val))
		return RegionLatency{}, false
	}
	if math.IsNaN(ms) || math.IsInf(ms, 0) || ms < 0 {
		p.fail(val, field, "milliseconds must be a finite number ≥ 0, got %s", val.Value)
		return RegionLatency{}, false
	}
	return RegionLatency{Region: key.Value, Ms: ms}, true
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
