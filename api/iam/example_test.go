package iam

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExampleFile loads the --iam example the user documentation shows (and
// the same in JSON, its policy as a JSON string) and checks what its dev
// user may and may not do.
func TestExampleFile(t *testing.T) {
	for _, name := range []string{"example.yaml", "example.json"} {
		t.Run(name, func(t *testing.T) { testExampleFile(t, name) })
	}
}

func testExampleFile(t *testing.T, name string) {
	d, err := Load(filepath.Join("testdata", name))
	require.NoError(t, err)
	dev, secret, ok := d.Key("AKIAR53DDEV000000001")
	require.True(t, ok)
	require.Equal(t, "dev", dev.Name)
	require.Equal(t, "arn:aws:iam::000000000000:user/dev", dev.ARN)
	require.NotEmpty(t, secret)
	admin, _, ok := d.Key("AKIAR53DADMIN0000001")
	require.True(t, ok)

	cases := []struct {
		name      string
		req       Request
		dev, boss verdict
	}{
		{"UPSERT A api.dev.example.com", crrs(testZone, change{"UPSERT", "api.dev.example.com.", "A"}), allow, allow},
		{"CREATE CNAME www.dev.example.com", crrs(testZone, change{"CREATE", "www.dev.example.com", "CNAME"}), allow, allow},
		{"DELETE A at dev.example.com", crrs(testZone, change{"DELETE", "dev.example.com", "A"}), allow, allow},
		{"wildcard under dev", crrs(testZone, change{"UPSERT", "*.dev.example.com", "A"}), allow, allow},
		{"TXT under dev", crrs(testZone, change{"UPSERT", "api.dev.example.com", "TXT"}), implicitDeny, allow},
		{"A outside dev", crrs(testZone, change{"UPSERT", "api.example.com", "A"}), implicitDeny, allow},
		{"look-alike name", crrs(testZone, change{"UPSERT", "api.notdev.example.com", "A"}), implicitDeny, allow},
		{"one change outside dev spoils the batch", crrs(testZone,
			change{"UPSERT", "api.dev.example.com", "A"}, change{"UPSERT", "www.example.com", "A"}), implicitDeny, allow},
		{"DeleteHostedZone", Request{Action: "route53:DeleteHostedZone", Resource: HostedZoneARN(testZone)}, implicitDeny, allow},
		{"CreateHostedZone", Request{Action: "route53:CreateHostedZone", Resource: "*"}, implicitDeny, allow},
		{"ListResourceRecordSets", Request{Action: "route53:ListResourceRecordSets", Resource: HostedZoneARN(testZone)}, allow, allow},
		{"GetChange", Request{Action: "route53:GetChange", Resource: ChangeARN("C1")}, allow, allow},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			requireVerdict(t, c.dev, dev.Evaluate(c.req))
			requireVerdict(t, c.boss, admin.Evaluate(c.req))
		})
	}
	req := Request{Action: "route53:DeleteHostedZone", Resource: HostedZoneARN(testZone)}
	require.Equal(t, "User: arn:aws:iam::000000000000:user/dev is not authorized to perform: route53:DeleteHostedZone "+
		"on resource: arn:aws:route53:::hostedzone/Z0R53DLAB000000001 because no identity-based policy allows the route53:DeleteHostedZone action",
		DeniedMessage(dev, req, dev.Evaluate(req)))
}
