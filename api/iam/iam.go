// Package iam loads IAM-style users, groups and identity policies and
// evaluates requests against them the way IAM does for identity-based
// policies. (Contract stub: to be replaced by the implementation.)
package iam

import "errors"

// Directory is a loaded --iam file: users, their access keys and groups.
type Directory struct{}

// User is one IAM user.
type User struct {
	Name string
	ARN  string // arn:aws:iam::ACCOUNT:user/NAME
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

// Load reads an --iam file (YAML or JSON).
func Load(path string) (*Directory, error) { return nil, errors.New("iam: not implemented") }

// Parse reads an --iam document; name is used in error messages.
func Parse(name string, data []byte) (*Directory, error) {
	return nil, errors.New("iam: not implemented")
}

// Key returns the user an access key belongs to and its secret.
func (d *Directory) Key(accessKeyID string) (u *User, secret string, ok bool) { return nil, "", false }

// Evaluate decides req for u: explicit Deny beats Allow beats implicit deny.
func (u *User) Evaluate(req Request) Decision { return Decision{} }

// DeniedMessage words an AccessDenied as AWS does.
func DeniedMessage(u *User, req Request, d Decision) string { return "" }
