package iam

import (
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// holds evaluates the condition against the request context:
//   - a missing key (or one without values) makes IfExists true,
//     ForAllValues true, ForAnyValue false, a negated operator true and
//     any other false; Null asks exactly whether it is missing;
//   - ForAllValues: every request value satisfies the operator;
//   - ForAnyValue: at least one does;
//   - no qualifier: some request value matches some policy value, negated
//     operators requiring that none does.
func (c *condition) holds(ctx map[string][]string, s *statement) bool {
	values := ctx[c.key]
	present := len(values) > 0
	if c.op.family == nullFamily {
		for _, v := range c.values {
			if strings.EqualFold(v, "true") != present {
				return true
			}
		}
		return false
	}
	if !present {
		switch {
		case c.ifExists, c.set == forAllValues:
			return true
		case c.set == forAnyValue:
			return false
		}
		return c.op.negated
	}
	satisfies := func(v string) bool { return c.matchesAny(v, ctx, s) != c.op.negated }
	switch c.set {
	case forAllValues:
		for _, v := range values {
			if !satisfies(v) {
				return false
			}
		}
		return true
	case forAnyValue:
		for _, v := range values {
			if satisfies(v) {
				return true
			}
		}
		return false
	}
	for _, v := range values {
		if c.matchesAny(v, ctx, s) {
			return !c.op.negated
		}
	}
	return c.op.negated
}

// matchesAny reports whether one request value matches any policy value
// under the operator's positive form.
func (c *condition) matchesAny(v string, ctx map[string][]string, s *statement) bool {
	switch c.op.family {
	case numFamily:
		n, err := strconv.ParseFloat(v, 64)
		return err == nil && anyOrdered(c.numbers, c.op.cmp, func(p float64) int { return compareFloat(n, p) })
	case dateFamily:
		t, ok := parseDate(v)
		return ok && anyOrdered(c.times, c.op.cmp, func(p time.Time) int { return t.Compare(p) })
	case boolFamily:
		for _, p := range c.values {
			if strings.EqualFold(v, p) {
				return true
			}
		}
		return false
	case ipFamily:
		a, err := netip.ParseAddr(v)
		if err != nil {
			return false
		}
		a = a.Unmap().WithZone("")
		for _, p := range c.prefixes {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return c.matchesText(v, ctx, s)
}

// matchesText compares strings and ARNs, after policy variables.
func (c *condition) matchesText(v string, ctx map[string][]string, s *statement) bool {
	for _, p := range c.values {
		p, ok := s.expand(p, ctx)
		if !ok {
			continue
		}
		switch {
		case c.op.cmp == like && glob(p, v):
			return true
		case c.op.cmp == equals && c.op.ignoreCase && strings.EqualFold(p, v):
			return true
		case c.op.cmp == equals && p == v:
			return true
		}
	}
	return false
}

// anyOrdered reports whether the request value stands in relation cmp to
// some policy value; compare returns request <=> policy.
func anyOrdered[T any](policy []T, cmp comparison, compare func(T) int) bool {
	for _, p := range policy {
		r := compare(p)
		var ok bool
		switch cmp {
		case equals:
			ok = r == 0
		case lessThan:
			ok = r < 0
		case lessThanEquals:
			ok = r <= 0
		case greaterThan:
			ok = r > 0
		case greaterThanEquals:
			ok = r >= 0
		}
		if ok {
			return true
		}
	}
	return false
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
