package zones

import (
	"bytes"
	"encoding/json"
	"errors"
	"path"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// parseDocument reads a JSON or YAML document into YAML nodes, which keep
// the line and column of every value. A .json file is JSON (RFC 8259):
// a trailing comma is an error, as for jq and the AWS CLI, though YAML
// would accept it. A syntax error is placed where the text goes wrong.
func parseDocument(file string, data []byte) (*yaml.Node, *Diagnostic) {
	if strings.EqualFold(path.Ext(file), ".json") && !json.Valid(data) {
		return nil, jsonSyntaxError(file, data)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d := yamlSyntaxError(file, data, err)
		return nil, &d
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	return root, nil
}

// ParseDocument is parseDocument for the files beside the zones (health
// checks, CIDR collections, the latency table), so every JSON or YAML file
// of a zones directory is read, and its syntax errors placed, alike.
func ParseDocument(file string, data []byte) (*yaml.Node, *Diagnostic) {
	return parseDocument(file, data)
}

// MappingValue returns the value of key in a mapping node of a document
// ParseDocument read, or nil when n is no mapping or has no such key.
func MappingValue(n *yaml.Node, key string) *yaml.Node {
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

// jsonSyntaxError places a JSON syntax error at the byte encoding/json
// stopped at.
func jsonSyntaxError(file string, data []byte) *Diagnostic {
	var v any
	err := json.Unmarshal(data, &v)
	d := &Diagnostic{File: file, Rule: "syntax", Message: "not valid JSON"}
	if err == nil {
		return d
	}
	d.Message = err.Error()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the offending one included; at
		// the end of the input, the place is just past the last byte.
		off := int(se.Offset) - 1
		if int(se.Offset) >= len(data) {
			off = len(data)
		}
		d.Line, d.Col = lineCol(data, off)
	}
	return d
}

// lineCol is the 1-based line and column (in characters) of byte off.
func lineCol(data []byte, off int) (line, col int) {
	off = max(0, min(off, len(data)))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return bytes.Count(data[:off], []byte("\n")) + 1, utf8.RuneCount(data[start:off]) + 1
}

// yamlSyntaxError places a YAML syntax error. yaml.v3 names the line where
// the enclosing block began (or, counting from 0, the line before the
// problem), so the loader finds the first line at which the document,
// cut there, fails the same way: that is where the text goes wrong.
func yamlSyntaxError(file string, data []byte, err error) Diagnostic {
	msg := yamlMessage(err)
	d := Diagnostic{File: file, Rule: "syntax", Message: msg}
	ends := lineEnds(data)
	fails := func(k int) bool {
		var n yaml.Node
		e := yaml.Unmarshal(data[:ends[k-1]], &n)
		return e != nil && yamlMessage(e) == msg
	}
	// Smallest k in [1, len(ends)] whose first k lines fail.
	lo, hi := 1, len(ends)
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if len(ends) == 0 {
		return d
	}
	d.Line = lo
	start := 0
	if lo > 1 {
		start = ends[lo-2]
	}
	text := data[start:ends[lo-1]]
	d.Col = utf8.RuneCount(text[:len(text)-len(bytes.TrimLeft(text, " \t"))]) + 1
	return d
}

// lineEnds lists the offset just past each line of data.
func lineEnds(data []byte) []int {
	var ends []int
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		ends = append(ends, len(data))
	}
	return ends
}

// yamlMessage is a yaml.v3 error without its "yaml: line N:" prefix.
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if _, text, ok := strings.Cut(rest, ": "); ok {
			return text
		}
	}
	return msg
}
