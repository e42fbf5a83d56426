package healthcheck

import "time"

// state is one check's status machine: FailureThreshold consecutive
// results flip the measured status, in both directions (docs/health-checks.md#thresholds).
// It is owned by the monitor's single aggregator goroutine.
type state struct {
	check     Check
	measured  bool // healthy after thresholds, before Inverted and Disabled
	okRun     int
	failRun   int
	probed    bool
	last      Result
	failure   string // reason of the last failed probe, kept after successes
	override  *bool
	final     bool // what policies use
	changedAt time.Time
	flips     int
	// fresh marks a new or reset check until its first settle, which sets
	// its starting status (children and override included) without
	// counting a transition.
	fresh bool
	// hist is the recent probe results and status changes, for people.
	hist history
}

// newState starts a check healthy, as Route 53 counts a new check healthy
// until its first FailureThreshold results say otherwise (an inverted one
// therefore starts unhealthy).
func newState(c Check, now time.Time) *state {
	s := &state{check: c, measured: true, changedAt: now, fresh: true}
	s.final = s.effective(nil)
	return s
}

// apply takes one probe result and reports whether the measured status
// flipped.
func (s *state) apply(r Result) bool {
	s.last, s.probed = r, true
	s.hist.probe(r)
	threshold := s.check.HealthCheckConfig.Threshold()
	if r.OK {
		s.okRun, s.failRun = s.okRun+1, 0
		if !s.measured && s.okRun >= threshold {
			s.measured = true
			return true
		}
		return false
	}
	s.failure = r.Reason
	s.failRun, s.okRun = s.failRun+1, 0
	if s.measured && s.failRun >= threshold {
		s.measured = false
		return true
	}
	return false
}

// effective is the status after Inverted and Disabled: a disabled check is
// healthy, unless it is also inverted (AWS's way to drain, §3.3). For a
// calculated check, measured is replaced by its children's verdict.
func (s *state) effective(children func(id string) bool) bool {
	cfg := &s.check.HealthCheckConfig
	healthy := s.measured
	if cfg.Type == TypeCalculated && children != nil {
		healthy = s.calculated(children)
	}
	if cfg.Disabled {
		healthy = true
	}
	if cfg.Inverted {
		healthy = !healthy
	}
	return healthy
}

// calculated counts healthy children against HealthThreshold (§3.4):
// threshold 0 is always healthy, more than the children never.
func (s *state) calculated(children func(id string) bool) bool {
	cfg := &s.check.HealthCheckConfig
	n := 0
	for _, id := range cfg.ChildHealthChecks {
		if children(id) {
			n++
		}
	}
	return n >= cfg.HealthThreshold
}

// settle recomputes the final status; it reports whether it changed.
func (s *state) settle(now time.Time, children func(id string) bool) bool {
	final := s.effective(children)
	if s.override != nil {
		final = *s.override
	}
	fresh := s.fresh
	s.fresh = false
	if final == s.final || fresh {
		s.final = final
		return false
	}
	s.final, s.changedAt = final, now
	s.flips++
	s.hist.change(now, final)
	return true
}

// status renders the state for the admin API.
func (s *state) status(children func(id string) bool) Status {
	cfg := &s.check.HealthCheckConfig
	st := Status{ID: s.check.ID, Type: cfg.Type, Status: word(s.final), Measured: word(s.effective(children)),
		Inverted: cfg.Inverted, Disabled: cfg.Disabled, Target: cfg.target(),
		LastChangedAt: s.changedAt.UTC().Format(time.RFC3339Nano), Transitions: s.flips, changedAt: s.changedAt}
	st.observed(s.override, s.probed, s.last, s.failure)
	return st
}

// observed fills in what checks and targets report alike: the override,
// the last probe and the last failure's reason.
func (st *Status) observed(override *bool, probed bool, last Result, failure string) {
	if override != nil {
		w := word(*override)
		st.Override = &w
	}
	if probed {
		at := last.At.UTC().Format(time.RFC3339Nano)
		st.LastCheckedAt = &at
		st.LastResult = "Failure"
		if last.OK {
			st.LastResult = "Success"
		}
		st.LastLatencyMs = float64(last.Latency.Microseconds()) / 1000
	}
	st.LastFailureReason = failure
}
