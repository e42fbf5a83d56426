package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

// testAPI is an API server over a fake backend on a loopback listener,
// and an AWS SDK client pointed at it.
type testAPI struct {
	srv     *httptest.Server
	fake    *fakeBackend
	reg     *prometheus.Registry
	client  *route53.Client
	handler *Server
}

func newTestAPI(t *testing.T, configure ...func(*Options)) *testAPI {
	t.Helper()
	a := &testAPI{fake: newFake(), reg: prometheus.NewRegistry()}
	opts := Options{Backend: a.fake, Registry: a.reg, NameServer: "ns1.r53d.test"}
	for _, c := range configure {
		c(&opts)
	}
	s, err := New(opts)
	require.NoError(t, err)
	a.handler = s
	mux := http.NewServeMux()
	s.Routes(mux)
	a.srv = httptest.NewServer(mux)
	t.Cleanup(a.srv.Close)
	a.client = sdkClient(a.srv.URL, "AKIATESTKEY", "test-secret")
	return a
}

// sdkClient is configured as a user of a custom endpoint configures it:
// their own region, static keys, no retries (a test wants the first answer).
func sdkClient(url, key, secret string) *route53.Client {
	return route53.New(route53.Options{
		Region:           "eu-west-1",
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider(key, secret, ""),
		RetryMaxAttempts: 1,
	})
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

// raw sends one unsigned request and returns the status and body.
func (a *testAPI) raw(t *testing.T, method, path, body string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx(t), method, a.srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := a.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b), resp.Header
}
