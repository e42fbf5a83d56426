package healthcheck

import (
	"context"
	"reflect"
	"time"
)

// UpdateTargets replaces the set of load-balancer targets (at start and
// on every reload), as Update does for checks, and at once. A target
// whose definition is unchanged keeps its state and probe loop; one whose
// group's health check changed keeps its state and is probed again now;
// a new one is initial and probed now. A target that is no longer
// registered drains for its DeregistrationDelay and is then gone; one
// registered again while draining starts afresh.
func (m *Monitor) UpdateTargets(targets []TargetCheck) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.opts.Clock.Now()
	keep := make(map[string]bool, len(targets))
	for _, c := range targets {
		keep[c.ID] = true
		old, ok := m.targets[c.ID]
		switch {
		case ok && old.state != TargetDraining && reflect.DeepEqual(old.check, c):
			continue
		case ok && old.state != TargetDraining:
			old.redefine(c)
		default:
			t := newTargetState(c, now)
			if ok {
				t.override = old.override // the operator's, not the definition's
			}
			m.targets[c.ID] = t
		}
		m.stopLocked(c.ID)
		if m.ctx != nil {
			m.startTargetLocked(c.ID)
		}
	}
	for id, t := range m.targets {
		if !keep[id] && t.state != TargetDraining {
			m.stopLocked(id)
			t.drain(now)
			m.expireLater(id, t)
		}
	}
	m.sweepLocked(now)
	for id, t := range m.targets {
		m.settleTargetLocked(id, t, now)
	}
	m.publishLocked()
}

// startTargetsLocked starts the loops of every target that is probed and
// the timers of those draining: when Run starts.
func (m *Monitor) startTargetsLocked() {
	for id, t := range m.targets {
		m.startTargetLocked(id)
		m.expireLater(id, t)
	}
}

// startTargetLocked starts a target's probe loop, first probe at once.
func (m *Monitor) startTargetLocked(id string) {
	t := m.targets[id]
	if t.state == TargetDraining || t.state == TargetUnused || m.runners[id] != nil {
		return
	}
	m.epoch++
	ctx, cancel := context.WithCancel(m.ctx)
	m.runners[id] = &runner{cancel: cancel, epoch: m.epoch}
	interval := t.check.Interval
	if interval <= 0 {
		interval = 30 * time.Second
	}
	go m.loop(ctx, id, m.epoch, t.check.config(), 0, interval)
}

// expireLater removes a draining target once its delay is over, when the
// monitor runs (Statuses and UpdateTargets also sweep, so a monitor that
// does not run lists no target past its delay).
func (m *Monitor) expireLater(id string, t *targetState) {
	if m.ctx == nil || t.state != TargetDraining {
		return
	}
	ctx, wait := m.ctx, t.drainUntil.Sub(m.opts.Clock.Now())
	go func() {
		select {
		case <-ctx.Done():
			return
		case <-m.opts.Clock.After(max(wait, 0)):
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.sweepLocked(m.opts.Clock.Now()) {
			m.opts.Log.Info("deregistered target gone", "id", id)
			m.publishLocked()
		}
	}()
}

// sweepLocked removes the targets whose deregistration delay is over; it
// reports whether it removed any.
func (m *Monitor) sweepLocked(now time.Time) bool {
	removed := false
	for id, t := range m.targets {
		if t.state == TargetDraining && !now.Before(t.drainUntil) {
			delete(m.targets, id)
			removed = true
		}
	}
	return removed
}

// applyTargetLocked takes one probe result of a target.
func (m *Monitor) applyTargetLocked(id string, t *targetState, r Result) {
	if t.apply(r) {
		m.opts.Log.Info("target state changed", "id", id, "state", t.state, "reason", t.reason)
	}
	if m.settleTargetLocked(id, t, m.opts.Clock.Now()) {
		m.publishLocked()
	}
}

// settleTargetLocked recomputes what DNS uses for a target; it reports
// whether that changed (the caller publishes).
func (m *Monitor) settleTargetLocked(id string, t *targetState, now time.Time) bool {
	if !t.settle(now) {
		return false
	}
	m.opts.Log.Info("health check status changed", "id", id, "status", word(t.final))
	return true
}
