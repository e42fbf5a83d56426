// Package iam loads IAM-style users, groups and identity policies and
// evaluates requests against them the way IAM does for identity-based
// policies: an explicit Deny beats an Allow, which beats the implicit deny
// every request starts with.
package iam

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// DefaultAccountID is the account in user ARNs when the file names none.
const DefaultAccountID = "000000000000"

// Directory is a loaded --iam file: users, their access keys and groups.
// It is immutable once loaded and safe for concurrent use.
type Directory struct {
	accountID string
	users     []*User
	keys      map[string]accessKey
}

type accessKey struct {
	user   *User
	secret string
	active bool // inactive keys are kept so that a reused id is still refused
}

// User is one IAM user. Its fields must not be modified.
type User struct {
	Name string
	ARN  string // arn:aws:iam::ACCOUNT:user/NAME
	// Groups the user is a member of, in the file's order.
	Groups []string

	account    string
	statements []*statement
}

// Request is one authorization question. Context keys are condition keys
// (any case); each has one or more values (multivalued keys several).
type Request struct {
	Action   string // "route53:ChangeResourceRecordSets"
	Resource string // "arn:aws:route53:::hostedzone/Z..." or "*"
	Context  map[string][]string
}

// Decision is the outcome of an evaluation.
type Decision struct {
	Allowed      bool
	ExplicitDeny bool
	// Reason says which policy and statement decided, for logs.
	Reason string
}

// Load reads an --iam file (YAML or JSON). Errors name the file.
func Load(path string) (*Directory, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("iam: %w", err)
	}
	return Parse(path, data)
}

// Parse reads an --iam document; name is used in error messages, which
// also name the user, group, policy and statement at fault.
func Parse(name string, data []byte) (*Directory, error) {
	doc, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d, err := buildDirectory(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return d, nil
}

// Key returns the user an access key belongs to and its secret. Inactive
// keys are not found.
func (d *Directory) Key(accessKeyID string) (u *User, secret string, ok bool) {
	if d == nil {
		return nil, "", false
	}
	k, ok := d.keys[accessKeyID]
	if !ok || !k.active {
		return nil, "", false
	}
	return k.user, k.secret, true
}

// Users returns the users in the file's order. The slice is the caller's.
func (d *Directory) Users() []*User {
	if d == nil {
		return nil
	}
	return append([]*User(nil), d.users...)
}

// User returns the user with this name.
func (d *Directory) User(name string) (*User, bool) {
	for _, u := range d.Users() {
		if u.Name == name {
			return u, true
		}
	}
	return nil, false
}

// AccountID is the account of every user ARN.
func (d *Directory) AccountID() string { return d.accountID }

// Evaluate decides req for u: explicit Deny beats Allow beats implicit
// deny. The order of policies and statements does not matter.
func (u *User) Evaluate(req Request) Decision {
	if u == nil {
		return Decision{Reason: "implicit deny: no user"}
	}
	if req.Resource == "" {
		req.Resource = "*"
	}
	ctx := u.context(req.Context)
	var allow *statement
	for _, s := range u.statements {
		if !s.applies(req.Action, req.Resource, ctx) {
			continue
		}
		if s.deny {
			return Decision{ExplicitDeny: true, Reason: "explicit deny by " + s.describe()}
		}
		if allow == nil {
			allow = s
		}
	}
	if allow != nil {
		return Decision{Allowed: true, Reason: "allowed by " + allow.describe()}
	}
	return Decision{Reason: fmt.Sprintf("implicit deny: none of the %d statements of %s's policies allows %s on %s",
		len(u.statements), u.Name, req.Action, req.Resource)}
}

// context is the request's context with lowercase keys, plus the keys IAM
// fills in for every request of a user.
func (u *User) context(in map[string][]string) map[string][]string {
	ctx := make(map[string][]string, len(in)+4)
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic merge of keys differing only in case
	for _, k := range keys {
		lk := strings.ToLower(k)
		ctx[lk] = append(ctx[lk], in[k]...)
	}
	for k, v := range map[string]string{
		"aws:username":         u.Name,
		"aws:principalarn":     u.ARN,
		"aws:principaltype":    "User",
		"aws:principalaccount": u.account,
	} {
		if _, ok := ctx[k]; !ok {
			ctx[k] = []string{v}
		}
	}
	return ctx
}

// DeniedMessage words an AccessDenied as AWS does. Actions on "*" name no
// resource.
func DeniedMessage(u *User, req Request, d Decision) string {
	who := "anonymous"
	if u != nil {
		who = u.ARN
	}
	on := ""
	if req.Resource != "" && req.Resource != "*" {
		on = " on resource: " + req.Resource
	}
	if d.ExplicitDeny {
		return fmt.Sprintf("User: %s is not authorized to perform: %s%s with an explicit deny in an identity-based policy",
			who, req.Action, on)
	}
	return fmt.Sprintf("User: %s is not authorized to perform: %s%s because no identity-based policy allows the %s action",
		who, req.Action, on, req.Action)
}
