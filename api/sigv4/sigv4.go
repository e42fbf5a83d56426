// Package sigv4 verifies AWS Signature Version 4 on requests to the
// Route 53 API. (Contract stub: to be replaced by the implementation.)
package sigv4

import (
	"errors"
	"net/http"
	"time"
)

// Error is a failed verification with AWS's error code and HTTP status
// (SignatureDoesNotMatch 403, InvalidClientTokenId 403,
// IncompleteSignature 400, MissingAuthenticationToken 403).
type Error struct {
	Code    string
	Message string
	Status  int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Verifier checks signatures for one service.
type Verifier struct {
	// Secret returns the secret access key of an access key id.
	Secret func(accessKeyID string) (secret string, ok bool)
	// Regions allowed in the credential scope; empty: any.
	Regions []string
	Service string        // "route53"
	MaxSkew time.Duration // 0: 5 minutes, as AWS allows
	Now     func() time.Time
}

// Signed reports whether r carries a SigV4 Authorization header.
func Signed(r *http.Request) bool { return r.Header.Get("Authorization") != "" }

// Verify checks r, whose body was read whole into body, and returns the
// access key id that signed it. A failure is an *Error.
func (v *Verifier) Verify(r *http.Request, body []byte) (accessKeyID string, err error) {
	return "", errors.New("sigv4: not implemented")
}
