package testzones

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFixtureAndStore(t *testing.T) {
	files := Fixture(t, "example")
	require.Contains(t, files, "example.test.zone")
	assert.Contains(t, files["example.test.zone"], "SOA")
	view := Store(t, files).View()
	z, ok := view.Zone("example.test.")
	require.True(t, ok, "the fixture's zone is published")
	assert.Equal(t, "example.test.", z.Origin)
}

func TestRRs(t *testing.T) {
	rrs := RRs(t, "a.test. 300 IN A 192.0.2.1", "a.test. 300 IN TXT \"hi\"")
	require.Len(t, rrs, 2)
	assert.Equal(t, "a.test.\t300\tIN\tA\t192.0.2.1", rrs[0].String())
	assert.Equal(t, uint16(16), rrs[1].Header().Rrtype)
}
