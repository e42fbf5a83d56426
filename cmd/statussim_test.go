package cmd

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/r53d/r53d/geo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The status page links each routed name to its simulate picture, which
// the admin server renders with the live health.
func TestStatusPageSimulate(t *testing.T) {
	src := statusSources(t)
	db, err := geo.Open(testGeoDB)
	require.NoError(t, err)
	defer db.Close()
	src.GeoIP = db
	a, err := startAdmin(adminOptions{Addr: "127.0.0.1:0"}, src)
	require.NoError(t, err)
	defer a.srv.Close()

	_, page := a.do(t, adminReq{path: "/"})
	assert.Contains(t, page, `<a class="simulate" href="/simulate?name=geo.demo.test.&amp;type=A">simulate</a>`)

	code, svg := a.do(t, adminReq{path: "/simulate?name=geo.demo.test.&type=A"})
	require.Equal(t, 200, code, svg)
	require.NoError(t, xml.Unmarshal([]byte(svg), new(struct{})), "well-formed SVG")
	assert.Contains(t, svg, "192.0.2.132 (7.7%)", "Germany's share in the legend")

	// outage.demo.test's check is down in the fixture: the secondary serves all.
	_, svg = a.do(t, adminReq{path: "/simulate?name=outage.demo.test&type=A"})
	assert.Contains(t, svg, "192.0.2.126 (100.0%)")
	assert.Contains(t, svg, "unhealthy: demo-down")

	code, _ = a.do(t, adminReq{path: "/simulate?name=nothing.demo.test"})
	assert.Equal(t, 404, code)
	code, _ = a.do(t, adminReq{path: "/simulate?type=A"})
	assert.Equal(t, 400, code)

	src.GeoIP = nil
	b, err := startAdmin(adminOptions{Addr: "127.0.0.1:0"}, src)
	require.NoError(t, err)
	defer b.srv.Close()
	code, body := b.do(t, adminReq{path: "/simulate?name=geo.demo.test"})
	assert.Equal(t, 404, code)
	assert.True(t, strings.Contains(body, "--geoip-db"))
}
