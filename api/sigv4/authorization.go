package sigv4

import (
	"fmt"
	"strings"
)

// Algorithm is the only signing algorithm Route 53 accepts.
const Algorithm = "AWS4-HMAC-SHA256"

// terminator ends every SigV4 credential scope.
const terminator = "aws4_request"

// Authorization is a parsed SigV4 Authorization header:
//
//	AWS4-HMAC-SHA256 Credential=AKID/20261127/eu-west-1/route53/aws4_request,
//	SignedHeaders=host;x-amz-date, Signature=<64 hex digits>
type Authorization struct {
	AccessKeyID string
	// Scope parts, as the client wrote them.
	Date, Region, Service, Terminator string
	// SignedHeaders are lowercase header names, in the client's order.
	SignedHeaders []string
	Signature     string
}

// ParseAuthorization parses a SigV4 Authorization header value. It checks
// form only (every part present, once); the values are checked by Verify.
// A failure is an *Error with code IncompleteSignature.
func ParseAuthorization(header string) (Authorization, error) {
	var a Authorization
	algorithm, rest, _ := strings.Cut(strings.TrimSpace(header), " ")
	if algorithm != Algorithm {
		return a, incomplete(fmt.Sprintf("Unsupported AWS 'algorithm': '%s'. Authorization=%s", algorithm, header))
	}
	params, err := splitParams(rest, header)
	if err != nil {
		return a, err
	}
	var missingParts []string
	for _, name := range []string{"Credential", "Signature", "SignedHeaders"} {
		if params[name] == "" {
			missingParts = append(missingParts, fmt.Sprintf("Authorization header requires '%s' parameter.", name))
		}
	}
	if len(missingParts) > 0 {
		return a, incomplete(strings.Join(missingParts, " ") + " Authorization=" + header)
	}
	if err := a.setCredential(params["Credential"], header); err != nil {
		return a, err
	}
	a.Signature = params["Signature"]
	if strings.Trim(a.Signature, "0123456789abcdef") != "" {
		// A signature is lowercase hex: anything else cannot match and
		// would only be echoed back in messages.
		return a, incomplete(fmt.Sprintf("Signature must be lowercase hexadecimal, not '%s'. Authorization=%s", a.Signature, header))
	}
	a.SignedHeaders = strings.Split(params["SignedHeaders"], ";")
	for _, h := range a.SignedHeaders {
		if h == "" || h != strings.ToLower(h) || strings.ContainsAny(h, " \t") {
			return a, incomplete(fmt.Sprintf("SignedHeaders must be lowercase header names separated by ';', not '%s'. Authorization=%s",
				params["SignedHeaders"], header))
		}
	}
	return a, nil
}

// splitParams splits "Credential=..., SignedHeaders=..., Signature=..." into
// a map, refusing pairs without '=', unknown names and repeated names.
func splitParams(s, header string) (map[string]string, error) {
	params := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		name, value, ok := strings.Cut(pair, "=")
		if !ok {
			return nil, incomplete(fmt.Sprintf("'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", pair, header))
		}
		switch name {
		case "Credential", "SignedHeaders", "Signature":
		default:
			return nil, incomplete(fmt.Sprintf("'%s' is not a parameter of the AWS4-HMAC-SHA256 Authorization header: '%s'.", name, header))
		}
		if _, dup := params[name]; dup {
			return nil, incomplete(fmt.Sprintf("Authorization header has '%s' twice: '%s'.", name, header))
		}
		params[name] = value
	}
	return params, nil
}

// setCredential splits AKID/date/region/service/terminator. An access key id
// cannot contain '/', so the split is unambiguous.
func (a *Authorization) setCredential(cred, header string) error {
	parts := strings.Split(cred, "/")
	if len(parts) != 5 {
		return incomplete(fmt.Sprintf("Credential must have exactly 5 slash-separated parts: "+
			"<access key id>/<YYYYMMDD>/<region>/<service>/aws4_request, not '%s'. Authorization=%s", cred, header))
	}
	for _, p := range parts {
		if p == "" {
			return incomplete(fmt.Sprintf("Credential has an empty part: '%s'. Authorization=%s", cred, header))
		}
	}
	a.AccessKeyID, a.Date, a.Region, a.Service, a.Terminator = parts[0], parts[1], parts[2], parts[3], parts[4]
	return nil
}
