package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go/aws-http-auth/credentials"
	smithysigv4 "github.com/aws/smithy-go/aws-http-auth/sigv4"
	v4 "github.com/aws/smithy-go/aws-http-auth/v4"
)

// amzDateFormat is X-Amz-Date's ISO 8601 basic format.
const amzDateFormat = "20060102T150405Z"

// defaultSkew is how far AWS lets a request's time stamp be from its clock.
const defaultSkew = 5 * time.Minute

// checkDate requires host and x-amz-date among the signed headers and the
// time stamp within the allowed skew, with AWS's messages.
func (v *Verifier) checkDate(r *http.Request, a Authorization, header string) (time.Time, error) {
	if !slices.Contains(a.SignedHeaders, "host") {
		return time.Time{}, incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization. Authorization=" + header)
	}
	stamp := r.Header.Get("X-Amz-Date")
	if stamp == "" {
		return time.Time{}, incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + header)
	}
	if !slices.Contains(a.SignedHeaders, "x-amz-date") {
		return time.Time{}, incomplete("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization. Authorization=" + header)
	}
	t, err := time.Parse(amzDateFormat, stamp)
	if err != nil {
		return time.Time{}, incomplete(fmt.Sprintf("Date must be in ISO-8601 'basic format'. Got '%s'.", stamp))
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	n := now().UTC()
	skew := v.MaxSkew
	if skew <= 0 {
		skew = defaultSkew
	}
	if t.Before(n.Add(-skew)) {
		return time.Time{}, mismatch(fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %s)",
			stamp, n.Add(-skew).Format(amzDateFormat), n.Format(amzDateFormat), skewText(skew)))
	}
	if t.After(n.Add(skew)) {
		return time.Time{}, mismatch(fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + %s)",
			stamp, n.Add(skew).Format(amzDateFormat), n.Format(amzDateFormat), skewText(skew)))
	}
	return t, nil
}

// skewText writes the allowed skew as AWS does ("5 min.").
func skewText(d time.Duration) string {
	if d%time.Minute == 0 {
		return strconv.FormatInt(int64(d/time.Minute), 10) + " min."
	}
	return d.String() + "."
}

// checkScope checks date/region/service/aws4_request against the request's
// time stamp and the verifier's service and regions.
func (v *Verifier) checkScope(a Authorization, t time.Time) error {
	day := t.Format("20060102")
	if a.Date != day {
		return mismatch(fmt.Sprintf("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			a.Date, day, t.Format(amzDateFormat)))
	}
	if len(v.Regions) > 0 && !slices.Contains(v.Regions, a.Region) {
		return mismatch(fmt.Sprintf("Credential should be scoped to a valid region, not '%s'. Allowed: %s.",
			a.Region, strings.Join(v.Regions, ", ")))
	}
	if a.Service != v.Service {
		return mismatch(fmt.Sprintf("Credential should be scoped to correct service: '%s'.", v.Service))
	}
	if a.Terminator != terminator {
		return mismatch(fmt.Sprintf("Credential should be scoped with a valid terminator: '%s', not '%s'.", terminator, a.Terminator))
	}
	return nil
}

// checkSignature recomputes the signature over exactly the client's signed
// headers and the hash of the received body, and compares in constant time.
func checkSignature(r *http.Request, body []byte, a Authorization, secret string, t time.Time) error {
	sum := sha256.Sum256(body)
	if claimed := r.Header.Get("X-Amz-Content-Sha256"); claimed != "" && claimed != hex.EncodeToString(sum[:]) {
		return mismatch("The provided 'x-amz-content-sha256' header does not match what was computed.")
	}
	clone := signedPart(r, a.SignedHeaders)
	signer := smithysigv4.New(func(o *v4.SignerOptions) { o.HeaderRules = headerSet(a.SignedHeaders) })
	err := signer.SignRequest(&smithysigv4.SignRequestInput{
		Request:     clone,
		PayloadHash: sum[:],
		Credentials: credentials.Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: secret},
		Service:     a.Service,
		Region:      a.Region,
		Time:        t,
	})
	if err != nil {
		return mismatch(msgMismatch)
	}
	_, want, _ := strings.Cut(clone.Header.Get("Authorization"), "Signature=")
	if want == "" || !hmac.Equal([]byte(want), []byte(a.Signature)) {
		return mismatch(msgMismatch)
	}
	return nil
}

// signedPart rebuilds r with its method, path, query, host and only the
// headers the client signed, so that the signer sees what the client saw.
func signedPart(r *http.Request, signed []string) *http.Request {
	clone := &http.Request{
		Method: r.Method,
		URL:    &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery},
		Host:   r.Host,
		Header: http.Header{},
	}
	for _, name := range signed {
		key := http.CanonicalHeaderKey(name)
		switch {
		case name == "host":
			// The signer writes r.Host itself; the server keeps Host out of r.Header.
		case name == "content-length" && len(r.Header.Values(key)) == 0 && r.ContentLength >= 0:
			clone.Header.Set(key, strconv.FormatInt(r.ContentLength, 10))
		default:
			if values := r.Header.Values(key); len(values) > 0 {
				clone.Header[key] = slices.Clone(values)
			}
		}
	}
	return clone
}

// headerSet is the signer's rule "sign exactly the client's SignedHeaders".
type headerSet []string

func (h headerSet) IsSigned(name string) bool { return slices.Contains(h, name) }
