package config

import (
	"testing"

	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTags(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	info, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "t.example", CallerReference: "t"})
	require.NoError(t, err)
	c, _, err := td.CreateHealthCheck("t", httpCheck())
	require.NoError(t, err)

	for _, r := range []struct{ typ, id, file string }{{"hostedzone", info.ID, "t.example.json"}, {"healthcheck", c.ID, "health-checks.json"}} {
		require.NoError(t, td.ChangeTags(r.typ, r.id, []zones.Tag{{Key: "env", Value: "lab"}, {Key: "team", Value: "dns"}}, nil))
		require.NoError(t, td.ChangeTags(r.typ, r.id, []zones.Tag{{Key: "env", Value: "prod"}}, []string{"team"}))
		tags, err := td.Tags(r.typ, r.id)
		require.NoError(t, err)
		assert.Equal(t, []zones.Tag{{Key: "env", Value: "prod"}}, tags, r.typ)
		assert.Contains(t, td.read(t, r.file), `"Value": "prod"`)

		many := make([]zones.Tag, 10)
		for i := range many {
			many[i] = zones.Tag{Key: string(rune('a' + i)), Value: "x"}
		}
		requireFault(t, td.ChangeTags(r.typ, r.id, many, nil), "InvalidInput") // 11 in all
	}
	tags, err := openTestDir(t, td.path).Tags("hostedzone", info.ID)
	require.NoError(t, err)
	assert.Equal(t, []zones.Tag{{Key: "env", Value: "prod"}}, tags, "kept in the zone's file")

	requireFault(t, td.ChangeTags("trafficpolicy", "x", nil, nil), "InvalidInput")
	_, err = td.Tags("trafficpolicy", "x")
	requireFault(t, err, "InvalidInput")
	requireFault(t, td.ChangeTags("hostedzone", "ZNOPE", nil, []string{"a"}), "NoSuchHostedZone")
	requireFault(t, td.ChangeTags("healthcheck", "nope", nil, []string{"a"}), "NoSuchHealthCheck")
}
