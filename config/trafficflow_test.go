package config

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/r53d/r53d/trafficflow"
	"github.com/r53d/r53d/zones"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flowFixture is the traffic-flow fixture as a file system to edit.
func flowFixture(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	entries, err := os.ReadDir("../testdata/lookup/flow")
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile("../testdata/lookup/flow/" + e.Name())
		require.NoError(t, err)
		fsys[e.Name()] = &fstest.MapFile{Data: data}
	}
	return fsys
}

func TestLoadTrafficFlow(t *testing.T) {
	gen, diags := LoadDir(flowFixture(t), "flow")
	require.Empty(t, diags.Errors(), "%v", diags)
	require.Len(t, gen.Zones, 1)
	require.NotNil(t, gen.Flows)
	assert.Len(t, gen.Flows.Policies, 4)
	assert.Len(t, gen.Flows.Instances, 4)
	assert.Equal(t, "flow/traffic-policy-instances.json", gen.Side[zones.TrafficPolicyInstances])
	www, ok := gen.Zones[0].Node("www.flow.test.")
	require.True(t, ok)
	set := www.Get(1)
	require.NotNil(t, set)
	require.NotNil(t, set.Policy.Flow)
	assert.Equal(t, "i-web", set.Policy.Flow.InstanceID)

	// The listing shows each policy record once, by its instance id.
	store, err := zones.NewStore()
	require.NoError(t, err)
	require.NoError(t, store.Publish(&gen.Generation))
	var listed []zones.ResourceRecordSet
	require.NoError(t, store.Read(func(tx *zones.Txn) error {
		page, _, err := tx.ListRecordSets("flow.test.", zones.RecordSetKey{}, 0)
		for _, rs := range page {
			listed = append(listed, rs.ResourceRecordSet())
		}
		return err
	}))
	var policyRecords []zones.ResourceRecordSet
	for _, rs := range listed {
		if rs.TrafficPolicyInstanceID != "" {
			policyRecords = append(policyRecords, rs)
		}
	}
	require.Len(t, policyRecords, 4, "%+v", listed)
	near := policyRecords[1]
	assert.Equal(t, []string{"near.flow.test.", "A", "i-near"}, []string{near.Name, near.Type, near.TrafficPolicyInstanceID})
	assert.Nil(t, near.TTL)
	assert.Empty(t, near.ResourceRecords)
	assert.Empty(t, near.SetIdentifier)
	assert.Len(t, listed, 10, "SOA, NS, ns A, lat-rs's three record sets and the four policy records; no rule is listed")
}

func TestTrafficFlowLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, old, new string
		wantFile, want       string
	}{
		{"unknown health check", "web.traffic-policy.json", `hc-euw1-a`, `hc-gone`, "flow/web.traffic-policy.json",
			`traffic policy web version 1: rule "euw1-fo": Primary.HealthCheck: health check \"hc-gone\" is not defined`},
		{"missing policy version", "traffic-policy-instances.json", `"TrafficPolicyVersion": 3`, `"TrafficPolicyVersion": 4`, "flow/traffic-policy-instances.json",
			"traffic policy instance i-near: traffic policy near version 4 does not exist"},
		{"no zone for the name", "traffic-policy-instances.json", `"www.flow.test."`, `"www.elsewhere.test."`, "flow/traffic-policy-instances.json",
			"traffic policy instance i-web: no hosted zone holds www.elsewhere.test."},
		{"type mismatch", "traffic-policy-instances.json", `"TrafficPolicyType": "A"`, `"TrafficPolicyType": "AAAA"`, "flow/traffic-policy-instances.json",
			"TrafficPolicyType AAAA differs from the policy's type A"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := flowFixture(t)
			text := string(fsys[tc.file].Data)
			require.Contains(t, text, tc.old)
			fsys[tc.file] = &fstest.MapFile{Data: []byte(strings.Replace(text, tc.old, tc.new, 1))}
			_, diags := LoadDir(fsys, "flow")
			errs := diags.Errors()
			require.NotEmpty(t, errs)
			found := false
			for _, d := range errs {
				if d.File == tc.wantFile && strings.Contains(d.Message, strings.ReplaceAll(tc.want, `\"`, `"`)) {
					found = true
					assert.Positive(t, d.Line)
				}
			}
			assert.True(t, found, "want %s: %s in %v", tc.wantFile, tc.want, errs)
		})
	}
}

func TestPolicyRecordConflictsWithRecordSet(t *testing.T) {
	fsys := flowFixture(t)
	fsys["flow.test.zone"].Data = append(fsys["flow.test.zone"].Data, []byte("www A 192.0.2.200\n")...)
	_, diags := LoadDir(fsys, "flow")
	require.Len(t, diags.Errors(), 1, "%v", diags)
	assert.Contains(t, diags.Errors()[0].Message, "traffic policy instance i-web: Tried to create resource record set [name='www.flow.test.', type='A'] but it already exists")
}

func TestUndeclaredResourceEndpointWarns(t *testing.T) {
	fsys := flowFixture(t)
	fsys["cdn.traffic-policy.json"] = &fstest.MapFile{Data: []byte(`{"TrafficPolicy": {"Id": "cdn", "Version": 1, "Name": "cdn", "Type": "A", "Document":
 {"AWSPolicyFormatVersion": "2015-10-01", "RecordType": "A", "StartEndpoint": "cf",
  "Endpoints": {"cf": {"Type": "cloudfront", "Value": "d111111abcdef8.cloudfront.net"}}}}}`)}
	_, diags := LoadDir(fsys, "flow")
	require.Empty(t, diags.Errors(), "%v", diags)
	require.Len(t, diags.Warnings(), 1)
	assert.Equal(t, "flow/cdn.traffic-policy.json", diags.Warnings()[0].File)
	assert.Contains(t, diags.Warnings()[0].Message, "endpoint cf: cloudfront d111111abcdef8.cloudfront.net. is not declared in aws-resources.json")
}

// TestReloadKeepsPolicyRecordOfBrokenPolicy: a policy record whose policy
// no longer loads fails its zone, so a reload keeps the zone's last good
// version (the record keeps answering) instead of dropping the record.
func TestReloadKeepsPolicyRecordOfBrokenPolicy(t *testing.T) {
	path := t.TempDir()
	for name, f := range flowFixture(t) {
		require.NoError(t, os.WriteFile(path+"/"+name, f.Data, 0o644))
	}
	store, err := zones.NewStore()
	require.NoError(t, err)
	dir, err := NewDir(path, store, DirOptions{})
	require.NoError(t, err)
	_, err = dir.Reload()
	require.NoError(t, err)
	hasWWW := func() bool {
		z, ok := store.View().Zone("flow.test.")
		require.True(t, ok)
		n, ok := z.Node("www.flow.test.")
		return ok && n.Get(1) != nil && n.Get(1).Policy != nil && n.Get(1).Policy.Flow != nil
	}
	require.True(t, hasWWW())
	require.NoError(t, os.WriteFile(path+"/web.traffic-policy.json", []byte(`{"TrafficPolicy": {"Id": "web"`), 0o644))
	res, _ := dir.Reload()
	require.NotEmpty(t, res.Errors)
	assert.True(t, hasWWW(), "the last good zone keeps answering")
}

// TestAPIRefusesToRewriteBrokenInstancesFile: an instances file that did
// not load is not overwritten from what did.
func TestAPIRefusesToRewriteBrokenInstancesFile(t *testing.T) {
	path := t.TempDir()
	for name, f := range flowFixture(t) {
		require.NoError(t, os.WriteFile(path+"/"+name, f.Data, 0o644))
	}
	require.NoError(t, os.WriteFile(path+"/traffic-policy-instances.json", []byte(`{"TrafficPolicyInstances": [{"Id": "x"`), 0o644))
	store, err := zones.NewStore()
	require.NoError(t, err)
	dir, err := NewDir(path, store, DirOptions{})
	require.NoError(t, err)
	_, _ = dir.Reload()
	var zoneID string
	require.NoError(t, store.Read(func(tx *zones.Txn) error {
		all, _, err := tx.ListZones("", 0)
		require.Len(t, all, 1)
		zoneID = all[0].ID
		return err
	}))
	_, err = dir.CreateTrafficPolicyInstance(trafficflow.InstanceInput{HostedZoneID: zoneID, Name: "a.flow.test.", TTL: 1, PolicyID: "web", PolicyVersion: 1})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "traffic-policy-instances.json did not load; fix it by hand first")
	data, err := os.ReadFile(path + "/traffic-policy-instances.json")
	require.NoError(t, err)
	assert.Equal(t, `{"TrafficPolicyInstances": [{"Id": "x"`, string(data))
}

// TestInstancesShowTheirZoneID: a hand-written policy record lists with
// the id of the zone holding it, whatever its HostedZoneId says.
func TestInstancesShowTheirZoneID(t *testing.T) {
	path := t.TempDir()
	for name, f := range flowFixture(t) {
		require.NoError(t, os.WriteFile(path+"/"+name, f.Data, 0o644))
	}
	store, err := zones.NewStore()
	require.NoError(t, err)
	dir, err := NewDir(path, store, DirOptions{})
	require.NoError(t, err)
	_, err = dir.Reload()
	require.NoError(t, err)
	near, err := dir.TrafficPolicyInstance("i-near")
	require.NoError(t, err)
	var zoneID string
	require.NoError(t, store.Read(func(tx *zones.Txn) error {
		hz, ok := tx.Zone("flow.test.")
		require.True(t, ok)
		zoneID = hz.ID
		return nil
	}))
	assert.Equal(t, zoneID, near.HostedZoneID)
	web, err := dir.TrafficPolicyInstance("i-web")
	require.NoError(t, err)
	assert.Equal(t, zoneID, web.HostedZoneID, "not the file's ZFLOW")
}
