package cmd

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSystemdUnitHardening keeps the shipped unit's promises: an
// unprivileged dynamic user that may bind port 53 and nothing else, a
// read-only system, and bounded memory.
func TestSystemdUnitHardening(t *testing.T) {
	f, err := os.Open("../dist/systemd/r53d.service")
	require.NoError(t, err)
	defer f.Close()
	got := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			got[k] = v
		}
	}
	require.NoError(t, sc.Err())
	for k, v := range map[string]string{
		"DynamicUser":             "yes",
		"AmbientCapabilities":     "CAP_NET_BIND_SERVICE",
		"CapabilityBoundingSet":   "CAP_NET_BIND_SERVICE",
		"NoNewPrivileges":         "yes",
		"ProtectSystem":           "strict",
		"ProtectHome":             "yes",
		"PrivateDevices":          "yes",
		"ExecReload":              "/bin/kill -HUP $MAINPID",
		"SystemCallArchitectures": "native",
	} {
		assert.Equal(t, v, got[k], k)
	}
	assert.NotEmpty(t, got["MemoryMax"], "MemoryMax")
	assert.Contains(t, got["ExecStart"], " serve ", "ExecStart runs serve")
	assert.Contains(t, got["ExecStart"], "--admin 127.0.0.1:", "the admin port stays on loopback")
}
