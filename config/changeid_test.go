package config

import (
	"testing"
	"time"

	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GetChange of a change made before a restart (Terraform polls 10-30 s
// after its change) finds it in sync; an id r53d never made is still
// NoSuchChange.
func TestChangeOfAnEarlierRunIsInSync(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	info, _, err := td.CreateHostedZone(zones.CreateZoneInput{Name: "c.example", CallerReference: "c"})
	require.NoError(t, err)
	change, err := td.ChangeResourceRecordSets(info.ID, "before the restart", []zones.RecordChange{{Action: "CREATE", Set: aSet("a.c.example", "192.0.2.1")}})
	require.NoError(t, err)
	assert.Len(t, change.ID, 21)

	again := openTestDir(t, td.path)
	got, err := again.Change(change.ID)
	require.NoError(t, err)
	assert.Equal(t, zones.ChangeInSync, got.Status)
	assert.Equal(t, change.SubmittedAt.UnixMilli(), got.SubmittedAt.UnixMilli())

	for _, id := range []string{"CNOPE", change.ID[:20] + "X", "C0000000000000000000Z", "Z" + change.ID[1:]} {
		if id == change.ID {
			continue
		}
		_, err = again.Change(id)
		requireFault(t, err, "NoSuchChange")
	}
}

func TestChangeIDCarriesItsTime(t *testing.T) {
	at := time.Date(2026, 11, 30, 16, 0, 0, 123e6, time.UTC)
	id := newChangeID(at)
	assert.Regexp(t, `^C[A-Z0-9]{20}$`, id)
	got, ok := parseChangeID(id)
	require.True(t, ok)
	assert.Equal(t, at, got)
}

// A change dropped from the bounded log answers as one of an earlier run
// does: in sync. An id from the future was never made.
func TestChangeDroppedFromTheLogIsInSync(t *testing.T) {
	td := newTestDir(t, map[string]string{"lab.example.zone": labMaster})
	opened := td.opts.Now()
	now := opened.Add(2 * time.Minute)
	td.opts.Now = func() time.Time { return now }
	evicted := newChangeID(opened.Add(time.Minute)) // made in this run, then dropped
	got, err := td.Change(evicted)
	require.NoError(t, err)
	assert.Equal(t, zones.ChangeInSync, got.Status)
	_, err = td.Change(newChangeID(now.Add(time.Hour)))
	requireFault(t, err, "NoSuchChange")
}
