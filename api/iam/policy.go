package iam

import (
	"fmt"
	"strings"
)

// Policy language versions. Only 2012-10-17 knows policy variables.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// statement is one parsed policy statement, ready to evaluate.
type statement struct {
	origin string // `user "dev" policy "dns"`
	label  string // `statement "AllowDev"` or `statement 2`
	deny   bool

	actions   []string // lowercase globs
	notAction bool

	resources   []string // case-sensitive ARN globs
	notResource bool

	conditions []*condition
	variables  bool // ${...} is substituted (Version 2012-10-17)
}

func (s *statement) describe() string { return s.origin + " " + s.label }

// parsePolicies reads a Policies list of {PolicyName, PolicyDocument}.
func parsePolicies(v any, where, owner string) ([]*statement, error) {
	if v == nil {
		return nil, nil
	}
	items, err := list(v, where+": Policies")
	if err != nil {
		return nil, err
	}
	var all []*statement
	var names []string
	for i, item := range items {
		pw := fmt.Sprintf("%s: Policies[%d]", where, i)
		m, err := object(item, pw)
		if err != nil {
			return nil, err
		}
		name, err := identifier(m, "PolicyName", pw)
		if err != nil {
			return nil, err
		}
		pw = fmt.Sprintf("%s %q", pw, name)
		if err := onlyKeys(m, pw, "PolicyName", "PolicyDocument"); err != nil {
			return nil, err
		}
		if contains(names, name) {
			return nil, fmt.Errorf("%s: a policy of that name comes earlier", pw)
		}
		names = append(names, name)
		statements, err := parsePolicyDocument(m["PolicyDocument"], pw, owner+" policy "+quote(name))
		if err != nil {
			return nil, err
		}
		all = append(all, statements...)
	}
	return all, nil
}

// parsePolicyDocument reads {Version, Id, Statement}, given as an object or
// as a JSON string.
func parsePolicyDocument(v any, where, origin string) ([]*statement, error) {
	dw := where + ": PolicyDocument"
	if v == nil {
		return nil, fmt.Errorf("%s is missing", dw)
	}
	if s, ok := v.(string); ok {
		var err error
		if v, err = decodePolicyString(s); err != nil {
			return nil, fmt.Errorf("%s: %w", dw, err)
		}
	}
	doc, err := object(v, dw)
	if err != nil {
		return nil, err
	}
	if err := onlyKeys(doc, dw, "Version", "Id", "Statement"); err != nil {
		return nil, err
	}
	version := Version2008
	if raw, ok := doc["Version"]; ok {
		version, _ = raw.(string)
		if version != Version2012 && version != Version2008 {
			return nil, fmt.Errorf("%s: Version must be %s or %s", dw, Version2012, Version2008)
		}
	}
	raw, ok := doc["Statement"]
	if !ok {
		return nil, fmt.Errorf("%s: Statement is missing", dw)
	}
	return parseStatements(raw, where, origin, version == Version2012)
}

// parseStatements reads one statement object or a list of them.
func parseStatements(raw any, where, origin string, variables bool) ([]*statement, error) {
	items, isList := raw.([]any)
	if !isList {
		items = []any{raw}
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: Statement must not be an empty list", where)
	}
	var out []*statement
	var sids []string
	for i, item := range items {
		sw := where + ": Statement"
		if isList {
			sw = fmt.Sprintf("%s[%d]", sw, i)
		}
		m, err := object(item, sw)
		if err != nil {
			return nil, err
		}
		s := &statement{origin: origin, label: fmt.Sprintf("statement %d", i), variables: variables}
		if sid, ok := m["Sid"].(string); ok && sid != "" {
			sw = fmt.Sprintf("%s %q", sw, sid)
			s.label = "statement " + quote(sid)
			if contains(sids, sid) {
				return nil, fmt.Errorf("%s: Sid must be unique in a policy", sw)
			}
			sids = append(sids, sid)
		}
		if err := s.parse(m, sw); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// parse fills s from one statement object.
func (s *statement) parse(m map[string]any, where string) error {
	for _, k := range []string{"Principal", "NotPrincipal"} {
		if _, ok := m[k]; ok {
			return fmt.Errorf("%s: %s is not allowed in an identity-based policy", where, k)
		}
	}
	if err := onlyKeys(m, where, "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"); err != nil {
		return err
	}
	if sid, ok := m["Sid"]; ok {
		if _, isText := sid.(string); !isText {
			return fmt.Errorf("%s: Sid must be a string", where)
		}
	}
	switch m["Effect"] {
	case "Allow":
	case "Deny":
		s.deny = true
	default:
		return fmt.Errorf("%s: Effect must be Allow or Deny", where)
	}
	var err error
	if s.actions, s.notAction, err = oneOf(m, "Action", "NotAction", where); err != nil {
		return err
	}
	for i, a := range s.actions {
		if err := checkAction(a); err != nil {
			return fmt.Errorf("%s: %s", where, err)
		}
		s.actions[i] = strings.ToLower(a)
	}
	if s.resources, s.notResource, err = oneOf(m, "Resource", "NotResource", where); err != nil {
		return err
	}
	for _, r := range s.resources {
		if r != "*" && !strings.HasPrefix(r, "arn:") {
			return fmt.Errorf("%s: Resource %q must be \"*\" or an ARN (arn:aws:route53:::hostedzone/...)", where, r)
		}
	}
	if c, ok := m["Condition"]; ok {
		if s.conditions, err = parseConditions(c, where+": Condition"); err != nil {
			return err
		}
	}
	return nil
}

// oneOf reads exactly one of a field and its Not form.
func oneOf(m map[string]any, field, notField, where string) ([]string, bool, error) {
	v, has := m[field]
	nv, hasNot := m[notField]
	switch {
	case has && hasNot:
		return nil, false, fmt.Errorf("%s: has both %s and %s; use one", where, field, notField)
	case has:
		l, err := stringOrList(v, where+": "+field)
		return l, false, err
	case hasNot:
		l, err := stringOrList(nv, where+": "+notField)
		return l, true, err
	}
	return nil, false, fmt.Errorf("%s: needs %s or %s", where, field, notField)
}

// checkAction accepts "*" and "service:pattern".
func checkAction(a string) error {
	if a == "*" {
		return nil
	}
	service, name, ok := strings.Cut(a, ":")
	if !ok || service == "" || name == "" || strings.ContainsAny(a, " \t") {
		return fmt.Errorf("Action %q must be \"*\" or service:action (route53:ChangeResourceRecordSets, route53:Get*)", a)
	}
	return nil
}

// applies reports whether the statement covers this action on this
// resource with all its conditions true.
func (s *statement) applies(action, resource string, ctx map[string][]string) bool {
	action = strings.ToLower(action)
	matched := false
	for _, p := range s.actions {
		if glob(p, action) {
			matched = true
			break
		}
	}
	if matched == s.notAction {
		return false
	}
	matched = false
	for _, p := range s.resources {
		if p, ok := s.expand(p, ctx); ok && glob(p, resource) {
			matched = true
			break
		}
	}
	if matched == s.notResource {
		return false
	}
	for _, c := range s.conditions {
		if !c.holds(ctx, s) {
			return false
		}
	}
	return true
}

// expand substitutes policy variables when the policy's Version has them.
func (s *statement) expand(text string, ctx map[string][]string) (string, bool) {
	if !s.variables {
		return text, true
	}
	return substitute(text, ctx)
}
