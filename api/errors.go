package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/r53d/r53d/zones"
)

// apiError is a failure answered as Route 53's ErrorResponse: the code a
// client branches on, its message and the HTTP status that goes with it.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// errorType is Sender for a client's mistake, Receiver for the server's.
func (e *apiError) errorType() string {
	if e.Status >= 500 {
		return "Receiver"
	}
	return "Sender"
}

func invalidInput(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "InvalidInput", Message: fmt.Sprintf(format, args...)}
}

// missing is Route 53's message for an absent required parameter.
func missing(name string) *apiError {
	return invalidInput("1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", name)
}

func malformed(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "MalformedInput", Message: fmt.Sprintf(format, args...)}
}

// internalFailure is what a client sees of an error that is not its own;
// the cause is logged, never sent.
var internalFailure = apiError{Status: http.StatusInternalServerError, Code: "InternalFailure",
	Message: "An internal error occurred; the server log has the details."}

// faultStatus maps the Route 53 error codes the backend reports to their
// HTTP statuses, as the service model gives them; a code not listed is a
// 400, the model's default for a client error.
var faultStatus = map[string]int{
	"NoSuchHostedZone":                       http.StatusNotFound,
	"NoSuchHealthCheck":                      http.StatusNotFound,
	"NoSuchChange":                           http.StatusNotFound,
	"NoSuchDelegationSet":                    http.StatusBadRequest,
	"NoSuchCidrCollectionException":          http.StatusNotFound,
	"NoSuchCidrLocationException":            http.StatusNotFound,
	"NoSuchTrafficPolicy":                    http.StatusNotFound,
	"NoSuchTrafficPolicyInstance":            http.StatusNotFound,
	"TrafficPolicyAlreadyExists":             http.StatusConflict,
	"TrafficPolicyInstanceAlreadyExists":     http.StatusConflict,
	"HostedZoneAlreadyExists":                http.StatusConflict,
	"HealthCheckAlreadyExists":               http.StatusConflict,
	"HealthCheckVersionMismatch":             http.StatusConflict,
	"CidrCollectionVersionMismatchException": http.StatusConflict,
	"ConcurrentModification":                 http.StatusBadRequest,
	"InternalFailure":                        http.StatusInternalServerError,
	"ServiceUnavailable":                     http.StatusServiceUnavailable,
}

// asAPIError turns a handler's error into what the client is sent; ok is
// false for an internal error, which the caller logs.
func asAPIError(err error) (e *apiError, ok bool) {
	if errors.As(err, &e) {
		return e, e.Status < 500
	}
	var f *zones.Fault
	if errors.As(err, &f) {
		status, known := faultStatus[f.Code]
		if !known {
			status = http.StatusBadRequest
		}
		return &apiError{Status: status, Code: f.Code, Message: faultMessage(f)}, status < 500
	}
	ie := internalFailure
	return &ie, false
}

// faultMessage is the Message Route 53 sends: for InvalidChangeBatch
// every message, bracketed and comma-separated (the standard ErrorResponse
// form, which every client parses; the legacy <InvalidChangeBatch> root
// leaves the AWS CLI printing an empty error code).
func faultMessage(f *zones.Fault) string {
	if f.Code != "InvalidChangeBatch" || len(f.Messages) == 0 {
		return f.Message
	}
	return "[" + strings.Join(f.Messages, ", ") + "]"
}
