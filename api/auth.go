package api

import (
	"errors"
	"net"
	"net/http"

	"github.com/r53d/r53d/api/iam"
	"github.com/r53d/r53d/api/sigv4"
)

// authenticate verifies the request's Signature Version 4 and finds its
// user. Without an IAM directory every request passes, signed or not.
func (c *call) authenticate() error {
	if c.s.verifier == nil {
		return nil
	}
	key, err := c.s.verifier.Verify(c.r, c.body)
	if err != nil {
		var se *sigv4.Error
		if errors.As(err, &se) {
			return &apiError{Status: se.Status, Code: se.Code, Message: se.Message}
		}
		return err
	}
	u, _, ok := c.s.opts.IAM.Key(key)
	if !ok {
		// The verifier found the key a moment ago; the directory is
		// immutable, so this is a bug, not a client error.
		return errors.New("api: verified access key " + key + " has no user")
	}
	c.user = u
	return nil
}

// authorize asks the caller's policies whether it may run the call's
// operation on resource ("*" or an ARN), with the request's global
// condition keys and extra (the operation's own keys). resource is also
// what the log shows. Without IAM everything is allowed.
func (c *call) authorize(resource string, extra map[string][]string) error {
	if c.resource == "*" || c.resource == "" {
		c.resource = resource
	}
	if c.user == nil {
		return nil
	}
	req := iam.Request{Action: "route53:" + c.op, Resource: resource, Context: c.conditionKeys()}
	for k, v := range extra {
		req.Context[k] = v
	}
	d := c.user.Evaluate(req)
	if d.Allowed {
		return nil
	}
	c.s.log.Debug("API call denied", "user", c.user.Name, "operation", c.op, "resource", resource, "reason", d.Reason)
	return &apiError{Status: http.StatusForbidden, Code: "AccessDenied", Message: iam.DeniedMessage(c.user, req, d)}
}

// conditionKeys are the global condition keys r53d fills for every
// request (there is one account and no sessions, so no others apply).
func (c *call) conditionKeys() map[string][]string {
	ip := c.r.RemoteAddr
	if host, _, err := net.SplitHostPort(ip); err == nil {
		ip = host
	}
	keys := iam.GlobalContext(c.start, ip, c.r.TLS != nil)
	keys["aws:username"] = []string{c.user.Name}
	keys["aws:PrincipalArn"] = []string{c.user.ARN}
	return keys
}
