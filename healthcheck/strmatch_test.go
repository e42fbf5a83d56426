package healthcheck

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestProbeStringMatch puts the search string at the edge of the 5,120
// bytes Route 53 searches (§3.1).
func TestProbeStringMatch(t *testing.T) {
	const needle = "ALL-SYSTEMS-GO"
	at := func(offset int) string {
		return strings.Repeat("x", offset) + needle + strings.Repeat("y", 3000)
	}
	tests := []struct {
		name, body string
		https, ok  bool
	}{
		{"at the start", at(0), false, true},
		{"ending exactly at byte 5120", at(searchWindow - len(needle)), false, true},
		{"ending exactly at byte 5120 over HTTPS", at(searchWindow - len(needle)), true, true},
		{"starting at byte 5117, crossing 5120", at(5116), false, false},
		{"one byte past the window", at(searchWindow - len(needle) + 1), true, false},
		{"after the window", at(searchWindow + 10), false, false},
		{"absent", strings.Repeat("z", 8000), false, false},
		{"different case", strings.ToLower(needle), false, false},
		{"empty body", "", false, false},
		{"short body", "ok " + needle, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := recordingServer(t, tt.https, http.StatusOK, tt.body)
			typ := TypeHTTPStrMatch
			if tt.https {
				typ = TypeHTTPSStrMatch
			}
			cfg := serverConfig(t, typ, srv)
			cfg.SearchString = needle
			r := probe(t, cfg)
			if tt.ok {
				wantHealthy(t, r)
			} else {
				wantUnhealthy(t, r, "not found in the first 5120 bytes")
			}
		})
	}
}

func TestProbeStringMatchNeedsGoodStatus(t *testing.T) {
	srv, _ := recordingServer(t, false, http.StatusServiceUnavailable, "ALL-SYSTEMS-GO")
	cfg := serverConfig(t, TypeHTTPStrMatch, srv)
	cfg.SearchString = "ALL-SYSTEMS-GO"
	wantUnhealthy(t, probe(t, cfg), "HTTP Status Code 503, Service Unavailable. Resolved IP: ")
}

// TestProbeStringMatchGzip: a gzip body, sent because the probe asked for
// it, is searched decoded; the window counts decoded bytes.
func TestProbeStringMatchGzip(t *testing.T) {
	const needle = "ALL-SYSTEMS-GO"
	tests := []struct {
		name   string
		offset int
		ok     bool
	}{
		{"inside the window", searchWindow - len(needle), true},
		{"crossing the window", 5116, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain := strings.Repeat("x", tt.offset) + needle + strings.Repeat("y", 2000)
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, _ = zw.Write([]byte(plain))
			_ = zw.Close()
			zipped := buf.Bytes()
			if bytes.Contains(zipped, []byte(needle)) || len(zipped) >= searchWindow {
				t.Fatal("test body: the compressed form must not contain the needle and must fit the window")
			}
			var askedGzip atomic.Bool
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
					_, _ = w.Write([]byte("no gzip asked for"))
					return
				}
				askedGzip.Store(true)
				w.Header().Set("Content-Encoding", "gzip")
				_, _ = w.Write(zipped)
			}))
			defer srv.Close()
			cfg := serverConfig(t, TypeHTTPStrMatch, srv)
			cfg.SearchString = needle
			r := probe(t, cfg)
			if !askedGzip.Load() {
				t.Fatal("the probe did not send Accept-Encoding: gzip")
			}
			if tt.ok {
				wantHealthy(t, r)
			} else {
				wantUnhealthy(t, r, "not found")
			}
		})
	}
}
