package healthcheck

import (
	"strings"
	"time"
)

// The states of a load-balancer target, as describe-target-health prints
// TargetHealth.State.
const (
	TargetInitial   = "initial"
	TargetHealthy   = "healthy"
	TargetUnhealthy = "unhealthy"
	TargetDraining  = "draining"
	TargetUnused    = "unused"
)

// targetState is one target's state machine, ELB's way: a new target is
// initial until its first check passes (then healthy), or until
// UnhealthyThreshold consecutive failures (then unhealthy); a healthy one
// turns unhealthy after UnhealthyThreshold consecutive failures, an
// unhealthy one healthy after HealthyThreshold consecutive successes.
// Draining and unused targets are not probed. It is owned by the
// monitor, under its lock.
type targetState struct {
	check      TargetCheck
	state      string
	reason     string // ELB's reason code for the state, "" when healthy
	okRun      int
	failRun    int
	probed     bool
	last       Result
	failure    string // reason of the last failed probe
	override   *bool
	final      bool // what DNS uses: see healthy
	changedAt  time.Time
	flips      int
	drainUntil time.Time
	hist       history
}

func newTargetState(c TargetCheck, now time.Time) *targetState {
	t := &targetState{check: c, state: TargetInitial, reason: "Elb.InitialHealthChecking", changedAt: now}
	t.redefine(c)
	t.final = t.healthy()
	return t
}

// redefine takes a changed definition (a reload changed the group's
// health check): the state stays, as ELB keeps it when a health check is
// modified, but the runs start again.
func (t *targetState) redefine(c TargetCheck) {
	t.check, t.okRun, t.failRun = c, 0, 0
	switch {
	case c.Unused != "":
		t.state, t.reason = TargetUnused, c.Unused
	case t.state == TargetUnused:
		t.state, t.reason = TargetInitial, "Elb.InitialHealthChecking"
	}
}

// apply takes one probe result and reports whether the state changed.
func (t *targetState) apply(r Result) bool {
	if t.state == TargetDraining || t.state == TargetUnused {
		return false
	}
	t.last, t.probed = r, true
	t.hist.probe(r)
	if r.OK {
		t.okRun, t.failRun = t.okRun+1, 0
	} else {
		t.failure = r.Reason
		t.failRun, t.okRun = t.failRun+1, 0
	}
	next := t.state
	switch {
	case r.OK && (t.state == TargetInitial || t.okRun >= t.check.HealthyThreshold):
		next = TargetHealthy
	case !r.OK && t.failRun >= t.check.UnhealthyThreshold:
		next = TargetUnhealthy
	}
	if next == t.state {
		return false
	}
	t.state, t.reason = next, ""
	if next == TargetUnhealthy {
		t.reason = failureCode(r.Reason)
	}
	return true
}

// failureCode is ELB's reason code for a failed check.
func failureCode(reason string) string {
	switch {
	case strings.Contains(reason, "HTTP Status Code"):
		return "Target.ResponseCodeMismatch"
	case strings.Contains(reason, "timeout") || strings.Contains(reason, "deadline"):
		return "Target.Timeout"
	}
	return "Target.FailedHealthChecks"
}

// drain starts the deregistration delay.
func (t *targetState) drain(now time.Time) {
	t.state, t.reason = TargetDraining, "Target.DeregistrationInProgress"
	t.drainUntil = now.Add(t.check.DeregistrationDelay)
}

// healthy is what DNS uses. A draining target is never healthy: ELB lets
// its open requests finish but sends it no new ones, so it must not keep
// a zone in DNS or a load balancer healthy. Nor is an unused one. An
// override acts on the others.
func (t *targetState) healthy() bool {
	switch {
	case t.state == TargetDraining || t.state == TargetUnused:
		return false
	case t.override != nil:
		return *t.override
	}
	return t.state == TargetHealthy
}

// settle recomputes final; it reports whether it changed.
func (t *targetState) settle(now time.Time) bool {
	f := t.healthy()
	if f == t.final {
		return false
	}
	t.final, t.changedAt = f, now
	t.flips++
	t.hist.change(now, f)
	return true
}

// status renders the target for the admin API and the status page.
func (t *targetState) status() Status {
	c := &t.check
	st := Status{ID: c.ID, Type: TypeTarget, Status: word(t.final), Measured: word(t.state == TargetHealthy),
		Target: c.describe(), LastChangedAt: t.changedAt.UTC().Format(time.RFC3339Nano), Transitions: t.flips,
		changedAt: t.changedAt, TargetGroup: c.Group, TargetState: t.state, TargetReason: t.reason}
	st.observed(t.override, t.probed, t.last, t.failure)
	return st
}
