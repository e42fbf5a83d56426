// Package api serves Route 53's REST API (the rest-xml protocol under
// /2013-04-01/) over a Backend, so the AWS CLI, the AWS SDKs and
// Terraform manage r53d's zones, record sets, health checks and CIDR
// collections. With an IAM directory every request is verified with
// Signature Version 4 and authorized with the caller's identity policies.
package api

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/r53d/r53d/api/iam"
	"github.com/r53d/r53d/api/sigv4"
)

// Prefix is the path every operation lives under.
const Prefix = "/2013-04-01/"

// MaxBody caps a request body: ample for a 1,000-change batch.
const MaxBody = 1 << 20

// DefaultResolverIP is the client TestDNSAnswer answers when the request
// names no resolverip: the documentation address (RFC 5737) r53d explain
// uses too. Route 53 uses one of its own us-east-1 resolvers; no GeoIP
// database places this one, so location policies give their default
// answer, the same on every install.
func DefaultResolverIP() netip.Addr { return netip.AddrFrom4([4]byte{192, 0, 2, 1}) }

// Server answers the Route 53 API.
type Server struct {
	opts     Options
	log      *slog.Logger
	now      func() time.Time
	routes   []route
	metrics  *metrics
	verifier *sigv4.Verifier // nil without IAM
}

// New checks opts and registers the API's metrics with opts.Registry
// (a private registry when nil).
func New(opts Options) (*Server, error) {
	if opts.Backend == nil {
		return nil, errors.New("api: no backend")
	}
	s := &Server{opts: opts, log: opts.Log, now: opts.Now}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	if !opts.ResolverIP.IsValid() {
		s.opts.ResolverIP = DefaultResolverIP()
	}
	m, err := newMetrics(opts.Registry)
	if err != nil {
		return nil, err
	}
	s.metrics = m
	if opts.IAM != nil {
		dir := opts.IAM
		s.verifier = &sigv4.Verifier{
			Secret: func(id string) (string, bool) {
				_, secret, ok := dir.Key(id)
				return secret, ok
			},
			Regions: opts.Regions,
			Service: "route53",
			Now:     s.now,
		}
	}
	s.routes = s.table()
	return s, nil
}

// Routes mounts every operation under /2013-04-01/ on mux.
func (s *Server) Routes(mux *http.ServeMux) {
	mux.Handle(Prefix, s)
}

// ServeHTTP answers one API request: route, read the body, authenticate,
// authorize, run the operation, then log and count the call whatever
// its outcome.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{s: s, r: r, w: w, reqID: newRequestID(), start: s.now(), op: "Unknown", resource: "*", status: http.StatusOK}
	resp, err := c.run()
	c.finish(resp, err)
}

// run does everything but writing the answer. A panic in an operation is
// a bug: it answers InternalFailure, logged with its stack, instead of a
// dropped connection.
func (c *call) run() (resp any, err error) {
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	rt, params, found := c.s.match(c.r.Method, c.r.URL.EscapedPath())
	if found {
		c.op, c.params = rt.op, params
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, invalidInput("The request body is larger than %d bytes.", MaxBody)
		}
		return nil, invalidInput("Reading the request body failed: %v", err)
	}
	c.body = body
	if err := c.authenticate(); err != nil {
		return nil, err
	}
	if !found {
		return nil, &apiError{Status: http.StatusNotFound, Code: "UnknownOperationException",
			Message: "No Route 53 operation is " + c.r.Method + " " + c.r.URL.Path}
	}
	if rt.resource != nil {
		if err := c.authorize(rt.resource(params), nil); err != nil {
			return nil, err
		}
	}
	return rt.handle(c)
}

// finish writes the response or the error, logs the call and counts it.
func (c *call) finish(resp any, err error) {
	code := "OK"
	h := c.w.Header()
	h.Set("x-amzn-RequestId", c.reqID)
	h.Set("Date", c.s.now().UTC().Format(http.TimeFormat))
	h.Set("Content-Type", "text/xml")
	var out []byte
	if err == nil {
		out, err = encodeResponse(resp)
	}
	if err != nil {
		e, ok := asAPIError(err)
		if !ok {
			c.s.log.Error("API call failed", "operation", c.op, "request_id", c.reqID, "err", err)
		}
		code, c.status = e.Code, e.Status
		out, _ = encodeResponse(errorResponse{Error: errorBody{Type: e.errorType(), Code: e.Code, Message: e.Message}, RequestID: c.reqID})
		h.Del("Location")
	}
	h.Set("Content-Length", strconv.Itoa(len(out)))
	c.w.WriteHeader(c.status)
	_, _ = c.w.Write(out)
	elapsed := c.s.now().Sub(c.start)
	c.s.metrics.observe(c.op, code, elapsed)
	c.s.log.Info("API call", "user", c.userName(), "operation", c.op, "resource", c.resource,
		"status", c.status, "code", code, "duration", elapsed, "request_id", c.reqID)
}

type errorResponse struct {
	XMLName   struct{} `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ErrorResponse"`
	Error     errorBody
	RequestID string `xml:"RequestId"`
}

type errorBody struct {
	Type    string
	Code    string
	Message string
}

// call is one request on its way through the server.
type call struct {
	s        *Server
	r        *http.Request
	w        http.ResponseWriter
	reqID    string
	start    time.Time
	op       string
	params   map[string]string
	body     []byte
	user     *iam.User // nil without IAM
	resource string    // what the call acted on, for the log
	status   int
}

// created answers 201 with the new resource's URL, as Route 53's creates do.
func (c *call) created(path string) {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	c.status = http.StatusCreated
	c.w.Header().Set("Location", scheme+"://"+c.r.Host+Prefix+path)
}

func (c *call) userName() string {
	if c.user == nil {
		return "-"
	}
	return c.user.Name
}
