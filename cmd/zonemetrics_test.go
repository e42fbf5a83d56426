package cmd

import (
	"os"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/r53d/r53d/config"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gathered is every unlabelled gauge and counter of reg by name.
func gathered(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	fams, err := reg.Gather()
	require.NoError(t, err)
	out := map[string]float64{}
	for _, f := range fams {
		for _, m := range f.GetMetric() {
			if len(m.GetLabel()) > 0 {
				continue
			}
			if g := m.GetGauge(); g != nil {
				out[f.GetName()] = g.GetValue()
			}
			if c := m.GetCounter(); c != nil {
				out[f.GetName()] = c.GetValue()
			}
		}
	}
	return out
}

// A failed reload shows in /metrics: the last load's result, the failed
// zones, and the count of failures.
func TestReloadMetrics(t *testing.T) {
	store, err := zones.NewStore()
	require.NoError(t, err)
	status := &reloadStatus{}
	reg := prometheus.NewRegistry()
	require.NoError(t, reg.Register(newZoneCollector(store, status)))
	assert.Equal(t, 0.0, gathered(t, reg)["r53d_reloads_total"])

	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	status.record(at, config.Result{}, nil)
	status.took(250 * time.Millisecond)
	m := gathered(t, reg)
	assert.Equal(t, 1.0, m["r53d_reload_last_success"])
	assert.Equal(t, 0.25, m["r53d_reload_last_duration_seconds"])
	assert.Equal(t, float64(at.Unix()), m["r53d_reload_last_timestamp_seconds"])

	status.record(at.Add(time.Minute), config.Result{Failed: []zones.FailedZone{{Origin: "b.test."}},
		Errors: zones.Diagnostics{{File: "b.test.zone", Line: 3, Message: "bad"}}}, nil)
	status.record(at.Add(2*time.Minute), config.Result{}, os.ErrNotExist)
	m = gathered(t, reg)
	assert.Equal(t, 3.0, m["r53d_reloads_total"])
	assert.Equal(t, 2.0, m["r53d_reload_failures_total"])
	assert.Equal(t, 0.0, m["r53d_reload_last_success"])
}
