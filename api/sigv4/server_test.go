package sigv4

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestVerifyOverTheNetwork sends signed requests through a real HTTP
// server on loopback, so Verify sees what net/http hands a handler (Host
// outside r.Header, Content-Length, the escaped query).
func TestVerifyOverTheNetwork(t *testing.T) {
	v := testVerifier()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		id, err := v.Verify(r, body)
		if err != nil {
			e := err.(*Error)
			http.Error(w, e.Code, e.Status)
			return
		}
		_, _ = io.WriteString(w, id)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	send := func(sign signFunc, method, target, body string, s signing) (int, string) {
		s.host = host // the host is signed: sign for the server's real address
		req := sign(t, method, target, body, s)
		resp, err := http.DefaultClient.Do(req.WithContext(ctx))
		require.NoError(t, err)
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, strings.TrimSpace(string(out))
	}
	for name, sign := range clients {
		code, out := send(sign, http.MethodPost, crrsTarget, crrsBody, defaultSigning())
		require.Equal(t, http.StatusOK, code, name+": "+out)
		require.Equal(t, testKey, out)

		code, out = send(sign, http.MethodGet, listTarget, "", defaultSigning())
		require.Equal(t, http.StatusOK, code, name+": "+out)

		bad := defaultSigning()
		bad.secret = "wrong"
		code, out = send(sign, http.MethodGet, listTarget, "", bad)
		require.Equal(t, http.StatusForbidden, code)
		require.Equal(t, CodeSignatureDoesNotMatch, out)
	}
}
