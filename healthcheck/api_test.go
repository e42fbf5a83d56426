package healthcheck

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func adminServer(t *testing.T) (*Monitor, *fakeClock, *httptest.Server) {
	t.Helper()
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("b", 1), endpoint("a", 1)})
	mux := http.NewServeMux()
	m.Routes(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return m, clock, srv
}

// call makes one request, declaring a body JSON, and decodes a JSON
// answer into out (if not nil).
func call(t *testing.T, srv *httptest.Server, method, path, body string, out any) int {
	t.Helper()
	return callAs(t, srv, method, path, "application/json", body, out)
}

// callAs is call with the body's Content-Type given ("" sends none).
func callAs(t *testing.T, srv *httptest.Server, method, path, contentType, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode < 400 && resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("%s %s: Content-Type %q", method, path, resp.Header.Get("Content-Type"))
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
	return resp.StatusCode
}

func TestAPIList(t *testing.T) {
	_, clock, srv := adminServer(t)
	var list []map[string]any
	if code := call(t, srv, "GET", "/api/healthchecks", "", &list); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if len(list) != 2 || list[0]["Id"] != "a" || list[1]["Id"] != "b" {
		t.Fatalf("list = %v", list)
	}
	a := list[0]
	if a["Status"] != Healthy || a["Type"] != TypeHTTP || a["Override"] != nil || a["LastCheckedAt"] != nil ||
		a["LastChangedAt"] != rfc3339(clock.Now()) || a["Transitions"] != 0.0 {
		t.Errorf("a = %v", a)
	}
}

func TestAPIGetOne(t *testing.T) {
	m, clock, srv := adminServer(t)
	record(m, clock, "a", false, 1)
	var st Status
	if code := call(t, srv, "GET", "/api/healthchecks/a", "", &st); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if st.ID != "a" || st.Status != Unhealthy || st.LastResult != "Failure" || st.LastCheckedAt == nil || st.Transitions != 1 {
		t.Errorf("a = %+v", st)
	}
	var e map[string]string
	if code := call(t, srv, "GET", "/api/healthchecks/zz", "", &e); code != http.StatusNotFound || !strings.Contains(e["error"], "zz") {
		t.Errorf("unknown id: %d %v", code, e)
	}
}

func TestAPIOverride(t *testing.T) {
	m, _, srv := adminServer(t)
	var st Status
	if code := call(t, srv, "PUT", "/api/healthchecks/a/override", `{"Status":"Unhealthy"}`, &st); code != http.StatusOK {
		t.Fatalf("PUT: status %d", code)
	}
	if m.Snapshot().Healthy("a") {
		t.Fatal("the override did not reach the snapshot by the time the API answered")
	}
	if st.Status != Unhealthy || st.Override == nil || *st.Override != Unhealthy || st.Measured != Healthy {
		t.Errorf("PUT answered %+v", st)
	}

	st = Status{}
	if code := call(t, srv, "DELETE", "/api/healthchecks/a/override", "", &st); code != http.StatusOK {
		t.Fatalf("DELETE: status %d", code)
	}
	if !m.Snapshot().Healthy("a") || st.Status != Healthy || st.Override != nil {
		t.Errorf("DELETE answered %+v", st)
	}

	if code := call(t, srv, "PUT", "/api/healthchecks/b/override", `{"Status":"Healthy"}`, &st); code != http.StatusOK || *st.Override != Healthy {
		t.Errorf("PUT Healthy: %d %+v", code, st)
	}
}

func TestAPIOverrideErrors(t *testing.T) {
	m, _, srv := adminServer(t)
	tests := []struct {
		method, path, body string
		code               int
	}{
		{"PUT", "/api/healthchecks/a/override", `not json`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", ``, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", `{"Status":"Sick"}`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", `{"Status":"unhealthy"}`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", `{"Status":"` + strings.Repeat("U", 5000) + `"}`, http.StatusBadRequest},
		// Field names are exact: encoding/json alone would take these.
		{"PUT", "/api/healthchecks/a/override", `{"status":"Unhealthy"}`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", `{"STATUS":"Unhealthy"}`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", `{"Status":"Unhealthy","Extra":1}`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", `{"Status":"Healthy","Status":"Unhealthy"}`, http.StatusBadRequest},
		// Nothing may follow the object.
		{"PUT", "/api/healthchecks/a/override", `{"Status":"Unhealthy"} trailing`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", `{"Status":"Unhealthy"}{}`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", `{"Status":"Unhealthy"`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", `["Status","Unhealthy"]`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/a/override", `{"Status":1}`, http.StatusBadRequest},
		{"PUT", "/api/healthchecks/zz/override", `{"Status":"Unhealthy"}`, http.StatusNotFound},
		{"DELETE", "/api/healthchecks/zz/override", ``, http.StatusNotFound},
		{"POST", "/api/healthchecks/a/override", `{"Status":"Unhealthy"}`, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		var e map[string]string
		out := any(&e)
		if tt.code == http.StatusMethodNotAllowed {
			out = nil
		}
		if code := call(t, srv, tt.method, tt.path, tt.body, out); code != tt.code {
			t.Errorf("%s %s %.20q: status %d, want %d", tt.method, tt.path, tt.body, code, tt.code)
		} else if out != nil && e["error"] == "" {
			t.Errorf("%s %s %.20q: no error message", tt.method, tt.path, tt.body)
		}
	}
	if !m.Snapshot().Healthy("a") {
		t.Error("a rejected request changed a check")
	}
}

// TestAPIOverrideContentType: a body is JSON only when it says so.
func TestAPIOverrideContentType(t *testing.T) {
	m, _, srv := adminServer(t)
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "application/jsonx", "application/json-patch+json"} {
		var e map[string]string
		if code := callAs(t, srv, "PUT", "/api/healthchecks/a/override", ct, `{"Status":"Unhealthy"}`, &e); code != http.StatusUnsupportedMediaType || e["error"] == "" {
			t.Errorf("Content-Type %q: status %d %v, want 415 with a message", ct, code, e)
		}
	}
	if !m.Snapshot().Healthy("a") {
		t.Fatal("a body that is not declared JSON changed a check")
	}
	var st Status
	if code := callAs(t, srv, "PUT", "/api/healthchecks/a/override", "application/json; charset=utf-8", `{"Status":"Unhealthy"}`+"\n", &st); code != http.StatusOK || st.Status != Unhealthy {
		t.Errorf("JSON with a charset and a final newline: status %d %+v", code, st)
	}
}
