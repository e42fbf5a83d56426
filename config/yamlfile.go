package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/r53d/r53d/zones"
	"go.yaml.in/yaml/v3"
)

// jsonDocument is the text of a side file: {key: v} as indented JSON
// (the form the AWS CLI's list and get commands print).
func jsonDocument(key string, v any) ([]byte, error) {
	data, err := json.MarshalIndent(map[string]any{key: v}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	return append(data, '\n'), nil
}

// fileDocument is jsonDocument written as the file name is: YAML for a
// .yaml or .yml file.
func fileDocument(name, key string, v any) ([]byte, error) {
	data, err := jsonDocument(key, v)
	if err != nil || !isYAML(name) {
		return data, err
	}
	return jsonToYAML(data)
}

func isYAML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// rewritable refuses to rewrite a YAML file written with comments: the
// API writes files whole, and the comments would be lost.
func rewritable(name string, data []byte) error {
	if !isYAML(name) {
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil // the loader reports it
	}
	if hasComments(&doc) {
		return &zones.Fault{Code: "InvalidInput", Message: fmt.Sprintf(
			"%s has comments, which rewriting it would lose; r53d does not change it: edit it by hand, or remove its comments (or convert it to JSON) and retry", name)}
	}
	return nil
}

func hasComments(n *yaml.Node) bool {
	if n.HeadComment != "" || n.LineComment != "" || n.FootComment != "" {
		return true
	}
	for _, c := range n.Content {
		if hasComments(c) {
			return true
		}
	}
	return false
}

// jsonToYAML writes a JSON document as block-style YAML, keys in the same
// order, for a side or zone file kept in YAML.
func jsonToYAML(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("convert to YAML: %w", err)
	}
	blockStyle(&doc)
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("convert to YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("convert to YAML: %w", err)
	}
	return out.Bytes(), nil
}

// blockStyle drops JSON's flow style and quotes; the encoder quotes a
// string again where YAML would read it as something else.
func blockStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		blockStyle(c)
	}
}
