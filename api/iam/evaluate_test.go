package iam

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// workedExample is the policy of Route 53's condition-key example: A and
// AAAA creates and upserts under lab.example, and never NS or SOA.
const workedExample = `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "route53:ChangeResourceRecordSets",
   "Resource": "arn:aws:route53:::hostedzone/Z0R53DLAB000000001",
   "Condition": {"ForAllValues:StringLike":   {"route53:ChangeResourceRecordSetsNormalizedRecordNames": ["*.lab.example", "lab.example"]},
                 "ForAllValues:StringEquals": {"route53:ChangeResourceRecordSetsRecordTypes": ["A", "AAAA"],
                                               "route53:ChangeResourceRecordSetsActions": ["CREATE", "UPSERT"]}}},
  {"Sid": "NoDelegationChanges", "Effect": "Deny", "Action": "route53:ChangeResourceRecordSets", "Resource": "*",
   "Condition": {"ForAnyValue:StringEquals": {"route53:ChangeResourceRecordSetsRecordTypes": ["NS", "SOA"]}}}]}`

const adminPolicy = `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "route53:*", "Resource": "*"}}`

func TestWorkedExample(t *testing.T) {
	u := userWith(t, workedExample)
	upsertWildcard := change{"UPSERT", "*.Lab.Example.", "A"}
	deleteTXT := change{"DELETE", "old.lab.example", "TXT"}

	req := crrs(testZone, upsertWildcard, deleteTXT)
	require.Equal(t, []string{`\052.lab.example`, "old.lab.example"}, req.Context[KeyNormalizedRecordNames])
	requireVerdict(t, implicitDeny, u.Evaluate(req))

	d := u.Evaluate(crrs(testZone, upsertWildcard))
	requireVerdict(t, allow, d)
	require.Equal(t, `allowed by user "alice" policy "p0" statement 0`, d.Reason)

	requireVerdict(t, implicitDeny, u.Evaluate(crrs("Z0OTHERZONE0000001", upsertWildcard)))

	ns := change{"UPSERT", "sub.lab.example", "NS"}
	d = u.Evaluate(crrs(testZone, upsertWildcard, ns))
	requireVerdict(t, explicitDeny, d)
	require.Equal(t, `explicit deny by user "alice" policy "p0" statement "NoDelegationChanges"`, d.Reason)

	// Even route53:* does not outweigh the Deny.
	admin := userWith(t, adminPolicy, workedExample)
	requireVerdict(t, explicitDeny, admin.Evaluate(crrs(testZone, ns)))
	requireVerdict(t, allow, admin.Evaluate(crrs(testZone, deleteTXT)))
}

func TestActionAndResourceMatching(t *testing.T) {
	cases := []struct {
		name, policy string
		req          Request
		want         verdict
	}{
		{"action case-insensitive", `{"Effect":"Allow","Action":"ROUTE53:getHOSTEDzone","Resource":"*"}`,
			Request{Action: "route53:GetHostedZone", Resource: HostedZoneARN("Z1")}, allow},
		{"action star", `{"Effect":"Allow","Action":"route53:Get*","Resource":"*"}`,
			Request{Action: "route53:GetHealthCheckStatus", Resource: HealthCheckARN("h")}, allow},
		{"action star no match", `{"Effect":"Allow","Action":"route53:Get*","Resource":"*"}`,
			Request{Action: "route53:ListHostedZones", Resource: "*"}, implicitDeny},
		{"action question mark", `{"Effect":"Allow","Action":"route53:?etChange","Resource":"*"}`,
			Request{Action: "route53:GetChange", Resource: ChangeARN("/change/C1")}, allow},
		{"other service", `{"Effect":"Allow","Action":"route53domains:*","Resource":"*"}`,
			Request{Action: "route53:GetChange", Resource: ChangeARN("C1")}, implicitDeny},
		{"everything", `{"Effect":"Allow","Action":"*","Resource":"*"}`,
			Request{Action: "route53:DeleteHostedZone", Resource: HostedZoneARN("Z1")}, allow},
		{"resource exact", `{"Effect":"Allow","Action":"route53:*","Resource":"arn:aws:route53:::hostedzone/Z1"}`,
			Request{Action: "route53:GetHostedZone", Resource: HostedZoneARN("/hostedzone/Z1")}, allow},
		{"resource case-sensitive", `{"Effect":"Allow","Action":"route53:*","Resource":"arn:aws:route53:::HostedZone/Z1"}`,
			Request{Action: "route53:GetHostedZone", Resource: HostedZoneARN("Z1")}, implicitDeny},
		{"resource glob", `{"Effect":"Allow","Action":"route53:*","Resource":"arn:aws:route53:::healthcheck/*"}`,
			Request{Action: "route53:GetHealthCheck", Resource: HealthCheckARN("0d3f")}, allow},
		{"resource glob wrong type", `{"Effect":"Allow","Action":"route53:*","Resource":"arn:aws:route53:::healthcheck/*"}`,
			Request{Action: "route53:GetHostedZone", Resource: HostedZoneARN("Z1")}, implicitDeny},
		{"star across colons", `{"Effect":"Allow","Action":"route53:*","Resource":"arn:aws:route53:*"}`,
			Request{Action: "route53:GetHostedZone", Resource: HostedZoneARN("Z1")}, allow},
		{"resource-less action needs *", `{"Effect":"Allow","Action":"route53:*","Resource":"arn:aws:route53:::hostedzone/*"}`,
			Request{Action: "route53:ListHostedZones", Resource: "*"}, implicitDeny},
		{"list of actions", `{"Effect":"Allow","Action":["route53:ListHostedZones","route53:GetHostedZoneCount"],"Resource":"*"}`,
			Request{Action: "route53:GetHostedZoneCount"}, allow},
		{"NotAction allow", `{"Effect":"Allow","NotAction":"route53:Delete*","Resource":"*"}`,
			Request{Action: "route53:CreateHostedZone", Resource: "*"}, allow},
		{"NotAction allow excluded", `{"Effect":"Allow","NotAction":"route53:Delete*","Resource":"*"}`,
			Request{Action: "route53:DeleteHostedZone", Resource: HostedZoneARN("Z1")}, implicitDeny},
		{"NotResource", `{"Effect":"Allow","Action":"route53:*","NotResource":"arn:aws:route53:::hostedzone/Zprod"}`,
			Request{Action: "route53:GetHostedZone", Resource: HostedZoneARN("Zlab")}, allow},
		{"NotResource excluded", `{"Effect":"Allow","Action":"route53:*","NotResource":"arn:aws:route53:::hostedzone/Zprod"}`,
			Request{Action: "route53:GetHostedZone", Resource: HostedZoneARN("Zprod")}, implicitDeny},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := userWith(t, `{"Version":"2012-10-17","Statement":[`+c.policy+`]}`)
			requireVerdict(t, c.want, u.Evaluate(c.req))
		})
	}
}

func TestDenyBeatsAllow(t *testing.T) {
	u := userWith(t, adminPolicy,
		`{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":["route53:Get*","route53:List*"],"Resource":"arn:aws:route53:::hostedzone/Zprod"}}`)
	requireVerdict(t, explicitDeny, u.Evaluate(Request{Action: "route53:DeleteHostedZone", Resource: HostedZoneARN("Zprod")}))
	requireVerdict(t, allow, u.Evaluate(Request{Action: "route53:GetHostedZone", Resource: HostedZoneARN("Zprod")}))
	requireVerdict(t, allow, u.Evaluate(Request{Action: "route53:DeleteHostedZone", Resource: HostedZoneARN("Zlab")}))

	none := userWith(t)
	d := none.Evaluate(Request{Action: "route53:ListHostedZones", Resource: "*"})
	requireVerdict(t, implicitDeny, d)
	require.Contains(t, d.Reason, "implicit deny")
}

func TestGroupInheritance(t *testing.T) {
	d, err := Parse("groups.yaml", []byte(`
Groups:
  - GroupName: readers
    Policies:
      - PolicyName: read
        PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["route53:Get*","route53:List*"],"Resource":"*"}]}'
  - GroupName: no-deletes
    Policies:
      - PolicyName: guard
        PolicyDocument:
          Statement: {Effect: Deny, Action: "route53:Delete*", Resource: "*"}
Users:
  - UserName: carol
    Groups: [readers, no-deletes]
    Policies:
      - PolicyName: own
        PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "route53:*", Resource: "*"}]}
  - UserName: dave
    Groups: readers
`))
	require.NoError(t, err)
	carol, _ := d.User("carol")
	dave, _ := d.User("dave")
	require.Equal(t, []string{"readers", "no-deletes"}, carol.Groups)

	dec := dave.Evaluate(Request{Action: "route53:ListHostedZones", Resource: "*"})
	requireVerdict(t, allow, dec)
	require.Equal(t, `allowed by group "readers" policy "read" statement "Read"`, dec.Reason)
	requireVerdict(t, implicitDeny, dave.Evaluate(Request{Action: "route53:CreateHostedZone", Resource: "*"}))

	requireVerdict(t, allow, carol.Evaluate(Request{Action: "route53:CreateHostedZone", Resource: "*"}))
	dec = carol.Evaluate(Request{Action: "route53:DeleteHostedZone", Resource: HostedZoneARN("Z1")})
	requireVerdict(t, explicitDeny, dec)
	require.Equal(t, `explicit deny by group "no-deletes" policy "guard" statement 0`, dec.Reason)
}

func TestPolicyVariables(t *testing.T) {
	stmt := `"Statement":{"Effect":"Allow","Action":"route53:*","Resource":"arn:aws:route53:::healthcheck/${aws:username}-*"}`
	req := Request{Action: "route53:GetHealthCheck", Resource: HealthCheckARN("alice-web")}

	requireVerdict(t, allow, userWith(t, `{"Version":"2012-10-17",`+stmt+`}`).Evaluate(req))
	// Without Version 2012-10-17, ${...} is literal text.
	requireVerdict(t, implicitDeny, userWith(t, `{`+stmt+`}`).Evaluate(req))
	req.Resource = HealthCheckARN("bob-web")
	requireVerdict(t, implicitDeny, userWith(t, `{"Version":"2012-10-17",`+stmt+`}`).Evaluate(req))

	cond := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"route53:*","Resource":"*",
	  "Condition":{"StringEquals":{"r53d:team":"${aws:username}-team","r53d:env":"${r53d:stage, 'lab'}"}}}}`
	u := userWith(t, cond)
	requireVerdict(t, allow, u.Evaluate(Request{Action: "route53:ListHostedZones",
		Context: map[string][]string{"r53d:team": {"alice-team"}, "r53d:env": {"lab"}}}))
	requireVerdict(t, implicitDeny, u.Evaluate(Request{Action: "route53:ListHostedZones",
		Context: map[string][]string{"r53d:team": {"bob-team"}, "r53d:env": {"lab"}}}))
	requireVerdict(t, allow, u.Evaluate(Request{Action: "route53:ListHostedZones",
		Context: map[string][]string{"r53d:team": {"alice-team"}, "r53d:stage": {"prod"}, "r53d:env": {"prod"}}}))
}

func TestDeniedMessage(t *testing.T) {
	u := userWith(t, workedExample)
	req := crrs(testZone, change{"CREATE", "www.example.org", "A"})
	require.Equal(t, "User: arn:aws:iam::000000000000:user/alice is not authorized to perform: "+
		"route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone/Z0R53DLAB000000001 "+
		"because no identity-based policy allows the route53:ChangeResourceRecordSets action",
		DeniedMessage(u, req, u.Evaluate(req)))

	req = crrs(testZone, change{"CREATE", "lab.example", "NS"})
	require.Equal(t, "User: arn:aws:iam::000000000000:user/alice is not authorized to perform: "+
		"route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone/Z0R53DLAB000000001 "+
		"with an explicit deny in an identity-based policy",
		DeniedMessage(u, req, u.Evaluate(req)))

	req = Request{Action: "route53:ListHostedZones", Resource: "*"}
	require.Equal(t, "User: arn:aws:iam::000000000000:user/alice is not authorized to perform: "+
		"route53:ListHostedZones because no identity-based policy allows the route53:ListHostedZones action",
		DeniedMessage(u, req, u.Evaluate(req)))
}

func TestAccountIDInARN(t *testing.T) {
	d, err := Parse("acct.json", []byte(`{"AccountId":"123456789012","Users":[{"UserName":"alice"}]}`))
	require.NoError(t, err)
	u, ok := d.User("alice")
	require.True(t, ok)
	require.Equal(t, "arn:aws:iam::123456789012:user/alice", u.ARN)
	require.Equal(t, "123456789012", d.AccountID())
}

// TestEvaluateConcurrently: a loaded user is read-only, so requests may be
// decided in parallel (run with -race).
func TestEvaluateConcurrently(t *testing.T) {
	u := userWith(t, workedExample, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"route53:Get*",
	  "Resource":"arn:aws:route53:::healthcheck/${aws:username}-*","Condition":{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}}}`)
	done := make(chan Decision, 8)
	for i := range 8 {
		go func() {
			req := crrs(testZone, change{"UPSERT", "a.lab.example", "A"})
			if i%2 == 1 {
				req = Request{Action: "route53:GetHealthCheck", Resource: HealthCheckARN("alice-1"),
					Context: map[string][]string{KeySourceIP: {"127.0.0.1"}}}
			}
			done <- u.Evaluate(req)
		}()
	}
	for range 8 {
		requireVerdict(t, allow, <-done)
	}
}
