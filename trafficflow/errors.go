package trafficflow

import (
	"errors"
	"strings"
)

// Error is one problem of a document: which document, which rule or
// endpoint, which field, and what is wrong.
type Error struct {
	Doc     string // the policy as messages name it, e.g. `traffic policy "web" version 2`
	Rule    string // the rule id; "" for the document's top level or an endpoint
	Field   string // the field path inside the rule or document, e.g. "Items[1].Weight"
	Message string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Doc != "" {
		b.WriteString(e.Doc)
		b.WriteString(": ")
	}
	if e.Rule != "" {
		b.WriteString(`rule "` + e.Rule + `": `)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Errors are every problem found in one document, in a stable order.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// AsErrors returns the problems err holds, or nil when it holds none.
func AsErrors(err error) Errors {
	var es Errors
	if errors.As(err, &es) {
		return es
	}
	var e *Error
	if errors.As(err, &e) {
		return Errors{e}
	}
	return nil
}
