package healthcheck

import (
	"fmt"
	"strconv"
	"strings"
)

// Matcher is an ELB target group's HttpCode matcher: the HTTP status
// codes a health check accepts, as "200", a range "200-299", or a list
// "200,202" (ranges allowed in it).
type Matcher []CodeRange

// CodeRange is one inclusive range of HTTP status codes.
type CodeRange struct{ Low, High int }

// ParseMatcher reads an HttpCode value. Codes must be 100 to 599; lo and
// hi, when not 0, narrow that (an ALB accepts 200-499, an NLB 200-599).
func ParseMatcher(s string, lo, hi int) (Matcher, error) {
	if lo == 0 {
		lo, hi = 100, 599
	}
	var m Matcher
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		a, b, isRange := strings.Cut(part, "-")
		low, err := code(a, lo, hi)
		if err != nil {
			return nil, err
		}
		high := low
		if isRange {
			if high, err = code(b, lo, hi); err != nil {
				return nil, err
			}
			if high < low {
				return nil, fmt.Errorf("range %q runs backwards", part)
			}
		}
		m = append(m, CodeRange{low, high})
	}
	return m, nil
}

func code(s string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not an HTTP status code", s)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%d is outside %d-%d", n, lo, hi)
	}
	return n, nil
}

// Match tells whether status is one of the codes.
func (m Matcher) Match(status int) bool {
	for _, r := range m {
		if r.Low <= status && status <= r.High {
			return true
		}
	}
	return false
}

func (m Matcher) String() string {
	parts := make([]string, len(m))
	for i, r := range m {
		parts[i] = strconv.Itoa(r.Low)
		if r.High != r.Low {
			parts[i] += "-" + strconv.Itoa(r.High)
		}
	}
	return strings.Join(parts, ",")
}
