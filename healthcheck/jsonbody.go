package healthcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// decodeBody reads a request body that must be one JSON object and
// nothing else, and stores each member in fields[name]. It is stricter
// than encoding/json on purpose: names match exactly (encoding/json folds
// case, so "status" would set Status), unknown and repeated names are
// errors, and so is anything after the object. The body is cut at
// maxBody bytes. On error it returns the HTTP status to answer with: 415
// for a body that is not declared JSON, 400 otherwise.
func decodeBody(w http.ResponseWriter, r *http.Request, fields map[string]any) (int, error) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return http.StatusUnsupportedMediaType, fmt.Errorf("content type %q: the body must be application/json", r.Header.Get("Content-Type"))
	}
	if err := decodeObject(http.MaxBytesReader(w, r.Body, maxBody), fields); err != nil {
		return http.StatusBadRequest, err
	}
	return 0, nil
}

// decodeObject decodes one JSON object from rd into fields, by exact name.
// Each value is decoded by encoding/json into its field's pointer, so the
// exact-name rule holds for the top level only; today's bodies are flat.
func decodeObject(rd io.Reader, fields map[string]any) error {
	dec := json.NewDecoder(rd)
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string) // inside an object, More means a name comes next
		dst, known := fields[name]
		switch {
		case !known:
			return fmt.Errorf("unknown field %q (names are case-sensitive)", name)
		case seen[name]:
			return fmt.Errorf("field %q given twice", name)
		}
		seen[name] = true
		if err := dec.Decode(dst); err != nil {
			return fmt.Errorf("field %q: %w", name, err)
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err == io.EOF {
		return errors.New("empty body")
	}
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("expected %q, found %v", want, tok)
	}
	return nil
}
