package zones

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Diagnostic is one problem found while loading any file of a zones
// directory (master files, record sets, health checks, CIDR collections,
// the latency table): where it is, which rule it breaks, and what to do.
// It is the one positioned error users see; packages below zones (geo,
// healthcheck) report field-level errors that the loader positions.
// Warnings do not stop a zone from loading.
type Diagnostic struct {
	File    string
	Line    int // 0 when the position is not known
	Col     int
	Rule    string // short rule name, e.g. "cname-exclusive"
	Message string
	Warning bool
}

func (d Diagnostic) Error() string {
	pos := d.File
	if d.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", d.File, d.Line, max(d.Col, 1))
	}
	kind := ""
	if d.Warning {
		kind = "warning: "
	}
	return fmt.Sprintf("%s: %s%s [%s]", pos, kind, d.Message, d.Rule)
}

// Diagnostics is every problem of one load. As an error it reads as all of
// its errors, one per line.
type Diagnostics []Diagnostic

// Errors returns the diagnostics that are not warnings.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if !d.Warning {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns the diagnostics that are warnings.
func (ds Diagnostics) Warnings() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Warning {
			out = append(out, d)
		}
	}
	return out
}

func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// Sort orders by file, line and column so output is stable.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// YAMLDiagnostic positions a YAML or JSON syntax or type error of file.
func YAMLDiagnostic(file string, err error) Diagnostic { return yamlError(file, err) }

// ValidLocationName tells whether s is a CIDR location name Route 53
// accepts: 1 to 16 of [0-9A-Za-z_-].
func ValidLocationName(s string) bool { return locationText.MatchString(s) }
