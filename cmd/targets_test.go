package cmd

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/r53d/r53d/healthcheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// targetResources is an ALB with one target, at 127.0.0.1:port.
func targetResources(port int) string {
	return `{"LoadBalancers": [{"LoadBalancerName": "web", "DNSName": "web-1.us-east-1.elb.amazonaws.com",
  "AvailabilityZones": [{"ZoneName": "us-east-1a", "LoadBalancerAddresses": [{"IpAddress": "192.0.2.80"}]}]}],
 "TargetGroups": [{"TargetGroupName": "web", "Protocol": "HTTP", "Port": ` + strconv.Itoa(port) + `, "LoadBalancerArns": ["web"],
  "Targets": [{"Id": "127.0.0.1"}]}]}`
}

// TestTargetsOnAdmin: the targets of aws-resources.json are probed from
// the start, listed by the admin API, r53d health and the status page
// with ELB's state, and can be forced like health checks.
func TestTargetsOnAdmin(t *testing.T) {
	tg := newTarget(t)
	dir := t.TempDir()
	for name, text := range e2eZone(tg.port) {
		writeFile(t, dir, name, text)
	}
	writeFile(t, dir, "aws-resources.json", targetResources(tg.port))
	admin := serveForAdmin(t, ServeOptions{Zones: dir})
	id := "target/web/127.0.0.1:" + strconv.Itoa(tg.port)

	get := func(path string) string {
		resp, err := http.Get("http://" + admin + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return string(body)
	}
	state := func() string {
		var list []healthcheck.Status
		require.NoError(t, json.Unmarshal([]byte(get("/api/healthchecks")), &list))
		for _, s := range list {
			if s.ID == id {
				return s.TargetState
			}
		}
		return ""
	}
	require.Eventually(t, func() bool { return state() == healthcheck.TargetHealthy }, 10*time.Second, 20*time.Millisecond,
		"a new target is probed at once and healthy after its first pass")

	var out bytes.Buffer
	opts := HealthOptions{Admin: admin, Out: &out}
	require.NoError(t, runHealthList(opts))
	assert.Regexp(t, strings.ReplaceAll(id, ".", `\.`)+`\s+ELB_TARGET\s+Healthy \(healthy\)`, out.String())

	out.Reset()
	require.NoError(t, runHealthSet(opts, id, "unhealthy"))
	assert.Equal(t, id+" is now Unhealthy (forced; r53d health clear "+id+" to undo)\n", out.String())
	page := get("/")
	assert.Contains(t, page, `<tr class="target" data-id="`+id+`">`)
	assert.Contains(t, page, `<span class="note state">healthy</span>`)
	assert.Contains(t, page, "forced Unhealthy")
	require.NoError(t, runHealthClear(opts, id))
}
