package api

import (
	"bufio"
	"bytes"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const ns = `xmlns="https://route53.amazonaws.com/doc/2013-04-01/"`

// The Go SDK writes members alphabetically; the CLI in the model's order.
const createZoneAlphabetical = `<?xml version="1.0" encoding="UTF-8"?>
<CreateHostedZoneRequest ` + ns + `><CallerReference>r1</CallerReference>` +
	`<HostedZoneConfig><Comment>c</Comment></HostedZoneConfig><Name>lab.example</Name></CreateHostedZoneRequest>`

func crrsBody(action, name, value string) string {
	return `<ChangeResourceRecordSetsRequest ` + ns + `><ChangeBatch><Changes><Change><Action>` + action + `</Action>` +
		`<ResourceRecordSet><ResourceRecords><ResourceRecord><Value>` + value + `</Value></ResourceRecord></ResourceRecords>` +
		`<TTL>60</TTL><Type>A</Type><Name>` + name + `</Name></ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>`
}

// TestRawCreateZone: the wire details the SDK hides — namespace, headers,
// 201 with Location, lowercase booleans, millisecond timestamps.
func TestRawCreateZone(t *testing.T) {
	a := newTestAPI(t)
	status, body, h := a.raw(t, "POST", "/2013-04-01/hostedzone", createZoneAlphabetical)
	require.Equal(t, http.StatusCreated, status, body)
	assert.Equal(t, "text/xml", h.Get("Content-Type"))
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, h.Get("x-amzn-RequestId"))
	assert.NotEmpty(t, h.Get("Date"))
	assert.Equal(t, a.srv.URL+"/2013-04-01/hostedzone/Z0001", h.Get("Location"))
	assert.Contains(t, body, `<CreateHostedZoneResponse `+ns+`><HostedZone><Id>/hostedzone/Z0001</Id><Name>lab.example.</Name>`)
	assert.Contains(t, body, `<Config><Comment>c</Comment><PrivateZone>false</PrivateZone></Config>`)
	assert.Contains(t, body, `<ChangeInfo><Id>/change/C0002</Id><Status>INSYNC</Status><SubmittedAt>2026-11-27T06:00:00.000Z</SubmittedAt></ChangeInfo>`)
	assert.Contains(t, body, `<DelegationSet><NameServers><NameServer>ns1.r53d.test</NameServer>`)
}

// TestRawMarkerEcho: the first page of a list echoes an empty Marker.
func TestRawMarkerEcho(t *testing.T) {
	a := newTestAPI(t)
	for _, path := range []string{"/2013-04-01/hostedzone", "/2013-04-01/healthcheck"} {
		status, body, _ := a.raw(t, "GET", path, "")
		require.Equal(t, http.StatusOK, status, body)
		assert.Contains(t, body, "<Marker></Marker><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>", path)
		assert.Regexp(t, `<(HostedZones|HealthChecks)></(HostedZones|HealthChecks)>`, body, "an empty list is still sent")
	}
}

// TestRawRecordSets: the CLI's trailing slash, members in any order, a
// wildcard name percent-encoded in the query, prefixed and stripped ids.
func TestRawRecordSets(t *testing.T) {
	a := newTestAPI(t)
	status, body, _ := a.raw(t, "POST", "/2013-04-01/hostedzone", createZoneAlphabetical)
	require.Equal(t, http.StatusCreated, status, body)
	status, body, _ = a.raw(t, "POST", "/2013-04-01/hostedzone/Z0001/rrset/", crrsBody("CREATE", "*.lab.example", "192.0.2.1"))
	require.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, "<ChangeResourceRecordSetsResponse "+ns+"><ChangeInfo><Id>/change/C")
	status, body, _ = a.raw(t, "POST", "/2013-04-01/hostedzone/%2Fhostedzone%2FZ0001/rrset", crrsBody("CREATE", "b.lab.example", "192.0.2.2"))
	require.Equal(t, http.StatusOK, status, body)

	status, body, _ = a.raw(t, "GET", "/2013-04-01/hostedzone/Z0001/rrset?name=%2A.lab.example.&maxitems=1", "")
	require.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, "<ResourceRecordSets><ResourceRecordSet><Name>*.lab.example.</Name><Type>A</Type><TTL>60</TTL>"+
		"<ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></ResourceRecordSets>")
	assert.Contains(t, body, "<IsTruncated>true</IsTruncated><NextRecordName>b.lab.example.</NextRecordName><NextRecordType>A</NextRecordType><MaxItems>1</MaxItems>")
	assert.NotContains(t, body, "NextRecordIdentifier", "simple sets have none")

	for _, path := range []string{"/2013-04-01/hostedzone/Z0001", "/2013-04-01/hostedzone/%2Fhostedzone%2FZ0001"} {
		status, body, _ = a.raw(t, "GET", path, "")
		assert.Equal(t, http.StatusOK, status, path)
		assert.Contains(t, body, "<Id>/hostedzone/Z0001</Id>", path)
	}
}

func wantError(code, message string) string {
	return `<ErrorResponse ` + ns + `><Error><Type>Sender</Type><Code>` + code + `</Code><Message>` + message + `</Message></Error><RequestId>`
}

// TestRawErrors: each failure in Route 53's ErrorResponse, with its status.
func TestRawErrors(t *testing.T) {
	a := newTestAPI(t)
	a.raw(t, "POST", "/2013-04-01/hostedzone", createZoneAlphabetical)
	a.raw(t, "POST", "/2013-04-01/hostedzone/Z0001/rrset", crrsBody("CREATE", "a.lab.example", "192.0.2.1"))
	wrongRoot := `<ChangeBatch ` + ns + `><Changes/></ChangeBatch>`
	unknown := strings.Replace(crrsBody("CREATE", "b.lab.example", "192.0.2.1"), "<TTL>", "<Colour>blue</Colour><TTL>", 1)
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"wrong root", "POST", "/2013-04-01/hostedzone/Z0001/rrset", wrongRoot, 400,
			wantError("MalformedInput", "ChangeBatch is not valid, expected ChangeResourceRecordSetsRequest")},
		{"unknown element", "POST", "/2013-04-01/hostedzone/Z0001/rrset", unknown, 400,
			wantError("InvalidInput", "Invalid XML ; cvc-complex-type.2.4.a: Invalid content was found starting with element &#39;Colour&#39; in &#39;ResourceRecordSet&#39;.")},
		{"empty body", "POST", "/2013-04-01/hostedzone", "", 400, wantError("InvalidInput", "Invalid XML ; Premature end of file.")},
		{"not XML", "POST", "/2013-04-01/hostedzone", "<Create", 400, "<Code>InvalidInput</Code>"},
		{"batch", "POST", "/2013-04-01/hostedzone/Z0001/rrset", crrsBody("CREATE", "a.lab.example", "192.0.2.1"), 400,
			wantError("InvalidChangeBatch", "[Tried to create resource record set [name=&#39;a.lab.example.&#39;, type=&#39;A&#39;] but it already exists]")},
		{"bad action", "POST", "/2013-04-01/hostedzone/Z0001/rrset", crrsBody("MOVE", "a.lab.example", "192.0.2.1"), 400, "<Code>InvalidInput</Code>"},
		{"no zone", "GET", "/2013-04-01/hostedzone/ZNOPE", "", 404, wantError("NoSuchHostedZone", "No hosted zone found with ID: ZNOPE")},
		{"no change", "GET", "/2013-04-01/change/CNOPE", "", 404, "<Code>NoSuchChange</Code>"},
		{"unknown path", "GET", "/2013-04-01/nothing/here", "", 404, wantError("UnknownOperationException", "No Route 53 operation is GET /2013-04-01/nothing/here")},
		{"wrong method", "PUT", "/2013-04-01/hostedzone", "", 404, "<Code>UnknownOperationException</Code>"},
		{"unsupported", "POST", "/2013-04-01/trafficpolicy", "", 400,
			wantError("InvalidInput", "The operation CreateTrafficPolicy is not supported by r53d.")},
		{"maxitems", "GET", "/2013-04-01/hostedzone?maxitems=x", "", 400, "<Code>InvalidInput</Code>"},
		{"too big", "POST", "/2013-04-01/hostedzone", strings.Repeat(" ", MaxBody+1), 400,
			wantError("InvalidInput", "The request body is larger than 1048576 bytes.")},
		{"tag type", "GET", "/2013-04-01/tags/trafficpolicy/x", "", 400, "<Code>InvalidInput</Code>"},
		{"namespace", "POST", "/2013-04-01/hostedzone", `<CreateHostedZoneRequest xmlns="urn:other"><Name>a</Name></CreateHostedZoneRequest>`, 400,
			wantError("MalformedInput", "CreateHostedZoneRequest is in namespace urn:other, expected https://route53.amazonaws.com/doc/2013-04-01/")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, h := a.raw(t, tc.method, tc.path, tc.body)
			assert.Equal(t, tc.status, status, body)
			assert.Contains(t, body, tc.want)
			assert.Contains(t, body, "<RequestId>"+h.Get("x-amzn-RequestId")+"</RequestId></ErrorResponse>")
			assert.Equal(t, "text/xml", h.Get("Content-Type"))
		})
	}
}

// TestRawInternalFailure: a backend error that is not a Route 53 fault
// is a 500 from the Receiver, its cause logged and not sent.
func TestRawInternalFailure(t *testing.T) {
	a := newTestAPI(t)
	a.fake.err = os.ErrPermission
	status, body, _ := a.raw(t, "GET", "/2013-04-01/hostedzone/Z1", "")
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Contains(t, body, "<Type>Receiver</Type><Code>InternalFailure</Code>")
	assert.NotContains(t, body, "permission")
}

// panickyBackend fails the way a bug does.
type panickyBackend struct{ *fakeBackend }

func (panickyBackend) HostedZoneCount() (int, error) { panic("bug") }

// TestPanicIsInternalFailure: a panic answers 500 and is logged, and the
// server goes on.
func TestPanicIsInternalFailure(t *testing.T) {
	var buf syncBuffer
	a := newTestAPI(t, func(o *Options) {
		o.Backend = panickyBackend{newFake()}
		o.Log = slog.New(slog.NewTextHandler(&buf, nil))
	})
	status, body, _ := a.raw(t, "GET", "/2013-04-01/hostedzonecount", "")
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Contains(t, body, "<Code>InternalFailure</Code>")
	assert.Contains(t, buf.String(), "panic: bug")
	status, _, _ = a.raw(t, "GET", "/2013-04-01/hostedzone", "")
	assert.Equal(t, http.StatusOK, status)
}

// TestOperationTable walks every operation of Route 53's API: each routes
// to its own name, and one r53d leaves out answers InvalidInput naming it.
func TestOperationTable(t *testing.T) {
	a := newTestAPI(t)
	f, err := os.Open("testdata/operations.txt")
	require.NoError(t, err)
	defer f.Close()
	served := map[string]bool{}
	for _, rt := range a.handler.routes {
		served[rt.op] = true
	}
	params := regexp.MustCompile(`\{[A-Za-z]+\}`)
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		method, path, op := fields[0], params.ReplaceAllString(fields[1], "x1"), fields[2]
		rt, _, ok := a.handler.match(method, path)
		require.True(t, ok, "%s %s", method, path)
		assert.Equal(t, op, rt.op, "%s %s", method, path)
		delete(served, op)
		n++
		if !slices.ContainsFunc(unsupported, func(u struct{ method, pattern, op string }) bool { return u.op == op }) {
			continue
		}
		status, body, _ := a.raw(t, method, path, "")
		assert.Equal(t, http.StatusBadRequest, status, op)
		assert.Contains(t, body, "The operation "+op+" is not supported by r53d.", op)
	}
	assert.Equal(t, 74, n, "operations in the list")
	assert.Empty(t, served, "routes that are not Route 53 operations")
}

// TestMetricsCountEveryCall: calls are counted by operation and result.
func TestMetricsCountEveryCall(t *testing.T) {
	a := newTestAPI(t)
	a.raw(t, "GET", "/2013-04-01/hostedzone/ZNOPE", "")
	a.raw(t, "GET", "/2013-04-01/hostedzonecount", "")
	a.raw(t, "GET", "/2013-04-01/nope", "")
	a.raw(t, "POST", "/2013-04-01/hostedzone", strings.Repeat(" ", MaxBody+1))
	assert.Equal(t, 1.0, testutil.ToFloat64(a.handler.metrics.requests.WithLabelValues("CreateHostedZone", "InvalidInput")), "named though the body was refused")
	assert.Equal(t, 1.0, testutil.ToFloat64(a.handler.metrics.requests.WithLabelValues("GetHostedZone", "NoSuchHostedZone")))
	assert.Equal(t, 1.0, testutil.ToFloat64(a.handler.metrics.requests.WithLabelValues("GetHostedZoneCount", "OK")))
	assert.Equal(t, 1.0, testutil.ToFloat64(a.handler.metrics.requests.WithLabelValues("Unknown", "UnknownOperationException")))
	n, err := testutil.GatherAndCount(a.reg, "r53d_api_request_duration_seconds")
	require.NoError(t, err)
	assert.Equal(t, 4, n)
}

// TestEveryCallLogged: who, what, on which resource, and the result.
func TestEveryCallLogged(t *testing.T) {
	var buf syncBuffer
	a := newTestAPI(t, func(o *Options) { o.Log = slog.New(slog.NewTextHandler(&buf, nil)) })
	a.raw(t, "GET", "/2013-04-01/hostedzone/ZNOPE", "")
	line := buf.String()
	for _, want := range []string{`msg="API call"`, "user=-", "operation=GetHostedZone", "resource=arn:aws:route53:::hostedzone/ZNOPE",
		"status=404", "code=NoSuchHostedZone", "duration=", "request_id="} {
		assert.Contains(t, line, want)
	}
}

// syncBuffer is a bytes.Buffer the server's goroutine writes and the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
