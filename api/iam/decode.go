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
// keys, slices and scalars. JSON is read as JSON (its grammar is stricter
// than YAML's reading of it, e.g. about tabs).
func decode(data []byte) (any, error) {
	var v any
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		if err := decodeJSON(trimmed, &v); err != nil {
			return nil, fmt.Errorf("not valid JSON: %w", err)
		}
		return v, nil
	}
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("not valid YAML: %w", err)
	}
	if v == nil {
		return nil, errors.New("the file is empty")
	}
	return v, nil
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
	switch m := v.(type) {
	case map[string]any:
		return m, nil
	case map[any]any: // YAML with non-string keys
		out := make(map[string]any, len(m))
		for k, val := range m {
			ks, ok := scalar(k)
			if !ok {
				return nil, fmt.Errorf("%s: keys must be strings", where)
			}
			out[ks] = val
		}
		return out, nil
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
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case uint64:
		return strconv.FormatUint(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
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
	case map[string]any, map[any]any:
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
