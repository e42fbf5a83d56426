package api

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strings"
	"time"
)

// Namespace is Route 53's XML namespace, on every request and response root.
const Namespace = "https://route53.amazonaws.com/doc/2013-04-01/"

// decodeRequest reads a request body whose root must be <root> in Route
// 53's namespace (or none) into v. Members may come in any order (the Go
// SDK writes them alphabetically); an element v has no field for is an
// InvalidInput, as Route 53's schema validation makes it, rather than
// something silently dropped.
// decodeOptionalRequest is decodeRequest for requests whose members are
// all optional: the AWS CLI sends no body at all when none is given
// (update-hosted-zone-comment without --comment, update-health-check with
// nothing to change), which is the request with none of them.
func decodeOptionalRequest(body []byte, root string, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	return decodeRequest(body, root, v)
}

func decodeRequest(body []byte, root string, v any) error {
	dec := xml.NewDecoder(bytes.NewReader(body))
	start, err := firstElement(dec)
	if err != nil {
		return err
	}
	if start.Name.Local != root {
		return malformed("%s is not valid, expected %s", start.Name.Local, root)
	}
	if start.Name.Space != "" && start.Name.Space != Namespace {
		return malformed("%s is in namespace %s, expected %s", root, start.Name.Space, Namespace)
	}
	if err := checkElements(dec, reflect.TypeOf(v).Elem(), root); err != nil {
		return err
	}
	if err := xml.Unmarshal(body, v); err != nil {
		return invalidInput("Invalid XML ; %v", err)
	}
	return nil
}

// firstElement skips the prolog up to the root element.
func firstElement(dec *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return xml.StartElement{}, invalidInput("Invalid XML ; Premature end of file.")
		}
		if err != nil {
			return xml.StartElement{}, invalidInput("Invalid XML ; %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

// checkElements reads the content of element name, of Go type t, up to
// its end, and fails on a child element t has no field for. It recurses
// only as deep as t's own nesting, so a hostile body cannot make it deep.
func checkElements(dec *xml.Decoder, t reflect.Type, name string) error {
	for {
		tok, err := dec.Token()
		if err != nil {
			return invalidInput("Invalid XML ; %v", err)
		}
		switch tok := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			child, ok := childType(t, tok.Name.Local)
			if !ok {
				return invalidInput("Invalid XML ; cvc-complex-type.2.4.a: Invalid content was found starting with element '%s' in '%s'.", tok.Name.Local, name)
			}
			if err := checkElements(dec, child, tok.Name.Local); err != nil {
				return err
			}
		}
	}
}

// childType is the type of the field of struct t (or of its elements,
// for a list) that element name fills.
func childType(t reflect.Type, name string) (reflect.Type, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == reflect.TypeFor[time.Time]() {
		return nil, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("xml"), ",")
		if tag == "" && !strings.HasPrefix(f.Tag.Get("xml"), ",") {
			tag = f.Name // encoding/xml's default
		}
		if f.Name == "XMLName" || tag != name {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() != reflect.Uint8 {
			ft = ft.Elem()
		}
		return ft, true
	}
	return nil, false
}

// encodeResponse writes v, a response root whose XMLName carries the
// namespace, after the XML declaration.
func encodeResponse(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// timestamp is a time as Route 53 writes it: UTC with milliseconds.
type timestamp time.Time

func (t timestamp) MarshalText() ([]byte, error) {
	return []byte(time.Time(t).UTC().Format("2006-01-02T15:04:05.000Z")), nil
}
