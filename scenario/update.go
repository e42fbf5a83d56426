package scenario

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Update records the answers of f's snapshot cases as their expect:
// lines and returns the file's new text. It edits lines, not the whole
// document, so every other line — comments, blank lines, the layout of
// other cases — stays byte for byte as it was. results are f's, from a
// run with Updating set; changed counts the cases whose expectation
// changed.
func Update(f *File, results []Result) (text []byte, changed int, err error) {
	if strings.EqualFold(path.Ext(f.Path), ".json") {
		return nil, 0, fmt.Errorf("%s: --update writes YAML; keep snapshot cases in a .yaml file", f.Path)
	}
	src := string(f.text)
	if !strings.HasSuffix(src, "\n") {
		src += "\n"
	}
	lines := strings.SplitAfter(src, "\n")
	lines = lines[:len(lines)-1] // after the last newline: nothing
	var todo []Result
	for _, r := range results {
		if r.File == f && r.Case.Snapshot && r.Status != Bad && r.Status != Skip {
			todo = append(todo, r)
		}
	}
	// Bottom up, so the line numbers of the cases above stay true.
	slices.SortFunc(todo, func(a, b Result) int { return b.Case.Line - a.Case.Line })
	for _, r := range todo {
		var edited bool
		lines, edited, err = setExpect(f.Path, lines, r.Case.node, expectNode(&r.Got))
		if err != nil {
			return nil, 0, err
		}
		if edited {
			changed++
		}
	}
	return []byte(strings.Join(lines, "")), changed, nil
}

// expectNode is the expectation that what came back meets: its values
// and TTL, or its rcode; and its ECS scope when the client was a subnet.
func expectNode(g *Got) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	add := func(key string, v *yaml.Node) {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	}
	scalar := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	if len(g.Values) == 0 || g.Rcode != 0 {
		add("rcode", scalar(g.rcodeName()))
	}
	if len(g.Values) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, v := range g.Values {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
		}
		add("answer", seq)
		if ttl, same := sameTTL(g.TTLs); same {
			add("ttl", scalar(strconv.FormatUint(uint64(ttl), 10)))
		}
	}
	if g.Client.Bits() < g.Client.Addr().BitLen() {
		add("ecs-scope", scalar(strconv.Itoa(g.Scope)))
	}
	return m
}

func sameTTL(ttls []uint32) (uint32, bool) {
	for _, t := range ttls[1:] {
		if t != ttls[0] {
			return 0, false
		}
	}
	return ttls[0], true
}

// setExpect writes v as the case's expect: line, replacing the lines of
// the expectation it had or adding one after its last field; edited is
// false when the expectation already said the same.
func setExpect(file string, lines []string, c, v *yaml.Node) (out []string, edited bool, err error) {
	if c.Style&yaml.FlowStyle != 0 || len(c.Content) == 0 {
		return nil, false, fmt.Errorf("%s:%d: a snapshot case must be written as a block mapping, one field a line", file, c.Line)
	}
	flow, err := yaml.Marshal(v)
	if err != nil {
		return nil, false, fmt.Errorf("%s:%d: %w", file, c.Line, err)
	}
	key := c.Content[len(c.Content)-2] // the last field: add after it
	replace := false
	for i := 0; i+1 < len(c.Content); i += 2 {
		if c.Content[i].Value == "expect" {
			if sameNode(c.Content[i+1], v) {
				return lines, false, nil
			}
			key, replace = c.Content[i], true
		}
	}
	start, end := key.Line-1, blockEnd(lines, key.Line-1, key.Column)
	line := strings.Repeat(" ", key.Column-1) + "expect: " + string(flow)
	if replace {
		return slices.Concat(lines[:start], []string{line}, lines[end:]), true, nil
	}
	return slices.Concat(lines[:end], []string{line}, lines[end:]), true, nil
}

// blockEnd is the index after the last line of the field whose key is on
// line start at column col (1-based): the lines after it indented deeper
// belong to its value; blank and comment lines only between such lines.
func blockEnd(lines []string, start, col int) int {
	end := start + 1
	for i := start + 1; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if len(l)-len(strings.TrimLeft(l, " ")) < col {
			break
		}
		end = i + 1
	}
	return end
}

// sameNode compares two expectations as written, ignoring their style.
func sameNode(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || a.Value != b.Value || len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}
