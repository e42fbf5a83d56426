package healthcheck

import "time"

// Status is one check's state as every view shows it.
type Status struct {
	ID   string `json:"Id"`
	Type string `json:"Type"`
	// Status is "Healthy" or "Unhealthy": the value routing policies use,
	// after Inverted, Disabled, calculation and any override.
	Status string `json:"Status"`
	// Measured is the status before an override ("Healthy"/"Unhealthy").
	Measured string `json:"Measured"`
	// Override is nil, "Healthy" or "Unhealthy".
	Override          *string `json:"Override"`
	Inverted          bool    `json:"Inverted"`
	Disabled          bool    `json:"Disabled"`
	Target            string  `json:"Target,omitempty"`
	LastResult        string  `json:"LastResult,omitempty"` // "Success", "Failure" or "" before the first probe
	LastCheckedAt     *string `json:"LastCheckedAt"`        // RFC 3339, nil before the first probe
	LastChangedAt     string  `json:"LastChangedAt"`        // RFC 3339: when Status last changed (or the check was added)
	LastFailureReason string  `json:"LastFailureReason"`
	LastLatencyMs     float64 `json:"LastLatencyMs"`
	Transitions       int     `json:"Transitions"`
	// A load-balancer target (Type ELB_TARGET) also has its group, its
	// state as describe-target-health prints it (initial, healthy,
	// unhealthy, draining, unused) and ELB's reason code for it.
	TargetGroup  string    `json:"TargetGroup,omitempty"`
	TargetState  string    `json:"TargetState,omitempty"`
	TargetReason string    `json:"TargetReason,omitempty"`
	changedAt    time.Time // for ordering and tests
}

// Healthy and Unhealthy are the two values of Status.Status.
const (
	Healthy   = "Healthy"
	Unhealthy = "Unhealthy"
)

func word(healthy bool) string {
	if healthy {
		return Healthy
	}
	return Unhealthy
}

// Snapshot is the health every query reads: an immutable map from check
// id to the status policies use. A check it does not know is healthy
// (Route 53 counts a new check healthy).
type Snapshot struct {
	healthy map[string]bool
}

// Healthy reports the status policies use for check id.
func (s *Snapshot) Healthy(id string) bool {
	if s == nil {
		return true
	}
	h, ok := s.healthy[id]
	return h || !ok
}

// Len is the number of checks in the snapshot.
func (s *Snapshot) Len() int { return len(s.healthy) }
