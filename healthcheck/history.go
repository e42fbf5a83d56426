package healthcheck

import "time"

// HistoryLen is how many probe results and status changes a check keeps
// for people to look at: at the default 30 s interval, half an hour.
const HistoryLen = 60

// ProbeEvent is one probe result as the history keeps it.
type ProbeEvent struct {
	At     time.Time
	OK     bool
	Reason string // why it failed; "" on success
	Detail string // what a passed probe saw (Result.Detail)
}

// StatusEvent is one change of the status policies use.
type StatusEvent struct {
	At     time.Time
	Status string // Healthy or Unhealthy: the status from At on
	// After is how many probe results the check had when it changed: the
	// change follows result After-1 of all results ever, so a timeline
	// places it without comparing clocks.
	After int
}

// History is a check's recent probe results and status changes, oldest
// first, at most HistoryLen of each.
type History struct {
	ID      string
	Probes  []ProbeEvent
	Changes []StatusEvent
	// Seen is how many probe results the check has had in all; Probes
	// are the last of them.
	Seen int
}

// ring keeps the last HistoryLen values appended to it. It belongs to a
// state, so only the aggregator writes it, under the monitor's lock;
// queries never read it.
type ring[T any] struct {
	buf  [HistoryLen]T
	next int // where the next value goes
	n    int // values kept, up to HistoryLen
}

func (r *ring[T]) add(v T) {
	r.buf[r.next] = v
	r.next = (r.next + 1) % HistoryLen
	r.n = min(r.n+1, HistoryLen)
}

// list copies the kept values, oldest first.
func (r *ring[T]) list() []T {
	out := make([]T, 0, r.n)
	start := (r.next - r.n + HistoryLen) % HistoryLen
	for i := range r.n {
		out = append(out, r.buf[(start+i)%HistoryLen])
	}
	return out
}

// history is the bounded record a state keeps of itself.
type history struct {
	probes  ring[ProbeEvent]
	changes ring[StatusEvent]
	seen    int // probe results ever
}

func (h *history) probe(r Result) {
	h.probes.add(ProbeEvent{At: r.At, OK: r.OK, Reason: r.Reason, Detail: r.Detail})
	h.seen++
}

func (h *history) change(at time.Time, healthy bool) {
	h.changes.add(StatusEvent{At: at, Status: word(healthy), After: h.seen})
}

// History returns check id's recent probe results and status changes.
// It takes the monitor's lock, as Statuses does: it is for the admin
// server, never for queries, which read only Snapshot.
func (m *Monitor) History(id string) (History, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var h *history // a check's or a load-balancer target's
	if st, ok := m.states[id]; ok {
		h = &st.hist
	} else if t, ok := m.targets[id]; ok {
		h = &t.hist
	}
	if h == nil {
		return History{}, false
	}
	return History{ID: id, Probes: h.probes.list(), Changes: h.changes.list(), Seen: h.seen}, true
}
