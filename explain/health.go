package explain

import (
	"maps"
	"slices"
	"strings"

	"github.com/r53d/r53d/policy"
)

// Statuses is a fixed health view by check id; a check it does not name
// is healthy, as Route 53 counts a new check.
type Statuses map[string]bool

func (s Statuses) Healthy(id string) bool {
	if v, ok := s[id]; ok {
		return v
	}
	return true
}

// WhatIf forces some checks' statuses over a base view (nil: every check
// healthy).
type WhatIf struct {
	Base   policy.Health
	Forced Statuses
}

func (w WhatIf) Healthy(id string) bool {
	if v, ok := w.Forced[id]; ok {
		return v
	}
	if w.Base == nil {
		return true
	}
	return w.Base.Healthy(id)
}

// ForcedHealth is the what-if Health over base: its summary names the
// forced checks, then what every other check counts as.
func ForcedHealth(base Health, forced Statuses) Health {
	if len(forced) == 0 {
		return base
	}
	h := Health{Source: "what-if", Admin: base.Admin, At: base.At, Forced: map[string]string{}}
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(forced)) {
		st := "unhealthy"
		if forced[id] {
			st = "healthy"
		}
		h.Forced[id] = st
		parts = append(parts, id+" "+st)
	}
	h.Summary = "what-if: " + strings.Join(parts, ", ") + " (forced); every other check: " + base.Summary
	return h
}
