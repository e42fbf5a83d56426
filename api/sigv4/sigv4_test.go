package sigv4

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/aws-http-auth/credentials"
	smithysigv4 "github.com/aws/smithy-go/aws-http-auth/sigv4"
	v4 "github.com/aws/smithy-go/aws-http-auth/v4"
	"github.com/stretchr/testify/require"
)

const (
	listTarget = "/2013-04-01/hostedzone/Z0R53DLAB000000001/rrset?maxitems=5&name=%2A.example.com&type=A"
	crrsTarget = "/2013-04-01/hostedzone/Z0R53DLAB000000001/rrset/"
	crrsBody   = `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>*.example.com</Name><Type>A</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>`
)

type signFunc func(t *testing.T, method, target, body string, s signing) *http.Request

var clients = map[string]signFunc{"cli": signLikeCLI, "sdk": signLikeSDK}

func TestVerifyAcceptsRealClientSignatures(t *testing.T) {
	for name, sign := range clients {
		for _, c := range []struct{ method, target, body string }{
			{http.MethodGet, listTarget, ""},
			{http.MethodPost, crrsTarget, crrsBody},
			{http.MethodGet, "/2013-04-01/hostedzone", ""},
			{http.MethodDelete, "/2013-04-01/healthcheck/8f7e6d5c-4b3a-2918-0706-f5e4d3c2b1a0", ""},
		} {
			t.Run(name+" "+c.method+" "+c.target, func(t *testing.T) {
				r, body := wire(t, sign(t, c.method, c.target, c.body, defaultSigning()))
				id, err := testVerifier().Verify(r, body)
				require.NoError(t, err)
				require.Equal(t, testKey, id)
			})
		}
	}
}

func TestVerifySignedHeaderSets(t *testing.T) {
	r := signLikeCLI(t, http.MethodPost, crrsTarget, crrsBody, defaultSigning())
	require.Contains(t, r.Header.Get("Authorization"), "SignedHeaders=host;x-amz-date,")
	r = signLikeSDK(t, http.MethodPost, crrsTarget, crrsBody, defaultSigning())
	require.Contains(t, r.Header.Get("Authorization"),
		"SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date,")
}

func TestVerifyRejectsTampering(t *testing.T) {
	tamper := map[string]func(r *http.Request, body []byte) []byte{
		"body": func(_ *http.Request, body []byte) []byte {
			return []byte(strings.Replace(string(body), "192.0.2.1", "192.0.2.2", 1))
		},
		"query": func(r *http.Request, body []byte) []byte {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "example.com", "example.org", 1)
			return body
		},
		"path": func(r *http.Request, body []byte) []byte {
			r.URL.Path = strings.Replace(r.URL.Path, "Z0R53DLAB000000001", "Z0R53DLAB000000002", 1)
			return body
		},
		"method": func(r *http.Request, body []byte) []byte {
			r.Method = http.MethodPut
			return body
		},
		"host": func(r *http.Request, body []byte) []byte {
			r.Host = "127.0.0.1:8054"
			return body
		},
		"signed header": func(r *http.Request, body []byte) []byte {
			r.Header.Set("Amz-Sdk-Request", "attempt=2; max=3")
			return body
		},
	}
	for name, f := range tamper {
		t.Run(name, func(t *testing.T) {
			r, body := wire(t, signLikeSDK(t, http.MethodPost, crrsTarget+"?name=%2A.example.com", crrsBody, defaultSigning()))
			body = f(r, body)
			_, err := testVerifier().Verify(r, body)
			requireError(t, err, CodeSignatureDoesNotMatch, http.StatusForbidden, msgMismatch)
		})
	}
}

func TestVerifyIgnoresUnsignedHeaders(t *testing.T) {
	r, body := wire(t, signLikeCLI(t, http.MethodPost, crrsTarget, crrsBody, defaultSigning()))
	r.Header.Set("User-Agent", "aws-cli/1.45.11 changed-by-proxy")
	r.Header.Set("Content-Type", "text/plain")
	_, err := testVerifier().Verify(r, body)
	require.NoError(t, err)
}

func TestVerifyWrongSecret(t *testing.T) {
	s := defaultSigning()
	s.secret = "not-the-secret"
	for name, sign := range clients {
		t.Run(name, func(t *testing.T) {
			r, body := wire(t, sign(t, http.MethodGet, listTarget, "", s))
			_, err := testVerifier().Verify(r, body)
			requireError(t, err, CodeSignatureDoesNotMatch, http.StatusForbidden,
				"The request signature we calculated does not match the signature you provided. "+
					"Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
		})
	}
}

func TestVerifyUnknownKey(t *testing.T) {
	s := defaultSigning()
	s.key = "AKIAR53DUNKNOWN00000"
	r, body := wire(t, signLikeCLI(t, http.MethodGet, listTarget, "", s))
	_, err := testVerifier().Verify(r, body)
	requireError(t, err, CodeInvalidClientTokenID, http.StatusForbidden,
		"The security token included in the request is invalid.")

	v := testVerifier()
	v.Secret = nil // no keys at all
	_, err = v.Verify(r, body)
	requireError(t, err, CodeInvalidClientTokenID, http.StatusForbidden, "")
}

func TestVerifyRefusesSessionTokens(t *testing.T) {
	s := defaultSigning()
	s.token = "FwoGZXIvYXdzEXAMPLETOKEN"
	r, body := wire(t, signLikeSDK(t, http.MethodGet, listTarget, "", s))
	require.Contains(t, r.Header.Get("Authorization"), "x-amz-security-token")
	_, err := testVerifier().Verify(r, body)
	requireError(t, err, CodeInvalidClientTokenID, http.StatusForbidden, "")
	require.Contains(t, err.Error(), "no temporary credentials")
}

func TestVerifyScope(t *testing.T) {
	cases := []struct {
		name    string
		change  func(*signing)
		regions []string
		message string
	}{
		{"wrong service", func(s *signing) { s.service = "route53domains" }, nil,
			"Credential should be scoped to correct service: 'route53'."},
		{"disallowed region", func(s *signing) { s.region = "ap-south-1" }, []string{"us-east-1", "eu-west-1"},
			"Credential should be scoped to a valid region, not 'ap-south-1'. Allowed: us-east-1, eu-west-1."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := defaultSigning()
			c.change(&s)
			r, body := wire(t, signLikeSDK(t, http.MethodGet, listTarget, "", s))
			v := testVerifier()
			v.Regions = c.regions
			_, err := v.Verify(r, body)
			requireError(t, err, CodeSignatureDoesNotMatch, http.StatusForbidden, c.message)
		})
	}
	t.Run("allowed region", func(t *testing.T) {
		r, body := wire(t, signLikeSDK(t, http.MethodGet, listTarget, "", defaultSigning()))
		v := testVerifier()
		v.Regions = []string{"us-east-1", testRegion}
		_, err := v.Verify(r, body)
		require.NoError(t, err)
	})
}

func TestVerifyScopeDateAndTerminator(t *testing.T) {
	r, body := wire(t, signLikeCLI(t, http.MethodGet, listTarget, "", defaultSigning()))
	auth := r.Header.Get("Authorization")

	r.Header.Set("Authorization", strings.Replace(auth, "/20261127/", "/20261126/", 1))
	_, err := testVerifier().Verify(r, body)
	requireError(t, err, CodeSignatureDoesNotMatch, http.StatusForbidden,
		"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261126' != '20261127', from '20261127T060000Z'.")

	r.Header.Set("Authorization", strings.Replace(auth, "/aws4_request", "/aws4_reqest", 1))
	_, err = testVerifier().Verify(r, body)
	requireError(t, err, CodeSignatureDoesNotMatch, http.StatusForbidden,
		"Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reqest'.")
}

func TestVerifyClockSkew(t *testing.T) {
	cases := []struct {
		name    string
		offset  time.Duration
		message string
	}{
		{"exactly 5 min late", -5 * time.Minute, ""},
		{"exactly 5 min early", 5 * time.Minute, ""},
		{"past", -5*time.Minute - time.Second,
			"Signature expired: 20261127T055459Z is now earlier than 20261127T055500Z (20261127T060000Z - 5 min.)"},
		{"future", 5*time.Minute + time.Second,
			"Signature not yet current: 20261127T060501Z is still later than 20261127T060500Z (20261127T060000Z + 5 min.)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := defaultSigning()
			s.at = testNow.Add(c.offset)
			r, body := wire(t, signLikeSDK(t, http.MethodGet, listTarget, "", s))
			_, err := testVerifier().Verify(r, body)
			if c.message == "" {
				require.NoError(t, err)
				return
			}
			requireError(t, err, CodeSignatureDoesNotMatch, http.StatusForbidden, c.message)
		})
	}
}

func TestVerifyMaxSkewIsConfigurable(t *testing.T) {
	s := defaultSigning()
	s.at = testNow.Add(-10 * time.Minute)
	r, body := wire(t, signLikeCLI(t, http.MethodGet, listTarget, "", s))
	v := testVerifier()
	v.MaxSkew = 15 * time.Minute
	_, err := v.Verify(r, body)
	require.NoError(t, err)
}

func TestVerifyContentSHA256Header(t *testing.T) {
	req := newClientRequest(t, http.MethodPost, crrsTarget, crrsBody)
	req.Header.Set("X-Amz-Content-Sha256", "0000000000000000000000000000000000000000000000000000000000000000")
	r, body := wire(t, req)
	r.Header.Set("X-Amz-Date", "20261127T060000Z")
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+testKey+"/20261127/eu-west-1/route53/aws4_request, "+
		"SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=00")
	_, err := testVerifier().Verify(r, body)
	requireError(t, err, CodeSignatureDoesNotMatch, http.StatusForbidden,
		"The provided 'x-amz-content-sha256' header does not match what was computed.")

	// A client that sends the right hash signs it like any other header.
	req = newClientRequest(t, http.MethodPost, crrsTarget, crrsBody)
	err = smithysigv4.New(func(o *v4.SignerOptions) { o.AddPayloadHashHeader = true }).SignRequest(&smithysigv4.SignRequestInput{
		Request: req, PayloadHash: bodyHash(crrsBody), Service: "route53", Region: testRegion, Time: testNow,
		Credentials: credentials.Credentials{AccessKeyID: testKey, SecretAccessKey: testSecret},
	})
	require.NoError(t, err)
	require.Contains(t, req.Header.Get("Authorization"), "SignedHeaders=host;x-amz-content-sha256;x-amz-date,")
	r, body = wire(t, req)
	_, err = testVerifier().Verify(r, body)
	require.NoError(t, err)
}

func TestVerifyMissingAndMalformed(t *testing.T) {
	r, body := wire(t, newClientRequest(t, http.MethodGet, listTarget, ""))
	require.False(t, Signed(r))
	_, err := testVerifier().Verify(r, body)
	requireError(t, err, CodeMissingAuthenticationToken, http.StatusForbidden, "Missing Authentication Token")

	r, body = wire(t, newClientRequest(t, http.MethodGet, "/2013-04-01/hostedzone?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00", ""))
	_, err = testVerifier().Verify(r, body)
	requireError(t, err, CodeIncompleteSignature, http.StatusBadRequest, "")

	good := "AWS4-HMAC-SHA256 Credential=" + testKey + "/20261127/eu-west-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
	cases := map[string]struct{ auth, date string }{
		"other algorithm":         {strings.Replace(good, "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1", 1), "20261127T060000Z"},
		"signature v2":            {"AWS " + testKey + ":c2lnbmF0dXJl", "20261127T060000Z"},
		"no signature":            {strings.Replace(good, ", Signature=00", "", 1), "20261127T060000Z"},
		"short credential":        {strings.Replace(good, "/aws4_request", "", 1), "20261127T060000Z"},
		"pair without equals":     {good + ", Bogus", "20261127T060000Z"},
		"host not signed":         {strings.Replace(good, "host;x-amz-date", "x-amz-date", 1), "20261127T060000Z"},
		"x-amz-date not signed":   {strings.Replace(good, "host;x-amz-date", "host", 1), "20261127T060000Z"},
		"no x-amz-date header":    {good, ""},
		"x-amz-date not ISO 8601": {good, "Fri, 27 Nov 2026 06:00:00 GMT"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r, body := wire(t, newClientRequest(t, http.MethodGet, listTarget, ""))
			r.Header.Set("Authorization", c.auth)
			if c.date != "" {
				r.Header.Set("X-Amz-Date", c.date)
			}
			require.True(t, Signed(r))
			_, err := testVerifier().Verify(r, body)
			requireError(t, err, CodeIncompleteSignature, http.StatusBadRequest, "")
		})
	}
}
