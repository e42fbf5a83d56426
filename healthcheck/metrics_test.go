package healthcheck

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// metricValue gathers reg and returns the value of metric name for the
// given labels (gauge, counter or histogram count) and whether it exists.
func metricValue(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) (float64, bool) {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if !labelsMatch(m.GetLabel(), labels) {
				continue
			}
			switch {
			case m.Gauge != nil:
				return m.GetGauge().GetValue(), true
			case m.Counter != nil:
				return m.GetCounter().GetValue(), true
			case m.Histogram != nil:
				return float64(m.GetHistogram().GetSampleCount()), true
			}
		}
	}
	return 0, false
}

func labelsMatch(got []*dto.LabelPair, want map[string]string) bool {
	if len(got) != len(want) {
		return false
	}
	for _, l := range got {
		if want[l.GetName()] != l.GetValue() {
			return false
		}
	}
	return true
}

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	metrics, err := NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	m := NewMonitor(Options{Clock: clock, Metrics: metrics})
	inv := endpoint("inv", 1)
	inv.HealthCheckConfig.Inverted = true
	m.Update([]Check{endpoint("a", 2), inv, calculatedCheck("c", 1, "a")})

	want := func(name, id string, v float64) {
		t.Helper()
		got, ok := metricValue(t, reg, name, map[string]string{"id": id})
		if !ok || got != v {
			t.Errorf("%s{id=%q} = %v (present %v), want %v", name, id, got, ok, v)
		}
	}
	want("r53d_health_check_healthy", "a", 1)
	want("r53d_health_check_healthy", "inv", 0)
	want("r53d_health_check_healthy", "c", 1)

	record(m, clock, "a", true, 3)
	record(m, clock, "a", false, 2)
	want("r53d_health_check_healthy", "a", 0)
	want("r53d_health_check_healthy", "c", 0)
	want("r53d_health_check_transitions_total", "a", 1)
	want("r53d_health_check_transitions_total", "c", 1)
	want("r53d_health_check_probe_seconds", "a", 5)
	if v, _ := metricValue(t, reg, "r53d_health_check_probes_total", map[string]string{"id": "a", "result": "success"}); v != 3 {
		t.Errorf("successes = %v, want 3", v)
	}
	if v, _ := metricValue(t, reg, "r53d_health_check_probes_total", map[string]string{"id": "a", "result": "failure"}); v != 2 {
		t.Errorf("failures = %v, want 2", v)
	}

	if err := m.SetOverride("a", true); err != nil {
		t.Fatal(err)
	}
	want("r53d_health_check_healthy", "a", 1)
	want("r53d_health_check_transitions_total", "a", 2)

	// A removed check's series go with it.
	m.Update([]Check{inv})
	for _, name := range []string{"r53d_health_check_healthy", "r53d_health_check_transitions_total", "r53d_health_check_probe_seconds"} {
		if _, ok := metricValue(t, reg, name, map[string]string{"id": "a"}); ok {
			t.Errorf("%s still has a series for a removed check", name)
		}
	}
	if _, ok := metricValue(t, reg, "r53d_health_check_probes_total", map[string]string{"id": "a", "result": "success"}); ok {
		t.Error("probes_total still has a series for a removed check")
	}
	want("r53d_health_check_healthy", "inv", 0)

	if _, err := NewMetrics(reg); err == nil {
		t.Error("registering the metrics twice on one registry succeeded")
	}
}

// TestNilMetrics: a monitor without metrics still tracks every status
// change (the metrics hooks are skipped, not the work around them), and a
// nil *Metrics accepts every observation.
func TestNilMetrics(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 1), calculatedCheck("c", 1, "a")})
	record(m, clock, "a", false, 1)
	for _, id := range []string{"a", "c"} {
		st := status(t, m, id)
		if st.Status != Unhealthy || st.Transitions != 1 {
			t.Errorf("%s: status %s after %d transitions, want Unhealthy after 1", id, st.Status, st.Transitions)
		}
	}
	if err := m.SetOverride("a", true); err != nil {
		t.Fatal(err)
	}
	if st := status(t, m, "a"); st.Status != Healthy || st.Measured != Unhealthy {
		t.Errorf("a after a Healthy override: status %s, measured %s", st.Status, st.Measured)
	}
	m.Update(nil)
	if _, ok := m.Status("a"); ok {
		t.Error("a removed check still has a status")
	}

	var nilMetrics *Metrics
	nilMetrics.observeStatus("x", true)
	nilMetrics.observeTransition("x")
	nilMetrics.observeProbe("x", Result{OK: true})
	nilMetrics.forget("x")
}
