package answer

// under reports whether name is parent or below it. Both are lower-case
// FQDNs in presentation form. Unlike dns.IsSubDomain it allocates nothing:
// it runs for every CNAME and glue target.
func under(name, parent string) bool {
	switch {
	case parent == ".":
		return true
	case len(name) < len(parent):
		return false
	case len(name) == len(parent):
		return name == parent
	}
	cut := len(name) - len(parent)
	if name[cut:] != parent || name[cut-1] != '.' {
		return false
	}
	// The dot before parent must be a label separator, not an escaped
	// dot inside a label ("a\.example.test." is not under "example.test.").
	backslashes := 0
	for i := cut - 2; i >= 0 && name[i] == '\\'; i-- {
		backslashes++
	}
	return backslashes%2 == 0
}
