package healthcheck

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestOverride(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 1), endpoint("b", 1)})

	if err := m.SetOverride("a", false); err != nil {
		t.Fatal(err)
	}
	if m.Snapshot().Healthy("a") || !m.Snapshot().Healthy("b") {
		t.Fatal("an override must act on the next snapshot, and only on its check")
	}
	st := status(t, m, "a")
	if st.Status != Unhealthy || st.Measured != Healthy || st.Override == nil || *st.Override != Unhealthy ||
		st.Transitions != 1 || st.LastChangedAt != rfc3339(clock.Now()) {
		t.Fatalf("overridden: %+v", st)
	}

	// Results still move the measured status under the override.
	record(m, clock, "a", true, 3)
	if m.Snapshot().Healthy("a") {
		t.Fatal("a success beat the override")
	}
	record(m, clock, "a", false, 1)
	if st := status(t, m, "a"); st.Measured != Unhealthy || st.Status != Unhealthy {
		t.Fatalf("measured under override: %+v", st)
	}

	// Override to healthy while the endpoint is down.
	if err := m.SetOverride("a", true); err != nil {
		t.Fatal(err)
	}
	if !m.Snapshot().Healthy("a") {
		t.Fatal("override to healthy did not act")
	}
	if err := m.ClearOverride("a"); err != nil {
		t.Fatal(err)
	}
	st = status(t, m, "a")
	if m.Snapshot().Healthy("a") || st.Override != nil || st.Status != Unhealthy {
		t.Fatalf("cleared: back to the measured status, got %+v", st)
	}
}

func TestOverrideUnknownCheck(t *testing.T) {
	m, _ := testMonitor(t, nil)
	for _, err := range []error{m.SetOverride("x", true), m.ClearOverride("x")} {
		if !errors.Is(err, ErrUnknownCheck) || !strings.Contains(err.Error(), `"x"`) {
			t.Errorf("err = %v, want ErrUnknownCheck naming x", err)
		}
	}
}

// TestOverrideSurvivesUpdate: an override is the operator's, not the
// definition's; a reload keeps it, whether the check changed or not.
func TestOverrideSurvivesUpdate(t *testing.T) {
	m, _ := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 1), endpoint("b", 1)})
	for _, id := range []string{"a", "b"} {
		if err := m.SetOverride(id, false); err != nil {
			t.Fatal(err)
		}
	}
	changed := endpoint("b", 5)
	m.Update([]Check{endpoint("a", 1), changed})
	for _, id := range []string{"a", "b"} {
		st := status(t, m, id)
		if m.Snapshot().Healthy(id) || st.Override == nil || *st.Override != Unhealthy {
			t.Errorf("%s after Update: %+v", id, st)
		}
	}
	if st := status(t, m, "b"); st.Transitions != 0 {
		t.Errorf("a reset check that keeps its override did not change status: %+v", st)
	}
}

func TestUpdate(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("same", 2), endpoint("changed", 2), endpoint("gone", 2), endpoint("partial", 3)})
	record(m, clock, "same", false, 2)
	record(m, clock, "changed", false, 2)
	record(m, clock, "gone", false, 2)
	record(m, clock, "partial", false, 2)
	downAt := status(t, m, "same").LastChangedAt

	changed := endpoint("changed", 2)
	changed.HealthCheckConfig.ResourcePath = "/health"
	clock.Advance(time.Minute)
	m.Update([]Check{endpoint("same", 2), changed, endpoint("new", 2), endpoint("partial", 3)})

	s := m.Snapshot()
	if s.Len() != 4 {
		t.Errorf("snapshot has %d checks, want 4", s.Len())
	}
	if st := status(t, m, "same"); s.Healthy("same") || st.Transitions != 1 || st.LastChangedAt != downAt || st.LastCheckedAt == nil {
		t.Errorf("unchanged check must keep its status: %+v", st)
	}
	if st := status(t, m, "changed"); !s.Healthy("changed") || st.Transitions != 0 || st.LastCheckedAt != nil ||
		st.LastChangedAt != rfc3339(clock.Now()) || st.Target != "http://192.0.2.1:80/health" {
		t.Errorf("changed check must start afresh, healthy: %+v", st)
	}
	if !s.Healthy("new") {
		t.Error("new check must be healthy")
	}
	if _, ok := m.Status("gone"); ok {
		t.Error("removed check still listed")
	}
	if !s.Healthy("gone") {
		t.Error("a removed id is unknown, so healthy")
	}
	// An unchanged check keeps its run of failures too.
	record(m, clock, "partial", false, 1)
	if m.Snapshot().Healthy("partial") {
		t.Error("Update lost an unchanged check's run of failures")
	}
	// A changed check needs its full threshold again.
	record(m, clock, "changed", false, 1)
	if !m.Snapshot().Healthy("changed") {
		t.Error("a changed check kept its old run of failures")
	}

	got := m.Statuses()
	var ids []string
	for _, st := range got {
		ids = append(ids, st.ID)
	}
	if strings.Join(ids, ",") != "changed,new,partial,same" {
		t.Errorf("Statuses order = %v", ids)
	}
}

// TestSnapshotPublishedOnlyOnChange compares snapshot pointers: results
// and overrides that change no status publish nothing; a flip publishes a
// new snapshot and leaves the old one as it was.
func TestSnapshotPublishedOnlyOnChange(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 2), endpoint("b", 2), calculatedCheck("c", 2, "a", "b")})
	first := m.Snapshot()
	if first != m.Snapshot() {
		t.Fatal("two loads without a change differ")
	}
	record(m, clock, "a", true, 3)
	record(m, clock, "a", false, 1)
	record(m, clock, "a", true, 1)
	record(m, clock, "b", false, 1)
	_ = m.Statuses()
	if err := m.SetOverride("b", true); err != nil { // healthy already
		t.Fatal(err)
	}
	if m.Snapshot() != first {
		t.Fatal("a snapshot was published without a status change")
	}
	if err := m.ClearOverride("b"); err != nil {
		t.Fatal(err)
	}
	record(m, clock, "b", false, 1) // b's second failure in a row: b and c flip
	second := m.Snapshot()
	if second == first {
		t.Fatal("a status change published no snapshot")
	}
	if !first.Healthy("b") || !first.Healthy("c") || second.Healthy("b") || second.Healthy("c") {
		t.Fatal("snapshots are not immutable views of their moment")
	}
	record(m, clock, "b", false, 3)
	if m.Snapshot() != second {
		t.Fatal("more failures of an unhealthy check published a snapshot")
	}
}

// TestStaleResultDropped: a result from a probe loop that a reload
// stopped must not touch the check that replaced it, even one that has no
// loop (disabled).
func TestStaleResultDropped(t *testing.T) {
	m, _ := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 1)})
	m.mu.Lock()
	m.runners["a"] = &runner{cancel: func() {}, epoch: 7} // as if Run had started a loop
	m.mu.Unlock()

	m.record(probeResult{id: "a", epoch: 6, r: Result{Reason: "old loop"}})
	if !m.Snapshot().Healthy("a") || status(t, m, "a").LastCheckedAt != nil {
		t.Fatal("a result of a replaced loop was applied")
	}
	m.record(probeResult{id: "a", epoch: 7, r: Result{Reason: "current loop"}})
	if m.Snapshot().Healthy("a") {
		t.Fatal("a result of the current loop was dropped")
	}

	disabled := endpoint("a", 1)
	disabled.HealthCheckConfig.Disabled = true
	m.Update([]Check{disabled}) // stops loop 7, starts none
	m.record(probeResult{id: "a", epoch: 7, r: Result{Reason: "late result of loop 7"}})
	if st := status(t, m, "a"); st.LastCheckedAt != nil || st.LastFailureReason != "" {
		t.Fatalf("a late result of a stopped loop was applied: %+v", st)
	}
}
