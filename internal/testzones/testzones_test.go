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
