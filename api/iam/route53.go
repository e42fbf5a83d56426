package iam

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Route 53's condition keys for ChangeResourceRecordSets, each with one
// value per change of the batch (multivalued: use ForAllValues: or
// ForAnyValue: on them).
const (
	KeyNormalizedRecordNames = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
	KeyRecordTypes           = "route53:ChangeResourceRecordSetsRecordTypes"
	KeyActions               = "route53:ChangeResourceRecordSetsActions"
)

// Global condition keys the API layer fills in for every request.
const (
	KeySourceIP        = "aws:SourceIp"
	KeyCurrentTime     = "aws:CurrentTime"
	KeyEpochTime       = "aws:EpochTime"
	KeySecureTransport = "aws:SecureTransport"
)

// GlobalContext returns the global condition keys of one request: the
// client's address (without port), the time, and whether it came over TLS.
func GlobalContext(now time.Time, sourceIP string, secure bool) map[string][]string {
	return map[string][]string{
		KeySourceIP:        {sourceIP},
		KeyCurrentTime:     {now.UTC().Format(time.RFC3339)},
		KeyEpochTime:       {strconv.FormatInt(now.Unix(), 10)},
		KeySecureTransport: {strconv.FormatBool(secure)},
	}
}

// AddRecordChange adds one change of a ChangeResourceRecordSets batch to a
// request context under Route 53's three multivalued keys: the action and
// type uppercase, the name normalized as NormalizeRecordName does.
func AddRecordChange(ctx map[string][]string, action, name, rrType string) {
	ctx[KeyActions] = append(ctx[KeyActions], strings.ToUpper(action))
	ctx[KeyNormalizedRecordNames] = append(ctx[KeyNormalizedRecordNames], NormalizeRecordName(name))
	ctx[KeyRecordTypes] = append(ctx[KeyRecordTypes], strings.ToUpper(rrType))
}

// NormalizeRecordName writes a record name the way Route 53's
// route53:ChangeResourceRecordSetsNormalizedRecordNames key holds it:
// lowercase, without the trailing dot, and every byte outside a-z 0-9 - _ .
// as a backslash and three octal digits ("*.Example.com." ->
// "\052.example.com"). Escapes already in the name are read first, so they
// are not escaped twice: "\052" (Route 53's octal form) and "\*" are both
// '*'; an escaped dot ("\.") is part of a label and stays escaped.
func NormalizeRecordName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); {
		c, escaped, n := nextByte(name, i)
		i += n
		if c == '.' && !escaped && i == len(name) {
			break // the trailing dot of a fully qualified name
		}
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_', c == '.' && !escaped:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "\\%03o", c)
		}
	}
	return b.String()
}

// nextByte decodes the byte at name[i]: a backslash and three octal digits,
// a backslash and any other character, or a plain byte. It returns the
// byte, whether it was escaped, and how many input bytes it took.
func nextByte(name string, i int) (c byte, escaped bool, n int) {
	if name[i] != '\\' || i+1 == len(name) {
		return name[i], false, 1
	}
	if i+3 < len(name) && isOctal(name[i+1]) && isOctal(name[i+2]) && isOctal(name[i+3]) {
		v, _ := strconv.ParseUint(name[i+1:i+4], 8, 16)
		if v <= 0xff {
			return byte(v), true, 4
		}
	}
	return name[i+1], true, 2
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// HostedZoneARN is the resource ARN of a hosted zone, from its id with or
// without the "/hostedzone/" prefix.
func HostedZoneARN(id string) string { return resourceARN("hostedzone", id) }

// HealthCheckARN is the resource ARN of a health check.
func HealthCheckARN(id string) string { return resourceARN("healthcheck", id) }

// ChangeARN is the resource ARN of a change, from its id with or without
// the "/change/" prefix.
func ChangeARN(id string) string { return resourceARN("change", id) }

// CIDRCollectionARN is the resource ARN of a CIDR collection.
func CIDRCollectionARN(id string) string { return resourceARN("cidrcollection", id) }

// resourceARN builds Route 53's region- and account-less ARN from an id,
// keeping only what follows the last '/' as clients do with ids.
func resourceARN(kind, id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		id = id[i+1:]
	}
	return "arn:aws:route53:::" + kind + "/" + id
}
