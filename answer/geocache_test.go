package answer

import (
	"net/netip"
	"testing"

	"github.com/r53d/r53d/geo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingLocator counts lookups that reach the database.
type countingLocator struct {
	geo.Locator
	n int
}

func (c *countingLocator) Locate(a netip.Addr) (geo.Location, bool) {
	c.n++
	return c.Locator.Locate(a)
}

func TestGeoCacheAnswersLikeTheDatabase(t *testing.T) {
	db, err := geo.Open("../testdata/geoip/city.mmdb")
	require.NoError(t, err)
	defer db.Close()
	counting := &countingLocator{Locator: db}
	var c geoCache
	c.use(counting)
	addrs := []string{"11.1.0.0", "11.4.9.0", "2a11:6::", "11.200.0.1", "127.0.0.1", "11.1.0.0"}
	for range 3 {
		for _, s := range addrs {
			a := netip.MustParseAddr(s)
			wantLoc, wantOK := db.Locate(a)
			gotLoc, gotOK := c.Locate(a)
			assert.Equal(t, wantOK, gotOK, s)
			assert.Equal(t, wantLoc, gotLoc, s)
		}
	}
	assert.Equal(t, 5, counting.n, "each distinct address reaches the database once")
	c.use(db)
	_, _ = c.Locate(netip.MustParseAddr("11.1.0.0"))
	assert.Equal(t, 5, counting.n, "a new locator starts a new cache")
}
