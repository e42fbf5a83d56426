package healthcheck

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// target is an HTTP target of group web with the given thresholds.
func target(ip string, healthy, unhealthy int) TargetCheck {
	addr := netip.MustParseAddrPort(ip + ":80")
	return TargetCheck{ID: "target/web/" + addr.String(), Group: "web", Target: addr, Protocol: "HTTP", Port: 80, Path: "/",
		Matcher: Matcher{{200, 200}}, Interval: 10 * time.Second, Timeout: 5 * time.Second,
		HealthyThreshold: healthy, UnhealthyThreshold: unhealthy, DeregistrationDelay: 300 * time.Second}
}

func stateOf(t *testing.T, m *Monitor, id string) string {
	t.Helper()
	return status(t, m, id).TargetState
}

// TestTargetThresholds: ELB's thresholds are counts of consecutive
// results, both ways; a new target is initial until its first check.
func TestTargetThresholds(t *testing.T) {
	m, clock := testMonitor(t, nil)
	a := target("192.0.2.1", 3, 2)
	m.UpdateTargets([]TargetCheck{a})
	assert.Equal(t, TargetInitial, stateOf(t, m, a.ID))
	assert.False(t, m.Snapshot().Healthy(a.ID), "an initial target takes no traffic")

	record(m, clock, a.ID, false, 1)
	assert.Equal(t, TargetInitial, stateOf(t, m, a.ID), "one failure is below the unhealthy threshold")
	record(m, clock, a.ID, false, 1)
	st := status(t, m, a.ID)
	assert.Equal(t, TargetUnhealthy, st.TargetState)
	assert.Equal(t, "Target.ResponseCodeMismatch", st.TargetReason)

	record(m, clock, a.ID, true, 2)
	record(m, clock, a.ID, false, 1)
	record(m, clock, a.ID, true, 2)
	assert.Equal(t, TargetUnhealthy, stateOf(t, m, a.ID), "a failure restarts the run of successes")
	record(m, clock, a.ID, true, 1)
	assert.Equal(t, TargetHealthy, stateOf(t, m, a.ID), "three successes in a row")
	assert.True(t, m.Snapshot().Healthy(a.ID))

	record(m, clock, a.ID, false, 1)
	assert.True(t, m.Snapshot().Healthy(a.ID), "one failure is below the unhealthy threshold")
	record(m, clock, a.ID, true, 1)
	record(m, clock, a.ID, false, 1)
	assert.True(t, m.Snapshot().Healthy(a.ID), "a success restarts the run of failures")
	record(m, clock, a.ID, false, 1)
	assert.False(t, m.Snapshot().Healthy(a.ID))
	st = status(t, m, a.ID)
	assert.Equal(t, TypeTarget, st.Type)
	assert.Equal(t, "web", st.TargetGroup)
	assert.Equal(t, "http://192.0.2.1:80/", st.Target)
	assert.Equal(t, 2, st.Transitions, "initial to unhealthy changes nothing DNS sees")
}

// TestTargetFirstSuccess: a new target is healthy after its first
// passing check, whatever HealthyThreshold says.
func TestTargetFirstSuccess(t *testing.T) {
	m, clock := testMonitor(t, nil)
	a := target("192.0.2.1", 5, 2)
	m.UpdateTargets([]TargetCheck{a})
	record(m, clock, a.ID, true, 1)
	assert.Equal(t, TargetHealthy, stateOf(t, m, a.ID))
	assert.True(t, m.Snapshot().Healthy(a.ID))
}

// TestTargetDraining: a target removed on reload drains for its
// deregistration delay, counts as unhealthy meanwhile even when forced
// healthy, and is then gone; registered again, it starts afresh.
func TestTargetDraining(t *testing.T) {
	m, clock := testMonitor(t, nil)
	a, b := target("192.0.2.1", 2, 2), target("192.0.2.2", 2, 2)
	m.UpdateTargets([]TargetCheck{a, b})
	record(m, clock, b.ID, true, 1)
	require.NoError(t, m.SetOverride(b.ID, true))
	require.True(t, m.Snapshot().Healthy(b.ID))

	m.UpdateTargets([]TargetCheck{a})
	st := status(t, m, b.ID)
	assert.Equal(t, TargetDraining, st.TargetState)
	assert.Equal(t, "Target.DeregistrationInProgress", st.TargetReason)
	assert.False(t, m.Snapshot().Healthy(b.ID), "a draining target takes no new traffic")
	record(m, clock, b.ID, true, 3)
	assert.Equal(t, TargetDraining, stateOf(t, m, b.ID), "a late probe result does not revive it")

	clock.Advance(300*time.Second - 4*time.Second) // record advanced 3 s
	_, ok := m.Status(b.ID)
	assert.True(t, ok, "still draining a second before the delay ends")
	clock.Advance(time.Second)
	_, ok = m.Status(b.ID)
	assert.False(t, ok, "gone once the delay is over")
	_, ok = m.Status(a.ID)
	assert.True(t, ok)

	m.UpdateTargets([]TargetCheck{a, b})
	assert.Equal(t, TargetInitial, stateOf(t, m, b.ID), "registered again: a new target")
	m.UpdateTargets([]TargetCheck{b})
	m.UpdateTargets([]TargetCheck{a, b})
	assert.Equal(t, TargetInitial, stateOf(t, m, b.ID))
	assert.Equal(t, TargetInitial, stateOf(t, m, a.ID), "re-registered while draining")
}

// TestTargetZeroDelay: with no deregistration delay a removed target is
// gone at once.
func TestTargetZeroDelay(t *testing.T) {
	m, _ := testMonitor(t, nil)
	a := target("192.0.2.1", 2, 2)
	a.DeregistrationDelay = 0
	m.UpdateTargets([]TargetCheck{a})
	m.UpdateTargets(nil)
	assert.Empty(t, m.Statuses())
}

// TestTargetOverride: health set works on targets as on checks.
func TestTargetOverride(t *testing.T) {
	m, clock := testMonitor(t, nil)
	a := target("192.0.2.1", 2, 2)
	m.UpdateTargets([]TargetCheck{a})
	require.NoError(t, m.SetOverride(a.ID, true))
	assert.True(t, m.Snapshot().Healthy(a.ID))
	st := status(t, m, a.ID)
	assert.Equal(t, Healthy, st.Status)
	assert.Equal(t, TargetInitial, st.TargetState, "the state stays what the probes say")
	record(m, clock, a.ID, false, 2)
	assert.True(t, m.Snapshot().Healthy(a.ID))
	require.NoError(t, m.ClearOverride(a.ID))
	assert.False(t, m.Snapshot().Healthy(a.ID))
	h, ok := m.History(a.ID)
	require.True(t, ok)
	assert.Len(t, h.Probes, 2)
}

// TestTargetRedefined: a changed health check keeps the state; an unused
// target is never healthy, and becomes initial once used.
func TestTargetRedefined(t *testing.T) {
	m, clock := testMonitor(t, nil)
	a := target("192.0.2.1", 2, 2)
	m.UpdateTargets([]TargetCheck{a})
	record(m, clock, a.ID, true, 1)
	a.Interval = 20 * time.Second
	m.UpdateTargets([]TargetCheck{a})
	assert.Equal(t, TargetHealthy, stateOf(t, m, a.ID))
	assert.True(t, m.Snapshot().Healthy(a.ID))

	a.Unused = "Target.NotInUse"
	m.UpdateTargets([]TargetCheck{a})
	st := status(t, m, a.ID)
	assert.Equal(t, TargetUnused, st.TargetState)
	assert.Equal(t, "Target.NotInUse", st.TargetReason)
	assert.False(t, m.Snapshot().Healthy(a.ID))
	record(m, clock, a.ID, true, 1)
	assert.Equal(t, TargetUnused, stateOf(t, m, a.ID), "an unused target is not checked")

	a.Unused = ""
	m.UpdateTargets([]TargetCheck{a})
	assert.Equal(t, TargetInitial, stateOf(t, m, a.ID))
}

// TestTargetPrefixReserved: a health check cannot take a target's id.
func TestTargetPrefixReserved(t *testing.T) {
	c := endpoint("target/web/192.0.2.1:80", 1)
	errs := c.Validate(func(string) bool { return false }, func(string) bool { return false })
	require.Len(t, errs, 1)
	assert.Equal(t, `Id: ids starting with "target/" name load-balancer targets`, errs[0].Error())
}
