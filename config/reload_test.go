package config

import (
	"testing"
	"testing/fstest"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	labZone   = "$TTL 60\nlab.test. SOA ns.lab.test. h.lab.test. 1 2 3 4 5\nlab.test. NS ns.lab.test.\nns.lab.test. A 192.0.2.1\n"
	otherZone = "$ORIGIN other.test.\n$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n"
	checks    = `{"HealthChecks": [{"Id": "hc1", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.1", "Port": 1}}]}`
)

func newReloader(t *testing.T) (*Reloader, *zones.Store) {
	t.Helper()
	store, err := zones.NewStore()
	require.NoError(t, err)
	return &Reloader{Store: store}, store
}

func TestFirstLoadWithErrorsPublishesNothing(t *testing.T) {
	r, store := newReloader(t)
	r.Strict = true
	_, err := r.Reload(fstest.MapFS{"lab.test.zone": {Data: []byte(labZone + "www CNAME ns\nwww A 192.0.2.2\n")}}, "")
	require.ErrorContains(t, err, "zones did not load")
	assert.Empty(t, store.View().All())

	_, err = r.Reload(fstest.MapFS{"notes.txt": {Data: []byte("x")}}, "")
	require.ErrorContains(t, err, "no zones to serve")
	assert.Empty(t, store.View().All())
}

// TestKeepLastGoodWithPlusInFileName: the files of a zone are a list, not a
// string joined with "+", so a file name with a "+" still finds its zone.
// The broken file cannot name its zone (no $ORIGIN, no SOA that parses), so
// only its file name ties it to the zone it made last time.
// TestFirstLoadServesWhatLoaded: without Strict, a first load with a broken
// file publishes the zones that loaded and reports the rest, as Knot and
// NSD start; with nothing loaded it still fails.
func TestFirstLoadServesWhatLoaded(t *testing.T) {
	r, store := newReloader(t)
	fsys := fstest.MapFS{
		"lab.test.zone":   {Data: []byte(labZone + "www CNAME ns\nwww A 192.0.2.2\n")},
		"other.test.zone": {Data: []byte(otherZone)},
	}
	res, err := r.Reload(fsys, "dir")
	require.NoError(t, err)
	require.ErrorContains(t, res.Err(), "dir/lab.test.zone:6:1")
	require.Len(t, res.Failed, 1)
	assert.Equal(t, "lab.test.", res.Failed[0].Origin)
	_, ok := store.View().Zone("other.test.")
	assert.True(t, ok)
	_, ok = store.View().Zone("lab.test.")
	assert.False(t, ok)

	r, store = newReloader(t)
	delete(fsys, "other.test.zone")
	_, err = r.Reload(fsys, "dir")
	require.ErrorContains(t, err, "no zone loaded")
	require.ErrorContains(t, err, "dir/lab.test.zone:6:1")
	assert.Empty(t, store.View().All())
}

func TestKeepLastGoodWithPlusInFileName(t *testing.T) {
	r, store := newReloader(t)
	fsys := fstest.MapFS{
		"lab+v2.zone":     {Data: []byte(labZone)},
		"other.test.zone": {Data: []byte(otherZone)},
	}
	res, err := r.Reload(fsys, "dir")
	require.NoError(t, err)
	require.NoError(t, res.Err())
	lab, ok := store.View().Zone("lab.test.")
	require.True(t, ok)
	assert.Equal(t, []string{"dir/lab+v2.zone"}, lab.Files)

	fsys["lab+v2.zone"] = &fstest.MapFile{Data: []byte("$TTL 60\nlab.test. SOA ns.lab.test. h.lab.test. x 2 3 4 5\n")}
	fsys["other.test.zone"] = &fstest.MapFile{Data: []byte(otherZone + "www A 192.0.2.9\n")}
	res, err = r.Reload(fsys, "dir")
	require.NoError(t, err, "a reload with errors still publishes what loaded")
	require.Error(t, res.Err())
	assert.Equal(t, "dir/lab+v2.zone", res.Errors[0].File)
	v := store.View()
	kept, ok := v.Zone("lab.test.")
	require.True(t, ok, "the zone of the broken file keeps serving")
	assert.Same(t, lab, kept)
	other, _ := v.Zone("other.test.")
	_, ok = other.Node("www.other.test.")
	assert.True(t, ok, "the good zone is replaced")
}

// TestKeepLastGoodSideFiles: a broken side file keeps what it defined; a
// removed one takes it away.
func TestKeepLastGoodSideFiles(t *testing.T) {
	r, store := newReloader(t)
	var published [][]healthcheck.Check
	r.BeforePublish = func(c []healthcheck.Check) { published = append(published, c) }
	fsys := fstest.MapFS{"other.test.zone": {Data: []byte(otherZone)}, "health+checks.txt": {Data: []byte("ignored")},
		"health-checks.json": {Data: []byte(checks)}}
	_, err := r.Reload(fsys, "")
	require.NoError(t, err)
	require.Len(t, store.View().Generation().HealthChecks, 1)

	fsys["health-checks.json"] = &fstest.MapFile{Data: []byte(`{"HealthChecks": [`)}
	res, err := r.Reload(fsys, "")
	require.NoError(t, err)
	require.Error(t, res.Err())
	assert.Len(t, store.View().Generation().HealthChecks, 1, "a broken file keeps its checks")

	delete(fsys, "health-checks.json")
	res, err = r.Reload(fsys, "")
	require.NoError(t, err)
	require.NoError(t, res.Err())
	assert.Empty(t, store.View().Generation().HealthChecks, "a removed file takes its checks away")
	require.Len(t, published, 3)
	assert.Len(t, published[1], 1, "the monitor hears the checks that are published")
}

// TestZoneRemovedFromDirectoryStopsServing: only what failed is kept.
func TestZoneRemovedFromDirectoryStopsServing(t *testing.T) {
	r, store := newReloader(t)
	fsys := fstest.MapFS{"lab.test.zone": {Data: []byte(labZone)}, "other.test.zone": {Data: []byte(otherZone)}}
	_, err := r.Reload(fsys, "")
	require.NoError(t, err)
	delete(fsys, "lab.test.zone")
	_, err = r.Reload(fsys, "")
	require.NoError(t, err)
	_, ok := store.View().Zone("lab.test.")
	assert.False(t, ok)
	z, ok := store.View().Closest("www.other.test.")
	require.True(t, ok)
	assert.NotNil(t, z.SOA)
	assert.Equal(t, uint16(dns.ClassINET), z.Class)
}
