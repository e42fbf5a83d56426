package config

import (
	"bytes"
	"encoding/json"
)

// indentLike re-indents data, a JSON document r53d wrote with four spaces,
// with the indentation of old, the file's text before the write (two
// spaces as jq writes it, a tab, ...), so that a git diff of an API change
// shows the change and not every line re-indented. data is returned as it
// is when old's indentation cannot be told or is already four spaces.
func indentLike(old, data []byte) []byte {
	indent := jsonIndentOf(old)
	if indent == "" || indent == "    " {
		return data
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, data, "", indent); err != nil {
		return data
	}
	return buf.Bytes()
}

// jsonIndentOf is the whitespace that starts the first indented line of
// a JSON document: its unit of indentation.
func jsonIndentOf(text []byte) string {
	for _, line := range bytes.Split(text, []byte("\n"))[1:] {
		n := len(line) - len(bytes.TrimLeft(line, " \t"))
		if n > 0 && n < len(bytes.TrimRight(line, " \t\r")) {
			return string(line[:n])
		}
	}
	return ""
}
