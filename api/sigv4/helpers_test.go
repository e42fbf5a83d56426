package sigv4

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkv4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/aws-http-auth/credentials"
	smithysigv4 "github.com/aws/smithy-go/aws-http-auth/sigv4"
	"github.com/stretchr/testify/require"
)

const (
	testKey    = "AKIAR53DTEST00000001"
	testSecret = "r53dTestSecret/+example0000000000000000"
	testRegion = "eu-west-1"
	testHost   = "127.0.0.1:8053"
)

// testNow is the server's clock in every test.
var testNow = time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)

func testVerifier() *Verifier {
	return &Verifier{
		Secret: func(id string) (string, bool) {
			if id == testKey {
				return testSecret, true
			}
			return "", false
		},
		Service: "route53",
		Now:     func() time.Time { return testNow },
	}
}

// signing says how a test request is signed.
type signing struct {
	key, secret, token string
	service, region    string
	host               string // host:port the request goes to
	at                 time.Time
}

func defaultSigning() signing {
	return signing{key: testKey, secret: testSecret, service: "route53", region: testRegion, host: testHost, at: testNow}
}

func newClientRequest(t *testing.T, method, target, body string) *http.Request {
	t.Helper()
	return newRequestTo(t, testHost, method, target, body)
}

func newRequestTo(t *testing.T, host, method, target, body string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://"+host+target, rd)
	require.NoError(t, err)
	return req
}

func bodyHash(body string) []byte {
	sum := sha256.Sum256([]byte(body))
	return sum[:]
}

// signLikeSDK signs as the AWS SDK for Go v2 does for Route 53: its own
// headers, and for bodies Content-Type and Content-Length.
func signLikeSDK(t *testing.T, method, target, body string, s signing) *http.Request {
	t.Helper()
	req := newRequestTo(t, s.host, method, target, body)
	req.Header.Set("Amz-Sdk-Invocation-Id", "5d6c3e52-6c2e-4f0e-9f1e-3a1b2c3d4e5f")
	req.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
	if body != "" {
		req.Header.Set("Content-Type", "application/xml")
	}
	creds := aws.Credentials{AccessKeyID: s.key, SecretAccessKey: s.secret, SessionToken: s.token}
	err := sdkv4.NewSigner().SignHTTP(context.Background(), creds, req,
		hex.EncodeToString(bodyHash(body)), s.service, s.region, s.at)
	require.NoError(t, err)
	return req
}

// signLikeCLI signs only host and x-amz-date, as the AWS CLI does.
func signLikeCLI(t *testing.T, method, target, body string, s signing) *http.Request {
	t.Helper()
	req := newRequestTo(t, s.host, method, target, body)
	err := smithysigv4.New().SignRequest(&smithysigv4.SignRequestInput{
		Request:     req,
		PayloadHash: bodyHash(body),
		Credentials: credentials.Credentials{AccessKeyID: s.key, SecretAccessKey: s.secret, SessionToken: s.token},
		Service:     s.service,
		Region:      s.region,
		Time:        s.at,
	})
	require.NoError(t, err)
	return req
}

// wire sends req through HTTP/1.1 framing and returns what a server's
// handler receives: the parsed request and its body.
func wire(t *testing.T, req *http.Request) (*http.Request, []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, req.Write(&buf))
	return parseWire(t, buf.Bytes())
}

func parseWire(t *testing.T, raw []byte) (*http.Request, []byte) {
	t.Helper()
	got, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	require.NoError(t, err)
	body, err := io.ReadAll(got.Body)
	require.NoError(t, err)
	return got, body
}

// requireError asserts a verification failure's code, status and, when
// message is not empty, its exact text.
func requireError(t *testing.T, err error, code string, status int, message string) {
	t.Helper()
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, code, e.Code, e.Message)
	require.Equal(t, status, e.Status)
	if message != "" {
		require.Equal(t, message, e.Message)
	}
}
