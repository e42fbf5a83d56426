package iam

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"
)

// family is what an operator compares.
type family int

const (
	strFamily family = iota
	arnFamily
	numFamily
	dateFamily
	boolFamily
	ipFamily
	nullFamily
)

// comparison is the relation of an ordered family (number, date) or the
// kind of string match.
type comparison int

const (
	equals comparison = iota
	like
	lessThan
	lessThanEquals
	greaterThan
	greaterThanEquals
)

// operator is a condition operator without its IfExists suffix or set
// qualifier. A negated operator is true when its positive form is false.
type operator struct {
	family     family
	cmp        comparison
	negated    bool
	ignoreCase bool
}

// qualifier is ForAllValues:, ForAnyValue: or neither.
type qualifier int

const (
	single qualifier = iota
	forAllValues
	forAnyValue
)

// condition is one operator/key pair with its policy values (OR).
type condition struct {
	name     string // as written, for messages
	op       operator
	set      qualifier
	ifExists bool
	key      string // lowercase: condition keys are case-insensitive
	values   []string
	numbers  []float64
	times    []time.Time
	prefixes []netip.Prefix
}

// lookupOperator knows IAM's condition operators by their exact names.
func lookupOperator(name string) (operator, bool) {
	ordered := map[string]comparison{"Equals": equals, "LessThan": lessThan, "LessThanEquals": lessThanEquals,
		"GreaterThan": greaterThan, "GreaterThanEquals": greaterThanEquals}
	switch name {
	case "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
		return operator{family: strFamily, negated: strings.Contains(name, "Not"), ignoreCase: strings.HasSuffix(name, "IgnoreCase")}, true
	case "StringLike", "StringNotLike":
		return operator{family: strFamily, cmp: like, negated: name == "StringNotLike"}, true
	case "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike":
		// IAM treats ArnEquals like ArnLike: both take wildcards.
		return operator{family: arnFamily, cmp: like, negated: strings.Contains(name, "Not")}, true
	case "Bool":
		return operator{family: boolFamily}, true
	case "Null":
		return operator{family: nullFamily}, true
	case "IpAddress", "NotIpAddress":
		return operator{family: ipFamily, negated: name == "NotIpAddress"}, true
	case "NumericNotEquals":
		return operator{family: numFamily, negated: true}, true
	case "DateNotEquals":
		return operator{family: dateFamily, negated: true}, true
	}
	for prefix, fam := range map[string]family{"Numeric": numFamily, "Date": dateFamily} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			if cmp, ok := ordered[rest]; ok {
				return operator{family: fam, cmp: cmp}, true
			}
		}
	}
	return operator{}, false
}

// parseConditions reads {operator: {key: value or [values]}}.
func parseConditions(v any, where string) ([]*condition, error) {
	block, err := object(v, where)
	if err != nil {
		return nil, err
	}
	var out []*condition
	for _, opName := range sortedKeys(block) {
		keys, err := object(block[opName], where+": "+opName)
		if err != nil {
			return nil, err
		}
		for _, key := range sortedKeys(keys) {
			c, err := parseCondition(opName, key, keys[key], fmt.Sprintf("%s: %s: %s", where, opName, key))
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	return out, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func parseCondition(name, key string, v any, where string) (*condition, error) {
	c := &condition{name: name, key: strings.ToLower(key)}
	base := name
	if rest, ok := strings.CutPrefix(base, "ForAllValues:"); ok {
		c.set, base = forAllValues, rest
	} else if rest, ok := strings.CutPrefix(base, "ForAnyValue:"); ok {
		c.set, base = forAnyValue, rest
	}
	if rest, ok := strings.CutSuffix(base, "IfExists"); ok && rest != "Null" {
		c.ifExists, base = true, rest
	}
	op, ok := lookupOperator(base)
	if !ok {
		return nil, fmt.Errorf("%s: unknown condition operator %q", where, name)
	}
	c.op = op
	if op.family == nullFamily && c.set != single {
		return nil, fmt.Errorf("%s: Null takes no ForAllValues/ForAnyValue qualifier", where)
	}
	if key == "" {
		return nil, fmt.Errorf("%s: empty condition key", where)
	}
	values, err := stringOrList(v, where)
	if err != nil {
		return nil, err
	}
	c.values = values
	if err := c.parseValues(where); err != nil {
		return nil, err
	}
	return c, nil
}

// parseValues checks and pre-parses typed policy values, so that a bad
// number, date, boolean or CIDR is a load error rather than a silent deny.
func (c *condition) parseValues(where string) error {
	for _, v := range c.values {
		switch c.op.family {
		case numFamily:
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return fmt.Errorf("%s: %q is not a number", where, v)
			}
			c.numbers = append(c.numbers, n)
		case dateFamily:
			t, ok := parseDate(v)
			if !ok {
				return fmt.Errorf("%s: %q is not an ISO 8601 date or epoch seconds", where, v)
			}
			c.times = append(c.times, t)
		case boolFamily, nullFamily:
			if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
				return fmt.Errorf("%s: %q must be true or false", where, v)
			}
		case ipFamily:
			p, err := parsePrefix(v)
			if err != nil {
				return fmt.Errorf("%s: %q is not an IP address or CIDR block", where, v)
			}
			c.prefixes = append(c.prefixes, p)
		}
	}
	return nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}

// parseDate reads ISO 8601 or epoch seconds, as aws:CurrentTime and
// aws:EpochTime carry them. A time without a zone is UTC.
func parseDate(s string) (time.Time, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), true
	}
	layouts := [...]string{
		time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04",
		"2006-01-02", "20060102T150405Z", "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04:05Z0700",
	}
	for _, layout := range layouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
