package sigv4

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// FuzzParseAuthorization: any header either parses into a well-formed
// Authorization or fails as IncompleteSignature 400, never panics.
// Seeds: testdata/fuzz/FuzzParseAuthorization.
func FuzzParseAuthorization(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIAR53DTEST00000001/20261127/eu-west-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123")
	f.Fuzz(func(t *testing.T, header string) {
		a, err := ParseAuthorization(header)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeIncompleteSignature || e.Status != http.StatusBadRequest {
				t.Fatalf("error %v is not IncompleteSignature 400", err)
			}
			return
		}
		for _, part := range []string{a.AccessKeyID, a.Date, a.Region, a.Service, a.Terminator, a.Signature} {
			if part == "" || strings.Contains(part, "/") {
				t.Fatalf("bad credential part %q in %+v", part, a)
			}
		}
		if len(a.SignedHeaders) == 0 {
			t.Fatalf("no signed headers in %+v", a)
		}
		for _, h := range a.SignedHeaders {
			if h == "" || h != strings.ToLower(h) {
				t.Fatalf("bad signed header %q", h)
			}
		}
	})
}
