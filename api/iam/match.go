package iam

import "strings"

// glob matches IAM's wildcards: '*' any run of characters (':' and '/'
// included), '?' exactly one character. Case is the caller's business.
func glob(pattern, s string) bool {
	if pattern == "*" {
		return true
	}
	if !strings.ContainsAny(pattern, "*?") {
		return pattern == s
	}
	p, t := []rune(pattern), []rune(s)
	pi, ti := 0, 0
	star, mark := -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0: // let the last '*' take one more character
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// substitute replaces policy variables: ${key} by the key's single value
// in the request context, ${key, 'default'} by the default when the key is
// missing, and ${*}, ${?}, ${$} by the literal character. It reports false
// when a variable has no value, so the element does not match.
func substitute(text string, ctx map[string][]string) (string, bool) {
	if !strings.Contains(text, "${") {
		return text, true
	}
	var b strings.Builder
	for {
		start := strings.Index(text, "${")
		if start < 0 {
			b.WriteString(text)
			return b.String(), true
		}
		end := strings.IndexByte(text[start:], '}')
		if end < 0 {
			b.WriteString(text)
			return b.String(), true
		}
		b.WriteString(text[:start])
		value, ok := variable(text[start+2:start+end], ctx)
		if !ok {
			return "", false
		}
		b.WriteString(value)
		text = text[start+end+1:]
	}
}

func variable(expr string, ctx map[string][]string) (string, bool) {
	switch expr {
	case "*", "?", "$":
		return expr, true
	}
	key, def, hasDefault := strings.Cut(expr, ",")
	values := ctx[strings.ToLower(strings.TrimSpace(key))]
	if len(values) == 1 {
		return values[0], true
	}
	if len(values) > 1 { // multivalued keys cannot be variables
		return "", false
	}
	def = strings.TrimSpace(def)
	if hasDefault && len(def) >= 2 && def[0] == '\'' && def[len(def)-1] == '\'' {
		return def[1 : len(def)-1], true
	}
	return "", false
}
