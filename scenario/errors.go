package scenario

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error is a problem in a scenario file, where it is: the file, the line
// and column, and the field's path (cases[2].client.country).
type Error struct {
	File      string
	Line, Col int
	Field     string
	Message   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	return b.String() + ": " + e.Message
}

// Errors are every problem of one or more files, in order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// AsErrors returns the positioned errors inside err, if any.
func AsErrors(err error) (Errors, bool) {
	var es Errors
	if errors.As(err, &es) {
		return es, true
	}
	var e *Error
	if errors.As(err, &e) {
		return Errors{e}, true
	}
	return nil, false
}

// decoder reads one file's nodes and collects positioned errors.
type decoder struct {
	file string
	errs Errors
}

func (d *decoder) fail(n *yaml.Node, field, format string, args ...any) {
	e := &Error{File: d.file, Field: field, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// fields walks a mapping node, calling each with the key's value. Keys
// not in each are errors: a misspelt expectation must not pass silently.
func (d *decoder) fields(n *yaml.Node, path string, each map[string]func(v *yaml.Node, field string)) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "want a mapping, got %s", kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := join(path, k.Value)
		f, ok := each[k.Value]
		switch {
		case !ok:
			d.fail(k, field, "unknown field (known: %s)", known(each))
		case seen[k.Value]:
			d.fail(k, field, "given twice")
		default:
			seen[k.Value] = true
			f(v, field)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func known(each map[string]func(*yaml.Node, string)) string {
	names := make([]string, 0, len(each))
	for k := range each {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// scalar returns a scalar's text, or fails.
func (d *decoder) scalar(n *yaml.Node, field string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, field, "want a single value, got %s", kindName(n))
		return "", false
	}
	return n.Value, true
}

// strings reads a scalar or a list of scalars.
func (d *decoder) strings(n *yaml.Node, field string) ([]string, bool) {
	if n.Kind == yaml.ScalarNode {
		if n.Tag == "!!null" {
			return []string{}, true
		}
		return []string{n.Value}, true
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, field, "want a value or a list of values, got %s", kindName(n))
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		s, ok := d.scalar(item, fmt.Sprintf("%s[%d]", field, i))
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}
