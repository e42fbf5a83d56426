package config

import (
	"encoding/json"
	"testing"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func httpCheck() healthcheck.Config {
	return healthcheck.Config{Type: healthcheck.TypeHTTP, IPAddress: "127.0.0.1", ResourcePath: "/healthz"}
}

func TestCreateHealthCheckPublishesAndProbes(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	c, created, err := td.CreateHealthCheck("ref-1", httpCheck())
	require.NoError(t, err)
	require.True(t, created)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, c.ID)
	assert.Equal(t, int64(1), c.HealthCheckVersion)
	assert.Equal(t, 30, c.HealthCheckConfig.RequestInterval, "defaults are echoed")
	assert.Equal(t, 3, c.HealthCheckConfig.FailureThreshold)
	assert.Equal(t, 80, c.HealthCheckConfig.Port)
	assert.Nil(t, c.HealthCheckConfig.Regions)

	// In the store's generation, and handed to the prober, when the call returns.
	gen := td.store.View().Generation()
	require.Len(t, gen.HealthChecks, 1)
	assert.Equal(t, c, gen.HealthChecks[0])
	require.Len(t, td.lastSeen(), 1)
	assert.Equal(t, c.ID, td.lastSeen()[0].ID)

	// The file is list-health-checks' form, and loads.
	var file struct{ HealthChecks []checkEntry }
	require.NoError(t, json.Unmarshal([]byte(td.read(t, "health-checks.json")), &file))
	require.Len(t, file.HealthChecks, 1)
	assert.Equal(t, c, file.HealthChecks[0].Check)
	again := openTestDir(t, td.path)
	got, err := again.HealthCheck(c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, got)

	// CallerReference: the same settings give the same check; others conflict.
	same, created, err := td.CreateHealthCheck("ref-1", httpCheck())
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, c, same)
	other := httpCheck()
	other.Port = 8080
	_, _, err = td.CreateHealthCheck("ref-1", other)
	requireFault(t, err, "HealthCheckAlreadyExists")
	second, created, err := td.CreateHealthCheck("ref-2", httpCheck())
	require.NoError(t, err)
	assert.True(t, created)
	assert.NotEqual(t, c.ID, second.ID)

	bad := httpCheck()
	bad.IPAddress = "not an address"
	_, _, err = td.CreateHealthCheck("ref-3", bad)
	f := requireFault(t, err, "InvalidInput")
	assert.Contains(t, f.Message, "IPAddress")
	n, err := td.HealthCheckCount()
	require.NoError(t, err)
	assert.Equal(t, 2, n)
}

func TestListHealthChecks(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	var ids []string
	for _, ref := range []string{"a", "b", "c"} {
		c, _, err := td.CreateHealthCheck(ref, httpCheck())
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	page, next, err := td.HealthChecks("", 2)
	require.NoError(t, err)
	require.Len(t, page, 2)
	require.NotEmpty(t, next)
	rest, last, err := td.HealthChecks(next, 2)
	require.NoError(t, err)
	assert.Empty(t, last)
	require.Len(t, rest, 1)
	assert.Equal(t, next, rest[0].ID)
	assert.ElementsMatch(t, ids, []string{page[0].ID, page[1].ID, rest[0].ID})
	assert.Less(t, page[0].ID, page[1].ID)
	_, err = td.HealthCheck("nope")
	f := requireFault(t, err, "NoSuchHealthCheck")
	assert.Equal(t, "A health check with id nope does not exist.", f.Message)
}

func TestUpdateHealthCheck(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	c, _, err := td.CreateHealthCheck("u", httpCheck())
	require.NoError(t, err)
	stale := int64(7)
	_, err = td.UpdateHealthCheck(c.ID, zones.HealthCheckUpdate{Version: &stale})
	requireFault(t, err, "HealthCheckVersionMismatch")

	port, threshold, one := 8080, 5, int64(1)
	got, err := td.UpdateHealthCheck(c.ID, zones.HealthCheckUpdate{Version: &one, Port: &port, FailureThreshold: &threshold, ResetElements: []string{"ResourcePath"}})
	require.NoError(t, err)
	assert.Equal(t, int64(2), got.HealthCheckVersion)
	assert.Equal(t, 8080, got.HealthCheckConfig.Port)
	assert.Equal(t, 5, got.HealthCheckConfig.FailureThreshold)
	assert.Empty(t, got.HealthCheckConfig.ResourcePath)
	assert.Equal(t, "127.0.0.1", got.HealthCheckConfig.IPAddress, "unchanged")
	assert.Equal(t, got, td.store.View().Generation().HealthChecks[0])
	assert.Equal(t, 8080, td.lastSeen()[0].HealthCheckConfig.Port, "the prober has the new settings")

	none := ""
	_, err = td.UpdateHealthCheck(c.ID, zones.HealthCheckUpdate{IPAddress: &none})
	requireFault(t, err, "InvalidInput")
	_, err = td.UpdateHealthCheck(c.ID, zones.HealthCheckUpdate{ResetElements: []string{"Type"}})
	requireFault(t, err, "InvalidInput")
	_, err = td.UpdateHealthCheck("nope", zones.HealthCheckUpdate{})
	requireFault(t, err, "NoSuchHealthCheck")
}

func TestDeleteHealthCheckInUse(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	c, _, err := td.CreateHealthCheck("d", httpCheck())
	require.NoError(t, err)
	set := aSet("w.lab.example", "192.0.2.1")
	set.SetIdentifier, set.Weight, set.HealthCheckID = "one", ttl(1), c.ID
	_, err = td.ChangeResourceRecordSets(td.zoneID(t, "lab.example."), "", []zones.RecordChange{{Action: "CREATE", Set: set}})
	require.NoError(t, err)

	err = td.DeleteHealthCheck(c.ID)
	f := requireFault(t, err, "HealthCheckInUse")
	assert.Contains(t, f.Message, "name='w.lab.example.', type='A', set-identifier='one'")

	_, err = td.ChangeResourceRecordSets(td.zoneID(t, "lab.example."), "", []zones.RecordChange{{Action: "DELETE", Set: set}})
	require.NoError(t, err)
	require.NoError(t, td.DeleteHealthCheck(c.ID))
	assert.Empty(t, td.store.View().Generation().HealthChecks)
	assert.Empty(t, td.lastSeen(), "the prober stops it")
	requireFault(t, td.DeleteHealthCheck(c.ID), "NoSuchHealthCheck")
	_, _, err = td.CreateHealthCheck("d", httpCheck())
	requireFault(t, err, "HealthCheckAlreadyExists") // a deleted check's reference is not reused
}

func TestHealthChecksFileHandEdited(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster,
		"health-checks.json": `{"HealthChecks": [{"Id": "web", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.1", "Port": 9}, "Tags": [{"Key": "team", "Value": "a"}]}]}`})
	tags, err := td.Tags("healthcheck", "web")
	require.NoError(t, err)
	assert.Equal(t, []zones.Tag{{Key: "team", Value: "a"}}, tags)

	td.write(t, "health-checks.json", `{"HealthChecks": []}`)
	_, _, err = td.CreateHealthCheck("x", httpCheck())
	f := requireFault(t, err, "PriorRequestNotComplete")
	assert.Contains(t, f.Message, "health-checks.json changed on disk")
	_, err = td.Reload()
	require.NoError(t, err)
	_, _, err = td.CreateHealthCheck("x", httpCheck())
	require.NoError(t, err)
}

func TestBrokenHealthChecksFileIsNotOverwritten(t *testing.T) {
	broken := `{"HealthChecks": [{"Id": "web", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.1"}}]}` // TCP needs a port
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster, "health-checks.json": broken})
	_, _, err := td.CreateHealthCheck("x", httpCheck())
	f := requireFault(t, err, "InvalidInput")
	assert.Contains(t, f.Message, "health-checks.json did not load")
	assert.Equal(t, broken, td.read(t, "health-checks.json"))
}

func TestYAMLHealthChecksFile(t *testing.T) {
	plain := "HealthChecks:\n  - Id: web\n    HealthCheckConfig:\n      Type: TCP\n      IPAddress: 127.0.0.1\n      Port: 9\n"
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster, "health-checks.yaml": plain})
	_, _, err := td.CreateHealthCheck("y", httpCheck())
	require.NoError(t, err)
	text := td.read(t, "health-checks.yaml")
	assert.Contains(t, text, "HealthChecks:\n  - Id: web\n")
	assert.Contains(t, text, "IPAddress: 127.0.0.1\n")
	assert.NoFileExists(t, td.path+"/health-checks.json")
	n, err := openTestDir(t, td.path).HealthCheckCount()
	require.NoError(t, err)
	assert.Equal(t, 2, n)

	td.write(t, "health-checks.yaml", "# checks of the lab\n"+plain)
	_, err = td.Reload()
	require.NoError(t, err)
	_, _, err = td.CreateHealthCheck("z", httpCheck())
	f := requireFault(t, err, "InvalidInput")
	assert.Contains(t, f.Message, "health-checks.yaml has comments")
}
