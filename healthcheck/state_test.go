package healthcheck

import (
	"fmt"
	"testing"
)

func TestNewCheckStatus(t *testing.T) {
	tests := []struct {
		name               string
		inverted, disabled bool
		want               bool
	}{
		{"new check is healthy", false, false, true},
		{"new inverted check is unhealthy", true, false, false},
		{"disabled check is healthy", false, true, true},
		{"disabled and inverted check is unhealthy", true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, clock := testMonitor(t, nil)
			c := endpoint("a", 3)
			c.HealthCheckConfig.Inverted, c.HealthCheckConfig.Disabled = tt.inverted, tt.disabled
			m.Update([]Check{c})
			if got := m.Snapshot().Healthy("a"); got != tt.want {
				t.Errorf("Healthy = %v, want %v", got, tt.want)
			}
			st := status(t, m, "a")
			if st.Status != word(tt.want) || st.Override != nil || st.LastCheckedAt != nil || st.LastResult != "" ||
				st.Transitions != 0 || st.LastChangedAt != rfc3339(clock.Now()) || st.LastFailureReason != "" {
				t.Errorf("status = %+v", st)
			}
			if st.Inverted != tt.inverted || st.Disabled != tt.disabled || st.Target != "http://192.0.2.1:80/" {
				t.Errorf("status = %+v", st)
			}
		})
	}
}

func TestUnknownCheckIsHealthy(t *testing.T) {
	m, _ := testMonitor(t, nil)
	if !m.Snapshot().Healthy("nope") || m.Snapshot().Len() != 0 {
		t.Error("an empty monitor's snapshot must count every id healthy")
	}
	var nilSnap *Snapshot
	if !nilSnap.Healthy("a") {
		t.Error("a nil snapshot must count every id healthy")
	}
	m.Record("nope", Result{Reason: "down"}) // ignored, no panic
	if _, ok := m.Status("nope"); ok {
		t.Error("Record created a check")
	}
}

// TestFailureThreshold walks one check down and up again: N-1 results in a
// row never flip the status, the Nth does, in both directions (§3.3).
func TestFailureThreshold(t *testing.T) {
	for _, n := range []int{1, 2, 3, 10} {
		t.Run(fmt.Sprint("threshold ", n), func(t *testing.T) {
			m, clock := testMonitor(t, nil)
			m.Update([]Check{endpoint("a", n)})
			added := clock.Now()

			record(m, clock, "a", false, n-1)
			if st := status(t, m, "a"); !m.Snapshot().Healthy("a") || st.Transitions != 0 || st.LastChangedAt != rfc3339(added) {
				t.Fatalf("after %d failures: %+v", n-1, st)
			}
			record(m, clock, "a", false, 1)
			down := clock.Now()
			st := status(t, m, "a")
			if m.Snapshot().Healthy("a") || st.Status != Unhealthy || st.Transitions != 1 || st.LastChangedAt != rfc3339(down) {
				t.Fatalf("after %d failures: %+v", n, st)
			}
			if st.LastResult != "Failure" || st.LastFailureReason == "" || *st.LastCheckedAt != rfc3339(down) || st.LastLatencyMs != 3 {
				t.Errorf("after %d failures: %+v", n, st)
			}

			record(m, clock, "a", true, n-1)
			st = status(t, m, "a")
			if m.Snapshot().Healthy("a") || st.Transitions != 1 || st.LastChangedAt != rfc3339(down) {
				t.Fatalf("after %d successes: %+v", n-1, st)
			}
			record(m, clock, "a", true, 1)
			st = status(t, m, "a")
			if !m.Snapshot().Healthy("a") || st.Status != Healthy || st.Transitions != 2 || st.LastChangedAt != rfc3339(clock.Now()) {
				t.Fatalf("after %d successes: %+v", n, st)
			}
			if st.LastResult != "Success" || *st.LastCheckedAt != rfc3339(clock.Now()) {
				t.Errorf("after %d successes: %+v", n, st)
			}
			if st.LastFailureReason != "HTTP Status Code 503, Service Unavailable. Resolved IP: 192.0.2.1" {
				t.Errorf("LastFailureReason = %q; the last failure's reason must outlive later successes", st.LastFailureReason)
			}
		})
	}
}

func TestDefaultFailureThreshold(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 0)})
	record(m, clock, "a", false, DefaultFailureThreshold-1)
	if !m.Snapshot().Healthy("a") {
		t.Fatal("flipped before the default threshold")
	}
	record(m, clock, "a", false, 1)
	if m.Snapshot().Healthy("a") {
		t.Fatal("did not flip at the default threshold")
	}
}

// TestRunsMustBeConsecutive interleaves one success into failures: the
// count starts again, in both directions.
func TestRunsMustBeConsecutive(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 3)})
	for range 5 {
		record(m, clock, "a", false, 2)
		record(m, clock, "a", true, 1)
	}
	if !m.Snapshot().Healthy("a") {
		t.Fatal("2 failures, 1 success, repeated, made the check unhealthy at threshold 3")
	}
	record(m, clock, "a", false, 3)
	for range 5 {
		record(m, clock, "a", true, 2)
		record(m, clock, "a", false, 1)
	}
	if m.Snapshot().Healthy("a") {
		t.Fatal("2 successes, 1 failure, repeated, made the check healthy at threshold 3")
	}
}

// TestFlappingTarget alternates success and failure: with a threshold of
// 2 or more the status never moves; with 1 it follows every result.
func TestFlappingTarget(t *testing.T) {
	for _, n := range []int{1, 2, 3, 10} {
		for _, firstOK := range []bool{true, false} {
			t.Run(fmt.Sprintf("threshold %d first ok %v", n, firstOK), func(t *testing.T) {
				m, clock := testMonitor(t, nil)
				m.Update([]Check{endpoint("a", n)})
				snap := m.Snapshot()
				ok := firstOK
				for range 100 {
					record(m, clock, "a", ok, 1)
					ok = !ok
				}
				st := status(t, m, "a")
				if n >= 2 {
					if st.Transitions != 0 || !m.Snapshot().Healthy("a") || m.Snapshot() != snap {
						t.Errorf("a flapping target moved the status: %+v", st)
					}
					return
				}
				// Threshold 1: healthy → unhealthy on each failure, back on each success.
				if st.Transitions != 100-btoi(firstOK) {
					t.Errorf("Transitions = %d", st.Transitions)
				}
			})
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestInvertedThresholds(t *testing.T) {
	m, clock := testMonitor(t, nil)
	c := endpoint("a", 2)
	c.HealthCheckConfig.Inverted = true
	m.Update([]Check{c})
	record(m, clock, "a", false, 1)
	if m.Snapshot().Healthy("a") {
		t.Fatal("one failure below threshold made an inverted check healthy")
	}
	record(m, clock, "a", false, 1)
	st := status(t, m, "a")
	if !m.Snapshot().Healthy("a") || st.Status != Healthy || st.Measured != Healthy || st.Transitions != 1 {
		t.Fatalf("an inverted check whose endpoint fails must be healthy: %+v", st)
	}
	record(m, clock, "a", true, 2)
	if m.Snapshot().Healthy("a") {
		t.Fatal("an inverted check whose endpoint recovered must be unhealthy")
	}
}

func TestDisabledIgnoresResults(t *testing.T) {
	for _, inverted := range []bool{false, true} {
		m, clock := testMonitor(t, nil)
		c := endpoint("a", 1)
		c.HealthCheckConfig.Disabled, c.HealthCheckConfig.Inverted = true, inverted
		m.Update([]Check{c})
		snap := m.Snapshot()
		record(m, clock, "a", false, 5)
		record(m, clock, "a", true, 5)
		record(m, clock, "a", false, 5)
		if got := m.Snapshot().Healthy("a"); got != !inverted || m.Snapshot() != snap {
			t.Errorf("disabled, inverted %v: Healthy = %v, want %v and no new snapshot", inverted, got, !inverted)
		}
		if st := status(t, m, "a"); st.Transitions != 0 {
			t.Errorf("disabled, inverted %v: %+v", inverted, st)
		}
	}
}

// TestCalculated counts healthy children against HealthThreshold (§3.4).
// Children: up (healthy), down (unhealthy by results), off (disabled, so
// healthy), offInv (disabled and inverted, so unhealthy).
func TestCalculated(t *testing.T) {
	children := []string{"up", "down", "off", "offInv"}
	tests := []struct {
		name      string
		threshold int
		kids      []string
		inverted  bool
		want      bool
	}{
		{"threshold 0 is always healthy", 0, []string{"down", "offInv"}, false, true},
		{"threshold 0 with no children", 0, nil, false, true},
		{"threshold above the children is never healthy", 3, []string{"up", "off"}, false, false},
		{"no children, threshold 1", 1, nil, false, false},
		{"AND of healthy children", 2, []string{"up", "off"}, false, true},
		{"AND with one unhealthy child", 2, []string{"up", "down"}, false, false},
		{"OR with one healthy child", 1, []string{"down", "up"}, false, true},
		{"OR of unhealthy children", 1, []string{"down", "offInv"}, false, false},
		{"disabled child counts healthy", 1, []string{"off"}, false, true},
		{"disabled inverted child counts unhealthy", 1, []string{"offInv"}, false, false},
		{"2 of 4", 2, children, false, true},
		{"3 of 4", 3, children, false, false},
		{"inverted calculated", 3, children, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, clock := testMonitor(t, nil)
			off, offInv := endpoint("off", 1), endpoint("offInv", 1)
			off.HealthCheckConfig.Disabled = true
			offInv.HealthCheckConfig.Disabled, offInv.HealthCheckConfig.Inverted = true, true
			m.Update([]Check{endpoint("up", 1), endpoint("down", 1), off, offInv})
			record(m, clock, "down", false, 1)
			record(m, clock, "off", false, 1)
			record(m, clock, "offInv", true, 1)

			calc := calculatedCheck("calc", tt.threshold, tt.kids...)
			calc.HealthCheckConfig.Inverted = tt.inverted
			m.Update([]Check{endpoint("up", 1), endpoint("down", 1), off, offInv, calc})
			if got := m.Snapshot().Healthy("calc"); got != tt.want {
				t.Errorf("Healthy = %v, want %v", got, tt.want)
			}
			st := status(t, m, "calc")
			if st.Status != word(tt.want) || st.Measured != word(tt.want) || st.Type != TypeCalculated {
				t.Errorf("status = %+v", st)
			}
		})
	}
}

// TestCalculatedFollowsChildren checks that a child's flip reaches its
// parent in the same snapshot, both ways.
func TestCalculatedFollowsChildren(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 2), endpoint("b", 2), calculatedCheck("and", 2, "a", "b"), calculatedCheck("or", 1, "a", "b")})
	record(m, clock, "a", false, 1)
	if s := m.Snapshot(); !s.Healthy("and") || !s.Healthy("or") {
		t.Fatal("a child below its threshold changed a parent")
	}
	record(m, clock, "a", false, 1)
	if s := m.Snapshot(); s.Healthy("a") || s.Healthy("and") || !s.Healthy("or") {
		t.Fatalf("a down: a %v and %v or %v", s.Healthy("a"), s.Healthy("and"), s.Healthy("or"))
	}
	record(m, clock, "b", false, 2)
	if s := m.Snapshot(); s.Healthy("and") || s.Healthy("or") {
		t.Fatal("both children down, a parent stayed healthy")
	}
	if st := status(t, m, "or"); st.Transitions != 1 || st.LastChangedAt != rfc3339(clock.Now()) {
		t.Errorf("or: %+v", st)
	}
	record(m, clock, "a", true, 2)
	if s := m.Snapshot(); s.Healthy("and") || !s.Healthy("or") {
		t.Fatal("a back: and must stay down, or come back")
	}
	// A result recorded for a calculated check itself means nothing.
	record(m, clock, "and", true, 5)
	if m.Snapshot().Healthy("and") {
		t.Fatal("a result for a calculated check overrode its children")
	}
}

// TestCalculatedOverriddenChild: the parent counts what routing sees, so
// an override on a child counts.
func TestCalculatedOverriddenChild(t *testing.T) {
	m, _ := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 1), calculatedCheck("c", 1, "a")})
	if err := m.SetOverride("a", false); err != nil {
		t.Fatal(err)
	}
	if m.Snapshot().Healthy("c") {
		t.Fatal("the parent did not see its child's override")
	}
	if err := m.ClearOverride("a"); err != nil {
		t.Fatal(err)
	}
	if !m.Snapshot().Healthy("c") {
		t.Fatal("the parent did not see its child's override cleared")
	}
}

// TestNewCalculatedIsNotATransition: a calculated check added while its
// children are down starts unhealthy; starting is not a status change.
func TestNewCalculatedIsNotATransition(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 1)})
	record(m, clock, "a", false, 1)
	m.Update([]Check{endpoint("a", 1), calculatedCheck("c", 1, "a")})
	st := status(t, m, "c")
	if st.Status != Unhealthy || st.Transitions != 0 || st.LastChangedAt != rfc3339(clock.Now()) {
		t.Errorf("new calculated check: %+v", st)
	}
}
