package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decode reads a JSON or YAML document into plain values: maps with string
// keys, slices, and scalars. A document starting with '{' is read as JSON
// first (its grammar is stricter than YAML's reading of it, e.g. about
// tabs); YAML flow style that is not JSON falls back to YAML.
func decode(data []byte) (any, error) {
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		var v any
		jsonErr := decodeJSON(trimmed, &v)
		if jsonErr == nil {
			return v, nil
		}
		if v, err := decodeYAML(data); err == nil {
			return v, nil
		}
		return nil, fmt.Errorf("not valid JSON: %w", jsonErr)
	}
	v, err := decodeYAML(data)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, errors.New("the file is empty")
	}
	return v, nil
}

// decodeYAML reads YAML through its node tree so that scalars keep their
// text: an unquoted 2012-10-17 stays a string rather than a time, and an
// AccountId of 000000000000 keeps its zeros. Only booleans and nulls are
// typed.
func decodeYAML(data []byte) (any, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("not valid YAML: %w", err)
	}
	budget := maxYAMLNodes
	return yamlValue(&root, &budget, 0)
}

// Limits on what aliases may expand to, against "billion laughs" files.
const (
	maxYAMLNodes = 1 << 20
	maxYAMLDepth = 64
)

func yamlValue(n *yaml.Node, budget *int, depth int) (any, error) {
	*budget--
	if *budget < 0 || depth > maxYAMLDepth {
		return nil, errors.New("YAML too large or too deeply nested (aliases?)")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yamlValue(n.Content[0], budget, depth+1)
	case yaml.AliasNode:
		return yamlValue(n.Alias, budget, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, budget, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		return yamlMapping(n, budget, depth)
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return b, nil
	}
	return n.Value, nil
}

func yamlMapping(n *yaml.Node, budget *int, depth int) (any, error) {
	out := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: keys must be strings", k.Line)
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("line %d: key %q appears twice", k.Line, k.Value)
		}
		v, err := yamlValue(n.Content[i+1], budget, depth+1)
		if err != nil {
			return nil, err
		}
		out[k.Value] = v
	}
	return out, nil
}

func decodeJSON(data []byte, v *any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the top-level object")
	}
	return nil
}

// decodePolicyString reads a PolicyDocument given as a JSON string, as IAM
// returns it (URL-encoded in the raw API, plain in the CLI's output).
func decodePolicyString(s string) (any, error) {
	if strings.HasPrefix(strings.TrimSpace(s), "%7B") || strings.HasPrefix(strings.TrimSpace(s), "%7b") {
		unescaped, err := url.QueryUnescape(s)
		if err != nil {
			return nil, fmt.Errorf("not URL-encoded JSON: %w", err)
		}
		s = unescaped
	}
	var v any
	if err := decodeJSON([]byte(s), &v); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	return v, nil
}

// object returns v as a map with string keys, or an error naming where.
func object(v any, where string) (map[string]any, error) {
	if m, ok := v.(map[string]any); ok {
		return m, nil
	}
	return nil, fmt.Errorf("%s: must be an object, not %s", where, kind(v))
}

// list returns v as a list.
func list(v any, where string) ([]any, error) {
	if l, ok := v.([]any); ok {
		return l, nil
	}
	return nil, fmt.Errorf("%s: must be a list, not %s", where, kind(v))
}

// onlyKeys refuses keys outside allowed, naming the first in sorted order.
func onlyKeys(m map[string]any, where string, allowed ...string) error {
	var unknown []string
	for k := range m {
		if !contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return fmt.Errorf("%s: unknown field %q (allowed: %s)", where, unknown[0], strings.Join(allowed, ", "))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// scalar writes a string, number or boolean as IAM reads it: as text.
func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// text returns a required non-empty string field.
func text(m map[string]any, field, where string) (string, error) {
	v, ok := m[field]
	if !ok {
		return "", fmt.Errorf("%s: %s is missing", where, field)
	}
	s, ok := v.(string)
	if !ok || s == "" {
		return "", fmt.Errorf("%s: %s must be a non-empty string", where, field)
	}
	return s, nil
}

// stringOrList reads IAM's "a string or a list of strings" (numbers and
// booleans read as their text), refusing an empty list.
func stringOrList(v any, where string) ([]string, error) {
	if s, ok := scalar(v); ok {
		return []string{s}, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: must be a string or a list of strings, not %s", where, kind(v))
	}
	if len(l) == 0 {
		return nil, fmt.Errorf("%s: must not be an empty list", where)
	}
	out := make([]string, len(l))
	for i, x := range l {
		s, ok := scalar(x)
		if !ok {
			return nil, fmt.Errorf("%s[%d]: must be a string, not %s", where, i, kind(x))
		}
		out[i] = s
	}
	return out, nil
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	}
	return "a number"
}
