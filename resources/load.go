package resources

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/miekg/dns"
	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with a resources file, where it is.
type Problem struct {
	Line, Col int
	// Field is the path of the value at fault, as in
	// "LoadBalancers[0].CanonicalHostedZoneId"; "" for the file.
	Field   string
	Message string
	Warning bool
}

func (p Problem) Error() string {
	if p.Field == "" {
		return p.Message
	}
	return p.Field + ": " + p.Message
}

// Parse reads a resources file, JSON or YAML (see FromNode).
func Parse(data []byte) (*Set, []Problem) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []Problem{decodeProblem("", nil, err)}
	}
	return FromNode(&doc)
}

// sections are the lists of a resources file, in the order they are
// read: load balancers before the target groups and environments that
// refer to them.
var sections = []struct {
	key  string
	read func(l *loader, field string, n *yaml.Node)
}{
	{"LoadBalancers", (*loader).loadBalancer},
	{"LoadBalancerDescriptions", (*loader).classic},
	{"TargetGroups", (*loader).targetGroup},
	{"Distributions", (*loader).distribution},
	{"S3Websites", (*loader).s3Website},
	{"ApiGatewayDomains", (*loader).apiGateway},
	{"Accelerators", (*loader).accelerator},
	{"VpcEndpoints", (*loader).vpcEndpoint},
	{"BeanstalkEnvironments", (*loader).beanstalk},
}

// FromNode builds a set from a parsed resources file: an object whose
// lists hold the resources, each as AWS's describe commands print it
// (docs/aws-resources.md). It returns every problem found; the set is nil
// when any is an error. An empty document is an empty set.
func FromNode(root *yaml.Node) (*Set, []Problem) {
	if root != nil && root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return &Set{names: map[string]entry{}}, nil
		}
		root = root.Content[0]
	}
	l := &loader{set: &Set{names: map[string]entry{}}, lbs: map[string]*Resource{}, groupNames: map[string]int{}}
	switch {
	case root == nil || root.Kind == 0 || root.Kind == yaml.ScalarNode && root.Tag == "!!null":
	case root.Kind != yaml.MappingNode:
		l.fail(root, "", "expected an object of lists (LoadBalancers, TargetGroups, ...)")
	default:
		l.document(root)
	}
	for _, p := range l.problems {
		if !p.Warning {
			return nil, l.problems
		}
	}
	return l.set, l.problems
}

func (l *loader) document(root *yaml.Node) {
	known := map[string]bool{}
	for _, s := range sections {
		known[s.key] = true
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; !known[k.Value] {
			l.fail(k, k.Value, "unknown list; a resources file has %s", sectionNames())
		}
	}
	for _, s := range sections {
		v := mappingValue(root, s.key)
		if v == nil || v.Tag == "!!null" {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			l.fail(v, s.key, "expected a list")
			continue
		}
		for i, item := range v.Content {
			s.read(l, fmt.Sprintf("%s[%d]", s.key, i), item)
		}
	}
}

func sectionNames() string {
	names := make([]string, len(sections))
	for i, s := range sections {
		names[i] = s.key
	}
	return strings.Join(names, ", ")
}

// loader builds one set and collects the file's problems.
type loader struct {
	set        *Set
	problems   []Problem
	lbs        map[string]*Resource // by ARN and by name
	groupNames map[string]int       // target group and classic LB names: their lines
}

func (l *loader) fail(n *yaml.Node, field, format string, args ...any) {
	l.problems = append(l.problems, problemAt(n, field, fmt.Sprintf(format, args...)))
}

func (l *loader) warn(n *yaml.Node, field, format string, args ...any) {
	p := problemAt(n, field, fmt.Sprintf(format, args...))
	p.Warning = true
	l.problems = append(l.problems, p)
}

func problemAt(n *yaml.Node, field, msg string) Problem {
	p := Problem{Field: field, Message: msg}
	if n != nil {
		p.Line, p.Col = n.Line, n.Column
	}
	return p
}

// decode reads item n into v; a type error is reported where it is.
func (l *loader) decode(n *yaml.Node, field string, v any) bool {
	if err := n.Decode(v); err != nil {
		l.problems = append(l.problems, decodeProblem(field, n, err))
		return false
	}
	return true
}

// decodeProblem places a YAML error by the "line N:" its text starts with.
func decodeProblem(field string, n *yaml.Node, err error) Problem {
	p := problemAt(n, field, err.Error())
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if line, err := strconv.Atoi(num); err == nil {
				p.Line, p.Col, p.Message = line, 0, text
			}
		}
	}
	return p
}

// at finds the node of a path of keys and indexes below n, else the
// deepest one found: where a problem with that value is reported.
func at(n *yaml.Node, path ...any) *yaml.Node {
	cur := n
	for _, step := range path {
		var next *yaml.Node
		switch s := step.(type) {
		case string:
			next = mappingValue(cur, s)
		case int:
			if cur.Kind == yaml.SequenceNode && s < len(cur.Content) {
				next = cur.Content[s]
			}
		}
		if next == nil {
			return cur
		}
		cur = next
	}
	return cur
}

// mappingValue is the value of key in mapping n, nil if none. (zones has
// the same helper, but zones imports this package, not the other way.)
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// name checks and normalizes a resource's DNS name (lower case, fully
// qualified) and indexes it; "" when it is unusable.
func (l *loader) name(n *yaml.Node, field, text string, r *Resource, dual bool) string {
	if text == "" {
		l.fail(n, field, "is required")
		return ""
	}
	name := dns.Fqdn(strings.ToLower(text))
	if _, ok := dns.IsDomainName(name); !ok || strings.HasPrefix(name, "dualstack.") || name == "." {
		l.fail(n, field, "%q is not a DNS name (give it without the dualstack. prefix)", text)
		return ""
	}
	if prev, dup := l.set.names[name]; dup {
		l.fail(n, field, "%s is already the name of %s %q (line %d)", name, prev.r.Kind, prev.r.Name, prev.r.Line)
		return ""
	}
	l.set.names[name] = entry{r: r, dual: dual}
	return name
}

// addrs parses addresses; a bad one is reported and left out.
func (l *loader) addrs(n *yaml.Node, field string, texts []string) []netip.Addr {
	var out []netip.Addr
	for i, t := range texts {
		a, err := netip.ParseAddr(strings.TrimSpace(t))
		if err != nil || a.Zone() != "" {
			l.fail(at(n, i), fmt.Sprintf("%s[%d]", field, i), "%q is not an IPv4 or IPv6 address", t)
			continue
		}
		out = append(out, a.Unmap())
	}
	return out
}

// region settles a resource's region from what the file says: Region
// (r53d's field), the ARN's region field, and the DNS name's shape, which
// must agree, and which r53d's zone table must know.
func (l *loader) region(n *yaml.Node, field string, declared string, derived ...string) string {
	region := declared
	for _, d := range derived {
		switch {
		case d == "":
		case region == "":
			region = d
		case d != region:
			l.fail(at(n, "Region"), field, "the file says region %s in one place and %s in another", region, d)
			return ""
		}
	}
	if region == "" {
		l.fail(n, field, "cannot tell the region: give Region (or an ARN, or a DNS name of AWS's form)")
		return ""
	}
	if !KnownRegion(region) {
		l.fail(at(n, "Region"), field, "unknown region %q", region)
		return ""
	}
	return region
}

// zoneID checks a declared canonical hosted zone id against the table
// and returns the table's (the declared one where the table has none).
func (l *loader) zoneID(n *yaml.Node, field string, k Kind, region, declared, what string) string {
	want, ok := CanonicalHostedZoneID(k, region)
	switch {
	case !ok && declared == "":
		l.fail(n, field, "AWS publishes no canonical hosted zone id for %s in %s: give it", what, region)
		return ""
	case !ok:
		return declared
	case declared != "" && !strings.EqualFold(strings.TrimPrefix(declared, "/hostedzone/"), want):
		l.fail(n, field, "%s is not the canonical hosted zone id of %s in %s, which is %s", declared, what, region, want)
		return ""
	}
	return want
}

func (l *loader) add(r *Resource) { l.set.resources = append(l.set.resources, r) }
