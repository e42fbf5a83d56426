package healthcheck

import (
	"testing"
	"time"
)

func TestHistoryKeepsProbesAndChanges(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 2)})
	start := clock.Now()
	record(m, clock, "a", true, 2)
	record(m, clock, "a", false, 2) // the second failure flips it
	record(m, clock, "a", true, 2)  // the second success flips it back

	h, ok := m.History("a")
	if !ok {
		t.Fatal("no history for a")
	}
	if len(h.Probes) != 6 {
		t.Fatalf("probes = %d, want 6: %+v", len(h.Probes), h.Probes)
	}
	wantOK := []bool{true, true, false, false, true, true}
	for i, p := range h.Probes {
		if p.OK != wantOK[i] || !p.At.Equal(start.Add(time.Duration(i+1)*time.Second)) {
			t.Errorf("probe %d = %+v, want ok=%v at +%ds", i, p, wantOK[i], i+1)
		}
		if !p.OK && p.Reason == "" {
			t.Errorf("probe %d failed without its reason", i)
		}
	}
	want := []StatusEvent{{start.Add(4 * time.Second), Unhealthy, 4}, {start.Add(6 * time.Second), Healthy, 6}}
	if len(h.Changes) != len(want) {
		t.Fatalf("changes = %+v, want %+v", h.Changes, want)
	}
	for i, c := range h.Changes {
		if !c.At.Equal(want[i].At) || c.Status != want[i].Status || c.After != want[i].After {
			t.Errorf("change %d = %+v, want %+v", i, c, want[i])
		}
	}
}

// TestHistoryIsBounded: a check probed for days keeps only the last
// HistoryLen results, oldest first.
func TestHistoryIsBounded(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 1)})
	start := clock.Now()
	n := 3*HistoryLen + 7
	for i := range n {
		record(m, clock, "a", i%2 == 0, 1) // every result flips it
	}
	h, _ := m.History("a")
	if len(h.Probes) != HistoryLen || len(h.Changes) != HistoryLen || h.Seen != n {
		t.Fatalf("kept %d probes, %d changes; want %d of each", len(h.Probes), len(h.Changes), HistoryLen)
	}
	first := start.Add(time.Duration(n-HistoryLen+1) * time.Second)
	for i, p := range h.Probes {
		if at := first.Add(time.Duration(i) * time.Second); !p.At.Equal(at) {
			t.Fatalf("probe %d at %v, want %v (oldest first, newest kept)", i, p.At, at)
		}
	}
	if c := h.Changes[HistoryLen-1]; c.After != n {
		t.Errorf("newest change after %d results, want %d", c.After, n)
	}
	if last := h.Probes[HistoryLen-1]; !last.At.Equal(clock.Now()) {
		t.Errorf("newest probe at %v, want %v", last.At, clock.Now())
	}
}

func TestHistoryOverrideIsAChange(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 1)})
	if err := m.SetOverride("a", false); err != nil {
		t.Fatal(err)
	}
	h, _ := m.History("a")
	if len(h.Probes) != 0 || len(h.Changes) != 1 || h.Changes[0].Status != Unhealthy || !h.Changes[0].At.Equal(clock.Now()) {
		t.Fatalf("history after an override = %+v", h)
	}
	if _, ok := m.History("b"); ok {
		t.Error("history for an unknown check")
	}
}

// TestHistoryIsACopy: what History returns does not change under the
// caller when more results arrive.
func TestHistoryIsACopy(t *testing.T) {
	m, clock := testMonitor(t, nil)
	m.Update([]Check{endpoint("a", 1)})
	record(m, clock, "a", true, 1)
	h, _ := m.History("a")
	record(m, clock, "a", false, HistoryLen)
	if len(h.Probes) != 1 || !h.Probes[0].OK {
		t.Fatalf("an earlier History changed: %+v", h.Probes)
	}
}
