package healthcheck

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Clock is time as the monitor sees it; tests replace it.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// ProbeFunc probes one endpoint check once.
type ProbeFunc func(ctx context.Context, cfg *Config) Result

// Options configure a Monitor. Zero values take the real clock, the real
// prober, a discarding logger and no metrics.
type Options struct {
	Clock   Clock
	Probe   ProbeFunc
	Log     *slog.Logger
	Metrics *Metrics
	Rand    *rand.Rand // for the start stagger
}

// Monitor runs every check in the background: one goroutine per probed
// check, started after a random stagger, and one aggregator that applies
// thresholds, Inverted, Disabled, calculated checks and overrides. Queries
// read the result through Snapshot, one atomic load; a new snapshot is
// published only when a status changes.
type Monitor struct {
	opts    Options
	results chan probeResult
	snap    atomic.Pointer[Snapshot]

	mu      sync.Mutex // guards everything below; never taken by queries
	states  map[string]*state
	targets map[string]*targetState // load-balancer targets, by TargetCheck.ID
	runners map[string]*runner      // probe loops of checks and targets
	epoch   uint64
	ctx     context.Context
}

type runner struct {
	cancel context.CancelFunc
	epoch  uint64
}

type probeResult struct {
	id    string
	epoch uint64
	r     Result
}

// NewMonitor returns a monitor with no checks. Call Run to start probing.
func NewMonitor(opts Options) *Monitor {
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.Probe == nil {
		p := &Prober{Now: opts.Clock.Now}
		opts.Probe = p.Probe
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Rand == nil {
		opts.Rand = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	m := &Monitor{opts: opts, results: make(chan probeResult, 256), states: map[string]*state{}, targets: map[string]*targetState{}, runners: map[string]*runner{}}
	m.snap.Store(&Snapshot{healthy: map[string]bool{}})
	return m
}

// Snapshot is the current health, for queries. It is never nil.
func (m *Monitor) Snapshot() *Snapshot { return m.snap.Load() }

// Run aggregates probe results until ctx ends; checks given to Update
// before or while it runs are probed until then.
func (m *Monitor) Run(ctx context.Context) {
	m.mu.Lock()
	m.ctx = ctx
	for id := range m.states {
		m.startLocked(id, false)
	}
	m.startTargetsLocked()
	m.mu.Unlock()
	for {
		select {
		case <-ctx.Done():
			m.mu.Lock()
			for id, r := range m.runners {
				r.cancel()
				delete(m.runners, id)
			}
			m.mu.Unlock()
			return
		case pr := <-m.results:
			m.record(pr)
		}
	}
}

// Update replaces the set of checks (at start and on every reload). Checks
// whose definition is unchanged keep their status and their probe loop;
// new or changed ones start afresh, healthy; removed ones stop.
func (m *Monitor) Update(checks []Check) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.opts.Clock.Now()
	keep := map[string]bool{}
	var fresh []string
	for _, c := range checks {
		keep[c.ID] = true
		if old, ok := m.states[c.ID]; ok && reflect.DeepEqual(old.check, c) {
			continue
		}
		st := newState(c, now)
		if old, ok := m.states[c.ID]; ok {
			st.override = old.override
		}
		m.states[c.ID] = st
		m.stopLocked(c.ID)
		if m.ctx != nil {
			m.startLocked(c.ID, true)
		}
		fresh = append(fresh, c.ID)
	}
	for id := range m.states {
		if !keep[id] {
			m.stopLocked(id)
			delete(m.states, id)
			m.opts.Metrics.forget(id)
		}
	}
	m.settleLocked(now, true)
	for _, id := range fresh { // their starting status, set by settleLocked
		m.opts.Metrics.observeStatus(id, m.states[id].final)
	}
}

// SetOverride forces a check's status (healthy or unhealthy) until
// ClearOverride; it takes effect on the next query.
func (m *Monitor) SetOverride(id string, healthy bool) error {
	return m.override(id, &healthy)
}

// ClearOverride returns a check to its measured status.
func (m *Monitor) ClearOverride(id string) error { return m.override(id, nil) }

func (m *Monitor) override(id string, v *bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t, ok := m.targets[id]; ok {
		t.override = v
		if m.settleTargetLocked(id, t, m.opts.Clock.Now()) {
			m.publishLocked()
		}
		return nil
	}
	st, ok := m.states[id]
	if !ok {
		return fmt.Errorf("health check %q: %w", id, ErrUnknownCheck)
	}
	st.override = v
	m.settleLocked(m.opts.Clock.Now(), false)
	return nil
}

// Record applies one probe result for check id as if its probe loop had
// produced it: the explicit result path tests use.
func (m *Monitor) Record(id string, r Result) {
	m.mu.Lock()
	epoch := uint64(0)
	if rn := m.runners[id]; rn != nil {
		epoch = rn.epoch
	}
	m.mu.Unlock()
	m.record(probeResult{id: id, epoch: epoch, r: r})
}

func (m *Monitor) record(pr probeResult) {
	m.mu.Lock()
	defer m.mu.Unlock()
	current := uint64(0) // Record's epoch for a check without a loop
	if rn := m.runners[pr.id]; rn != nil {
		current = rn.epoch
	}
	if pr.epoch != current {
		return // from a probe loop that a reload replaced or stopped
	}
	if t, ok := m.targets[pr.id]; ok {
		m.applyTargetLocked(pr.id, t, pr.r)
		return
	}
	st, ok := m.states[pr.id]
	if !ok {
		return
	}
	m.opts.Metrics.observeProbe(pr.id, pr.r)
	if st.apply(pr.r) {
		m.opts.Log.Info("health check result flipped", "id", pr.id, "healthy", st.measured, "reason", pr.r.Reason)
	}
	m.settleAfterLocked(pr.id, m.opts.Clock.Now())
}

// settleLocked recomputes final statuses, endpoint checks first, then the
// calculated ones (which cannot nest), and publishes a snapshot when one
// changed or when force is set.
func (m *Monitor) settleLocked(now time.Time, force bool) {
	changed := force
	for _, calculated := range []bool{false, true} {
		for id, st := range m.states {
			if (st.check.HealthCheckConfig.Type == TypeCalculated) == calculated && m.settleOneLocked(id, st, now) {
				changed = true
			}
		}
	}
	if changed {
		m.publishLocked()
	}
}

// settleAfterLocked settles what one probe result can change: its own
// check and, when that changed, the calculated checks. A result costs
// O(calculated checks), not O(all checks).
func (m *Monitor) settleAfterLocked(id string, now time.Time) {
	st := m.states[id]
	if !m.settleOneLocked(id, st, now) {
		return
	}
	for cid, cst := range m.states {
		if cst.check.HealthCheckConfig.Type == TypeCalculated {
			m.settleOneLocked(cid, cst, now)
		}
	}
	m.publishLocked()
}

func (m *Monitor) settleOneLocked(id string, st *state, now time.Time) bool {
	if !st.settle(now, m.finalLocked) {
		return false
	}
	m.opts.Metrics.observeStatus(id, st.final)
	m.opts.Metrics.observeTransition(id)
	m.opts.Log.Info("health check status changed", "id", id, "status", word(st.final))
	return true
}

func (m *Monitor) finalLocked(id string) bool {
	if st, ok := m.states[id]; ok {
		return st.final
	}
	return true
}

// publishLocked stores a new snapshot for queries.
func (m *Monitor) publishLocked() {
	healthy := make(map[string]bool, len(m.states)+len(m.targets))
	for id, st := range m.states {
		healthy[id] = st.final
	}
	for id, t := range m.targets {
		healthy[id] = t.final
	}
	m.snap.Store(&Snapshot{healthy: healthy})
}

// freshStagger bounds the stagger of a check added while the monitor
// runs: it is probed at once, as Route 53 probes a check it just created,
// with a short spread so a reload that adds many does not send them in
// one burst.
const freshStagger = time.Second

// startLocked starts the probe loop of a check that needs one. Checks
// present at start are spread over their interval; a check added later
// (fresh) is probed within freshStagger.
func (m *Monitor) startLocked(id string, fresh bool) {
	st := m.states[id]
	cfg := st.check.HealthCheckConfig
	if cfg.Type == TypeCalculated || cfg.Disabled || m.runners[id] != nil {
		return
	}
	m.epoch++
	ctx, cancel := context.WithCancel(m.ctx)
	m.runners[id] = &runner{cancel: cancel, epoch: m.epoch}
	interval := time.Duration(cfg.Interval()) * time.Second
	spread := interval
	if fresh {
		spread = min(interval, freshStagger)
	}
	stagger := time.Duration(m.opts.Rand.Int64N(int64(spread)))
	go m.loop(ctx, id, m.epoch, cfg, stagger, interval)
}

func (m *Monitor) stopLocked(id string) {
	if rn := m.runners[id]; rn != nil {
		rn.cancel()
		delete(m.runners, id)
	}
}

// loop probes one check every interval, measured from the previous
// response to the next request (§3.2), after an initial stagger.
func (m *Monitor) loop(ctx context.Context, id string, epoch uint64, cfg Config, stagger, interval time.Duration) {
	wait := stagger
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.opts.Clock.After(wait):
		}
		r := m.opts.Probe(ctx, &cfg)
		if ended(ctx) {
			return // a probe cut short by the end is no result (Run may still take one)
		}
		select {
		case <-ctx.Done():
			return
		case m.results <- probeResult{id: id, epoch: epoch, r: r}:
		}
		wait = interval
	}
}

// ended reports whether ctx is done or past its deadline: a dial bounded
// by that deadline times out on its own timer, which may fire before the
// context's, so Err alone can still be nil.
func ended(ctx context.Context) bool {
	dl, ok := ctx.Deadline()
	return ctx.Err() != nil || ok && !time.Now().Before(dl)
}

// Statuses lists every check's status, and every load-balancer target's
// (Type ELB_TARGET), ordered by id.
func (m *Monitor) Statuses() []Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sweepLocked(m.opts.Clock.Now()) {
		m.publishLocked()
	}
	final := func(id string) bool {
		if st, ok := m.states[id]; ok {
			return st.final
		}
		return true
	}
	out := make([]Status, 0, len(m.states))
	for _, st := range m.states {
		out = append(out, st.status(final))
	}
	for _, t := range m.targets {
		out = append(out, t.status())
	}
	slices.SortFunc(out, func(a, b Status) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Status returns one check's status.
func (m *Monitor) Status(id string) (Status, bool) {
	for _, s := range m.Statuses() {
		if s.ID == id {
			return s, true
		}
	}
	return Status{}, false
}
