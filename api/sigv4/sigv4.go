// Package sigv4 verifies AWS Signature Version 4 on requests to the
// Route 53 API, the way AWS does for a header-signed request: the client's
// SignedHeaders are re-signed with the key's secret and the two signatures
// compared in constant time.
package sigv4

import (
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

// AWS's error codes for failed authentication.
const (
	CodeMissingAuthenticationToken = "MissingAuthenticationToken"
	CodeIncompleteSignature        = "IncompleteSignature"
	CodeInvalidClientTokenID       = "InvalidClientTokenId"
	CodeSignatureDoesNotMatch      = "SignatureDoesNotMatch"
)

// Messages AWS sends, word for word, so clients print what they print for AWS.
const (
	msgMissingToken = "Missing Authentication Token"
	msgInvalidToken = "The security token included in the request is invalid."
	msgMismatch     = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)

func missing(msg string) *Error {
	return &Error{Code: CodeMissingAuthenticationToken, Message: msg, Status: http.StatusForbidden}
}

func incomplete(msg string) *Error {
	return &Error{Code: CodeIncompleteSignature, Message: msg, Status: http.StatusBadRequest}
}

func invalidToken(msg string) *Error {
	return &Error{Code: CodeInvalidClientTokenID, Message: msg, Status: http.StatusForbidden}
}

func mismatch(msg string) *Error {
	return &Error{Code: CodeSignatureDoesNotMatch, Message: msg, Status: http.StatusForbidden}
}

// Verifier checks signatures for one service. Its fields are read only;
// one Verifier may serve concurrent requests.
type Verifier struct {
	// Secret returns the secret access key of an access key id.
	Secret func(accessKeyID string) (secret string, ok bool)
	// Regions allowed in the credential scope; empty: any. Clients given a
	// custom endpoint sign with their own configured region.
	Regions []string
	Service string        // "route53"
	MaxSkew time.Duration // 0: 5 minutes, as AWS allows
	Now     func() time.Time
}

// Signed reports whether r carries a SigV4 Authorization header.
func Signed(r *http.Request) bool { return r.Header.Get("Authorization") != "" }

// Verify checks r, whose body was read whole into body, and returns the
// access key id that signed it. A failure is an *Error whose Code, Message
// and Status are AWS's.
//
// The steps run in AWS's order: the Authorization header's form, the signed
// headers, the clock, the credential scope, the key, and last the signature.
func (v *Verifier) Verify(r *http.Request, body []byte) (accessKeyID string, err error) {
	header := r.Header.Get("Authorization")
	if header == "" {
		if presigned(r) {
			return "", incomplete("query-string (presigned) authentication is not accepted; sign the Authorization header")
		}
		return "", missing(msgMissingToken)
	}
	auth, err := ParseAuthorization(header)
	if err != nil {
		return "", err
	}
	t, err := v.checkDate(r, auth, header)
	if err != nil {
		return "", err
	}
	if err := v.checkScope(auth, t); err != nil {
		return "", err
	}
	if r.Header.Get("X-Amz-Security-Token") != "" {
		return "", invalidToken(msgInvalidToken +
			" r53d issues no temporary credentials: sign with an access key of the --iam file and no session token.")
	}
	secret, ok := "", false
	if v.Secret != nil {
		secret, ok = v.Secret(auth.AccessKeyID)
	}
	if !ok {
		return "", invalidToken(msgInvalidToken)
	}
	if err := checkSignature(r, body, auth, secret, t); err != nil {
		return "", err
	}
	return auth.AccessKeyID, nil
}

// presigned reports a query-string signature, which no Route 53 client sends.
func presigned(r *http.Request) bool {
	q := r.URL.Query()
	return q.Has("X-Amz-Signature") || q.Has("X-Amz-Algorithm")
}
