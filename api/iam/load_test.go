package iam

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLoadErrorsNameTheFault(t *testing.T) {
	dev := func(statements string) string {
		return `{"Users":[{"UserName":"admin"},{"UserName":"dev","Policies":[{"PolicyName":"dns","PolicyDocument":
		  {"Version":"2012-10-17","Statement":[` + statements + `]}}]}]}`
	}
	ok := `{"Effect":"Allow","Action":"route53:*","Resource":"*"}`
	cases := []struct{ name, doc, want string }{
		{"effect", dev(ok + `,` + ok + `,{"Effect":"allow","Action":"route53:*","Resource":"*"}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[2]: Effect must be Allow or Deny`},
		{"principal", dev(`{"Effect":"Allow","Principal":"*","Action":"route53:*","Resource":"*"}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0]: Principal is not allowed in an identity-based policy`},
		{"not principal", dev(`{"Sid":"X","Effect":"Deny","NotPrincipal":{"AWS":"*"},"Action":"route53:*","Resource":"*"}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0] "X": NotPrincipal is not allowed in an identity-based policy`},
		{"action and not action", dev(`{"Effect":"Allow","Action":"route53:*","NotAction":"route53:Delete*","Resource":"*"}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0]: has both Action and NotAction; use one`},
		{"no resource", dev(`{"Effect":"Allow","Action":"route53:*"}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0]: needs Resource or NotResource`},
		{"bad action", dev(`{"Effect":"Allow","Action":"ChangeResourceRecordSets","Resource":"*"}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0]: Action "ChangeResourceRecordSets" must be "*" or service:action (route53:ChangeResourceRecordSets, route53:Get*)`},
		{"bad resource", dev(`{"Effect":"Allow","Action":"route53:*","Resource":"hostedzone/Z1"}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0]: Resource "hostedzone/Z1" must be "*" or an ARN (arn:aws:route53:::hostedzone/...)`},
		{"unknown statement key", dev(`{"Effect":"Allow","Action":"route53:*","Resource":"*","Conditions":{}}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0]: unknown field "Conditions" (allowed: Sid, Effect, Action, NotAction, Resource, NotResource, Condition)`},
		{"unknown operator", dev(`{"Effect":"Allow","Action":"route53:*","Resource":"*","Condition":{"StringMatches":{"aws:username":"dev"}}}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0]: Condition: StringMatches: aws:username: unknown condition operator "StringMatches"`},
		{"NullIfExists", dev(`{"Effect":"Allow","Action":"route53:*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0]: Condition: NullIfExists: aws:username: unknown condition operator "NullIfExists"`},
		{"bad cidr", dev(`{"Effect":"Allow","Action":"route53:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0]: Condition: IpAddress: aws:SourceIp: "10.0.0.0/33" is not an IP address or CIDR block`},
		{"bad date", dev(`{"Effect":"Allow","Action":"route53:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[0]: Condition: DateLessThan: aws:CurrentTime: "tomorrow" is not an ISO 8601 date or epoch seconds`},
		{"duplicate sid", dev(`{"Sid":"A","Effect":"Allow","Action":"route53:*","Resource":"*"},{"Sid":"A","Effect":"Allow","Action":"route53:*","Resource":"*"}`),
			`iam.yaml: Users[1] "dev": Policies[0] "dns": Statement[1] "A": Sid must be unique in a policy`},
		{"unknown policy key",
			`{"Users":[{"UserName":"dev","Policies":[{"PolicyName":"dns","PolicyDocument":{"Version":"2012-10-17","Statements":[]}}]}]}`,
			`iam.yaml: Users[0] "dev": Policies[0] "dns": PolicyDocument: unknown field "Statements" (allowed: Version, Id, Statement)`},
		{"bad version",
			`{"Users":[{"UserName":"dev","Policies":[{"PolicyName":"dns","PolicyDocument":{"Version":"2012-10-18","Statement":[]}}]}]}`,
			`iam.yaml: Users[0] "dev": Policies[0] "dns": PolicyDocument: Version must be 2012-10-17 or 2008-10-17`},
		{"policy string not JSON",
			`{"Users":[{"UserName":"dev","Policies":[{"PolicyName":"dns","PolicyDocument":"{Version: 2012-10-17}"}]}]}`,
			`iam.yaml: Users[0] "dev": Policies[0] "dns": PolicyDocument: not valid JSON: invalid character 'V' looking for beginning of object key string`},
		{"duplicate key id",
			`{"Users":[{"UserName":"a","AccessKeys":[{"AccessKeyId":"AKIAR53DSAME00000001","SecretAccessKey":"x"}]},
			           {"UserName":"b","AccessKeys":[{"AccessKeyId":"AKIAR53DSAME00000001","SecretAccessKey":"y"}]}]}`,
			`iam.yaml: Users[1] "b": AccessKeys[0]: AccessKeyId "AKIAR53DSAME00000001" is already a key of user "a"`},
		{"key without secret", `{"Users":[{"UserName":"a","AccessKeys":[{"AccessKeyId":"AKIAR53DSAME00000001"}]}]}`,
			`iam.yaml: Users[0] "a": AccessKeys[0]: SecretAccessKey is missing`},
		{"missing group", `{"Groups":[{"GroupName":"developers"}],"Users":[{"UserName":"dev","Groups":["developers","devs"]}]}`,
			`iam.yaml: Users[0] "dev": Groups[1]: no group "devs" in Groups`},
		{"duplicate user", `{"Users":[{"UserName":"dev"},{"UserName":"dev"}]}`,
			`iam.yaml: Users[1] "dev": a user of that name comes earlier`},
		{"unknown top-level key", `{"Users":[],"Roles":[]}`,
			`iam.yaml: top level: unknown field "Roles" (allowed: AccountId, Users, Groups)`},
		{"unknown user key", `{"Users":[{"UserName":"dev","Password":"x"}]}`,
			`iam.yaml: Users[0] "dev": unknown field "Password" (allowed: UserName, Groups, AccessKeys, Policies)`},
		{"bad account", `{"AccountId":"42","Users":[]}`, `iam.yaml: AccountId: must be 12 digits, not 42`},
		{"bad user name", `{"Users":[{"UserName":"dev ops"}]}`,
			`iam.yaml: Users[0]: UserName "dev ops" may hold only letters, digits and +=,.@_-`},
		{"empty", "  \n", `iam.yaml: the file is empty`},
		{"group policy", `{"Groups":[{"GroupName":"g","Policies":[{"PolicyName":"p","PolicyDocument":{"Statement":{"Effect":"Allow","Action":"route53:*"}}}]}]}`,
			`iam.yaml: Groups[0] "g": Policies[0] "p": Statement: needs Resource or NotResource`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("iam.yaml", []byte(c.doc))
			require.EqualError(t, err, c.want)
		})
	}
}

func TestPolicyDocumentForms(t *testing.T) {
	const doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"route53:List*","Resource":"*"}]}`
	for name, file := range map[string]string{
		"object":      `{"Users":[{"UserName":"u","Policies":[{"PolicyName":"p","PolicyDocument":` + doc + `}]}]}`,
		"JSON string": `{"Users":[{"UserName":"u","Policies":[{"PolicyName":"p","PolicyDocument":"` + jsonEscape(doc) + `"}]}]}`,
		"URL-encoded": `{"Users":[{"UserName":"u","Policies":[{"PolicyName":"p","PolicyDocument":"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22route53%3AList%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D"}]}]}`,
		"YAML":        "Users:\n  - UserName: u\n    Policies:\n      - PolicyName: p\n        PolicyDocument: '" + doc + "'\n",
	} {
		t.Run(name, func(t *testing.T) {
			d, err := Parse("iam", []byte(file))
			require.NoError(t, err)
			u, _ := d.User("u")
			requireVerdict(t, allow, u.Evaluate(Request{Action: "route53:ListHostedZones", Resource: "*"}))
			requireVerdict(t, implicitDeny, u.Evaluate(Request{Action: "route53:GetChange", Resource: ChangeARN("C1")}))
		})
	}
}

func jsonEscape(s string) string {
	out := ""
	for _, r := range s {
		if r == '"' {
			out += `\`
		}
		out += string(r)
	}
	return out
}

func TestKeys(t *testing.T) {
	d, err := Parse("keys.yaml", []byte(`
Users:
  - UserName: dev
    AccessKeys:
      - {AccessKeyId: AKIAR53DDEV000000001, SecretAccessKey: s1}
      - {AccessKeyId: AKIAR53DDEV000000002, SecretAccessKey: s2, Status: Inactive}
`))
	require.NoError(t, err)
	u, secret, ok := d.Key("AKIAR53DDEV000000001")
	require.True(t, ok)
	require.Equal(t, "dev", u.Name)
	require.Equal(t, "s1", secret)
	_, _, ok = d.Key("AKIAR53DDEV000000002")
	require.False(t, ok, "inactive key")
	_, _, ok = d.Key("AKIAR53DNOPE00000001")
	require.False(t, ok)
	var none *Directory
	_, _, ok = none.Key("AKIAR53DDEV000000001")
	require.False(t, ok)
}

func TestLoadNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "iam.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"Users":[{"UserName":"dev","Groups":["x"]}]}`), 0o600))
	_, err := Load(path)
	require.EqualError(t, err, path+`: Users[0] "dev": Groups[0]: no group "x" in Groups`)
	_, err = Load(filepath.Join(t.TempDir(), "missing.yaml"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestYAMLScalarsKeepTheirText(t *testing.T) {
	d, err := Parse("plain.yaml", []byte(`
AccountId: 000000000042
Users:
  - UserName: u
    AccessKeys: [{AccessKeyId: 1234567890123456, SecretAccessKey: 0x1F}]
    Policies:
      - PolicyName: p
        PolicyDocument:
          Version: 2012-10-17
          Statement: {Effect: Allow, Action: "route53:*", Resource: "arn:aws:route53:::healthcheck/${aws:username}",
                      Condition: {Bool: {aws:SecureTransport: false}, NumericLessThan: {r53d:n: 1e3}}}
`))
	require.NoError(t, err)
	require.Equal(t, "000000000042", d.AccountID())
	u, secret, ok := d.Key("1234567890123456")
	require.True(t, ok)
	require.Equal(t, "0x1F", secret)
	req := Request{Action: "route53:GetHealthCheck", Resource: HealthCheckARN("u"),
		Context: map[string][]string{KeySecureTransport: {"false"}, "r53d:n": {"999"}}}
	requireVerdict(t, allow, u.Evaluate(req)) // ${aws:username} expanded: Version was read as text
}

func TestYAMLRefusals(t *testing.T) {
	for name, c := range map[string]struct{ doc, want string }{
		"duplicate key": {"Users: []\nUsers: []\n", "y.yaml: line 2: key \"Users\" appears twice"},
		"alias bomb": {`a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
`, "y.yaml: YAML too large or too deeply nested (aliases?)"},
		"not YAML": {"Users: [\n", ""},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("y.yaml", []byte(c.doc))
			require.Error(t, err)
			if c.want != "" {
				require.EqualError(t, err, c.want)
			}
		})
	}
	// YAML flow style that is not JSON still loads.
	d, err := Parse("flow.yaml", []byte(`{Users: [{UserName: u}]}`))
	require.NoError(t, err)
	require.Len(t, d.Users(), 1)
}
