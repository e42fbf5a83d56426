package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A hand-written policy record may leave out State and TrafficPolicyType;
// a loaded one is applied and answers its policy's type, and listings
// say so as Route 53's do.
func TestInstanceStateAndTypeFilledOnLoad(t *testing.T) {
	fsys := flowFixture(t)
	gen, diags := LoadDir(fsys, "flow")
	require.Empty(t, diags.Errors(), "%v", diags)
	byID := map[string]string{}
	for _, in := range gen.Flows.Instances {
		byID[in.ID] = in.State + " " + in.TrafficPolicyType
	}
	assert.Equal(t, "Applied A", byID["i-near"], "as the file gives them")
	fsys["traffic-policy-instances.json"].Data = []byte(`{"TrafficPolicyInstances": [
  {"Id": "i-bare", "Name": "www.flow.test.", "TTL": 45, "TrafficPolicyId": "web", "TrafficPolicyVersion": 1}]}`)
	gen, diags = LoadDir(fsys, "flow")
	require.Empty(t, diags.Errors(), "%v", diags)
	require.Len(t, gen.Flows.Instances, 1)
	assert.Equal(t, "Applied", gen.Flows.Instances[0].State)
	assert.Equal(t, "A", gen.Flows.Instances[0].TrafficPolicyType)
}
