package cmd

import (
	"io/fs"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The demo's demo-up check probes the address r53d serves on, whatever
// --listen says, so the demo's failover name answers its primary.
func TestDemoUpFollowsListen(t *testing.T) {
	for listen, want := range map[string]string{
		"127.0.0.1:5300": "IPAddress: 127.0.0.1, Port: 5300,",
		"0.0.0.0:53":     "IPAddress: 127.0.0.1, Port: 53,",
		"[::1]:1054":     "IPAddress: ::1, Port: 1054,",
		"127.0.0.1:0":    demoUpProbe, // not known before binding: the default stays
	} {
		fsys, _, err := zonesDir("", netip.MustParseAddrPort(listen))
		require.NoError(t, err)
		data, err := fs.ReadFile(fsys, "health-checks.yaml")
		require.NoError(t, err)
		assert.Contains(t, string(data), want, listen)
		fi, err := fs.Stat(fsys, "health-checks.yaml")
		require.NoError(t, err)
		assert.Equal(t, int64(len(data)), fi.Size(), "the size a reader is told matches the content")
		assert.Equal(t, 1, strings.Count(string(data), "Id: demo-up"))
	}
}
