package api

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"strings"
)

// route is one operation: its method and path pattern under /2013-04-01/
// ("hostedzone/{Id}/rrset"), its name (the IAM action's too), the
// resource its authorization checks (nil: the handler authorizes itself,
// after reading the body that names the resources) and its handler.
type route struct {
	method, pattern, op string
	resource            func(params map[string]string) string
	handle              func(c *call) (any, error)
}

// idPrefixes are the prefixes Route 53 puts on ids in bodies; an id in a
// URL may carry one (percent-encoded) where clients usually strip it.
var idPrefixes = []string{"/hostedzone/", "/change/", "/delegationset/", "/healthcheck/", "/cidrcollection/"}

// match finds the route of method and escaped path. Each segment is
// unescaped on its own, so an id sent as %2Fhostedzone%2FZ1 is one
// segment, stripped of its prefix; one trailing slash is ignored (the AWS
// CLI posts record changes to .../rrset/).
func (s *Server) match(method, escaped string) (route, map[string]string, bool) {
	rest, ok := strings.CutPrefix(escaped, Prefix)
	if !ok {
		return route{}, nil, false
	}
	rest = strings.TrimSuffix(rest, "/")
	segs := strings.Split(rest, "/")
	for i, seg := range segs {
		u, err := url.PathUnescape(seg)
		if err != nil {
			return route{}, nil, false
		}
		segs[i] = u
	}
	for _, rt := range s.routes {
		if rt.method != method {
			continue
		}
		if params, ok := matchPattern(rt.pattern, segs); ok {
			return rt, params, true
		}
	}
	return route{}, nil, false
}

func matchPattern(pattern string, segs []string) (map[string]string, bool) {
	pat := strings.Split(pattern, "/")
	if len(pat) != len(segs) {
		return nil, false
	}
	var params map[string]string
	for i, p := range pat {
		name, isParam := strings.CutPrefix(p, "{")
		if !isParam {
			if p != segs[i] {
				return nil, false
			}
			continue
		}
		if segs[i] == "" {
			return nil, false
		}
		if params == nil {
			params = map[string]string{}
		}
		params[strings.TrimSuffix(name, "}")] = stripID(segs[i])
	}
	return params, true
}

// stripID drops a /hostedzone/-style prefix, as the SDKs do before
// building the URL.
func stripID(id string) string {
	for _, p := range idPrefixes {
		if rest, ok := strings.CutPrefix(id, p); ok {
			return rest
		}
	}
	return id
}

// newRequestID is a random UUID (version 4), the form of Route 53's
// x-amzn-RequestId.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
