package iam

import (
	"fmt"
	"regexp"
)

// nameRE is IAM's character set for user, group and policy names.
var nameRE = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)

// accountRE is a 12-digit AWS account id.
var accountRE = regexp.MustCompile(`^[0-9]{12}$`)

// buildDirectory turns a decoded --iam document into a Directory: groups
// first, so that users can inherit their policies.
func buildDirectory(doc any) (*Directory, error) {
	top, err := object(doc, "top level")
	if err != nil {
		return nil, err
	}
	if err := onlyKeys(top, "top level", "AccountId", "Users", "Groups"); err != nil {
		return nil, err
	}
	d := &Directory{accountID: DefaultAccountID, keys: map[string]accessKey{}}
	if v, ok := top["AccountId"]; ok {
		s, _ := scalar(v)
		if !accountRE.MatchString(s) {
			return nil, fmt.Errorf("AccountId: must be 12 digits, not %v", v)
		}
		d.accountID = s
	}
	groups, err := buildGroups(top["Groups"])
	if err != nil {
		return nil, err
	}
	if err := d.addUsers(top["Users"], groups); err != nil {
		return nil, err
	}
	return d, nil
}

// group is a loaded IAM group: its name and its policies' statements.
type group struct {
	name       string
	statements []*statement
}

func buildGroups(v any) (map[string]*group, error) {
	groups := map[string]*group{}
	if v == nil {
		return groups, nil
	}
	items, err := list(v, "Groups")
	if err != nil {
		return nil, err
	}
	for i, item := range items {
		where := fmt.Sprintf("Groups[%d]", i)
		m, err := object(item, where)
		if err != nil {
			return nil, err
		}
		name, err := identifier(m, "GroupName", where)
		if err != nil {
			return nil, err
		}
		where = fmt.Sprintf("%s %q", where, name)
		if err := onlyKeys(m, where, "GroupName", "Policies"); err != nil {
			return nil, err
		}
		if _, dup := groups[name]; dup {
			return nil, fmt.Errorf("%s: a group of that name comes earlier", where)
		}
		statements, err := parsePolicies(m["Policies"], where, "group "+quote(name))
		if err != nil {
			return nil, err
		}
		groups[name] = &group{name: name, statements: statements}
	}
	return groups, nil
}

func (d *Directory) addUsers(v any, groups map[string]*group) error {
	if v == nil {
		return nil
	}
	items, err := list(v, "Users")
	if err != nil {
		return err
	}
	for i, item := range items {
		where := fmt.Sprintf("Users[%d]", i)
		m, err := object(item, where)
		if err != nil {
			return err
		}
		name, err := identifier(m, "UserName", where)
		if err != nil {
			return err
		}
		where = fmt.Sprintf("%s %q", where, name)
		if err := onlyKeys(m, where, "UserName", "Groups", "AccessKeys", "Policies"); err != nil {
			return err
		}
		if _, dup := d.User(name); dup {
			return fmt.Errorf("%s: a user of that name comes earlier", where)
		}
		u := &User{Name: name, ARN: "arn:aws:iam::" + d.accountID + ":user/" + name, account: d.accountID}
		u.statements, err = parsePolicies(m["Policies"], where, "user "+quote(name))
		if err != nil {
			return err
		}
		if err := u.join(m["Groups"], groups, where); err != nil {
			return err
		}
		d.users = append(d.users, u)
		if err := d.addKeys(m["AccessKeys"], u, where); err != nil {
			return err
		}
	}
	return nil
}

// join makes u a member of the named groups, inheriting their statements.
func (u *User) join(v any, groups map[string]*group, where string) error {
	if v == nil {
		return nil
	}
	names, err := stringOrList(v, where+": Groups")
	if err != nil {
		return err
	}
	for i, name := range names {
		g, ok := groups[name]
		if !ok {
			return fmt.Errorf("%s: Groups[%d]: no group %q in Groups", where, i, name)
		}
		if contains(u.Groups, name) {
			return fmt.Errorf("%s: Groups[%d]: group %q is listed twice", where, i, name)
		}
		u.Groups = append(u.Groups, name)
		u.statements = append(u.statements, g.statements...)
	}
	return nil
}

func (d *Directory) addKeys(v any, u *User, where string) error {
	if v == nil {
		return nil
	}
	items, err := list(v, where+": AccessKeys")
	if err != nil {
		return err
	}
	for i, item := range items {
		kw := fmt.Sprintf("%s: AccessKeys[%d]", where, i)
		m, err := object(item, kw)
		if err != nil {
			return err
		}
		if err := onlyKeys(m, kw, "AccessKeyId", "SecretAccessKey", "Status"); err != nil {
			return err
		}
		id, err := text(m, "AccessKeyId", kw)
		if err != nil {
			return err
		}
		if !keyIDRE.MatchString(id) {
			return fmt.Errorf("%s: AccessKeyId %q must be letters and digits (16 to 128)", kw, id)
		}
		secret, err := text(m, "SecretAccessKey", kw)
		if err != nil {
			return err
		}
		if other, dup := d.keys[id]; dup {
			return fmt.Errorf("%s: AccessKeyId %q is already a key of user %q", kw, id, other.user.Name)
		}
		status := "Active"
		if st, ok := m["Status"]; ok {
			status, _ = st.(string)
		}
		if status != "Active" && status != "Inactive" {
			return fmt.Errorf("%s: Status must be Active or Inactive", kw)
		}
		d.keys[id] = accessKey{user: u, secret: secret, active: status == "Active"}
	}
	return nil
}

// keyIDRE is IAM's access key id form, which also keeps '/' (the SigV4
// credential separator) out.
var keyIDRE = regexp.MustCompile(`^\w{16,128}$`)

// identifier reads a required IAM name field.
func identifier(m map[string]any, field, where string) (string, error) {
	name, err := text(m, field, where)
	if err != nil {
		return "", err
	}
	if !nameRE.MatchString(name) {
		return "", fmt.Errorf("%s: %s %q may hold only letters, digits and +=,.@_-", where, field, name)
	}
	return name, nil
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
