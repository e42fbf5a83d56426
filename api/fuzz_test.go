package api

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRequest sends arbitrary requests through the router and the XML
// decoding: every one gets either a success response or an
// ErrorResponse, both well-formed XML in Route 53's namespace, and never
// a panic or a 5xx.
func FuzzRequest(f *testing.F) {
	f.Add("POST", "/2013-04-01/hostedzone", createZoneAlphabetical)
	f.Add("POST", "/2013-04-01/hostedzone/Z0001/rrset/", crrsBody("UPSERT", "*.lab.example", "192.0.2.1"))
	f.Add("GET", "/2013-04-01/hostedzone/Z0001/rrset?name=%2A.lab.example&type=A&maxitems=2", "")
	f.Add("POST", "/2013-04-01/tags/hostedzone", `<ListTagsForResourcesRequest><ResourceIds><ResourceId>Z0001</ResourceId></ResourceIds></ListTagsForResourcesRequest>`)
	f.Add("GET", "/2013-04-01/testdnsanswer?hostedzoneid=Z0001&recordname=lab.example&recordtype=SOA", "")
	f.Add("POST", "/2013-04-01/cidrcollection/col/x", "<a><b><c>")
	srv := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, method, target, body string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n\t#") {
			return // not a request line an HTTP server would accept
		}
		req, err := http.NewRequest(method, "http://127.0.0.1"+target, strings.NewReader(body))
		if err != nil {
			return
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s: status %d: %s", method, target, rec.Code, rec.Body)
		}
		root := rootOf(t, rec.Body.Bytes())
		if root.Space != Namespace {
			t.Fatalf("root %v is not in Route 53's namespace", root)
		}
		if ok := rec.Code < 300; ok != (root.Local != "ErrorResponse") || !strings.HasSuffix(root.Local, "Response") {
			t.Fatalf("status %d with root %s", rec.Code, root.Local)
		}
	})
}

func newFuzzServer(f *testing.F) *Server {
	fake := newFake()
	if _, _, err := fake.CreateHostedZone(CreateZoneInput{Name: "lab.example", CallerReference: "r"}); err != nil {
		f.Fatal(err)
	}
	s, err := New(Options{Backend: fake})
	if err != nil {
		f.Fatal(err)
	}
	return s
}

// rootOf parses a whole response and returns its root element's name.
func rootOf(t *testing.T, body []byte) xml.Name {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var root xml.Name
	for {
		tok, err := dec.Token()
		if err != nil {
			if root.Local == "" || err.Error() != "EOF" {
				t.Fatalf("response is not XML (%v): %s", err, body)
			}
			return root
		}
		if se, ok := tok.(xml.StartElement); ok && root.Local == "" {
			root = se.Name
		}
	}
}
