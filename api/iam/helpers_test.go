package iam

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

const testZone = "Z0R53DLAB000000001"

// userWith loads a directory whose only user, alice, has the given policy
// documents (JSON) attached, and returns alice.
func userWith(t *testing.T, docs ...string) *User {
	t.Helper()
	policies := make([]any, len(docs))
	for i, doc := range docs {
		var v any
		require.NoError(t, json.Unmarshal([]byte(doc), &v), doc)
		policies[i] = map[string]any{"PolicyName": fmt.Sprintf("p%d", i), "PolicyDocument": v}
	}
	file, err := json.Marshal(map[string]any{"Users": []any{map[string]any{
		"UserName": "alice", "Policies": policies,
		"AccessKeys": []any{map[string]any{"AccessKeyId": "AKIAR53DALICE0000001", "SecretAccessKey": "s"}},
	}}})
	require.NoError(t, err)
	d, err := Parse("test.json", file)
	require.NoError(t, err)
	u, _, ok := d.Key("AKIAR53DALICE0000001")
	require.True(t, ok)
	return u
}

// change is one change of a ChangeResourceRecordSets batch.
type change struct{ action, name, rrType string }

// crrs is the authorization question of one ChangeResourceRecordSets call.
func crrs(zone string, changes ...change) Request {
	ctx := map[string][]string{}
	for _, c := range changes {
		AddRecordChange(ctx, c.action, c.name, c.rrType)
	}
	return Request{Action: "route53:ChangeResourceRecordSets", Resource: HostedZoneARN(zone), Context: ctx}
}

// verdict is an expected outcome.
type verdict int

const (
	implicitDeny verdict = iota
	allow
	explicitDeny
)

func (v verdict) String() string { return [...]string{"implicit deny", "allow", "explicit deny"}[v] }

func requireVerdict(t *testing.T, want verdict, d Decision) {
	t.Helper()
	got := implicitDeny
	switch {
	case d.Allowed && d.ExplicitDeny:
		t.Fatalf("decision both allows and denies: %+v", d)
	case d.Allowed:
		got = allow
	case d.ExplicitDeny:
		got = explicitDeny
	}
	require.Equal(t, want.String(), got.String(), d.Reason)
}
