package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// check FILE sees the whole directory: a zone file passes when a policy
// record of another zone is beside it, and a side file (resources,
// traffic policy, policy records) can be checked on its own.
func TestCheckOneFileWithPolicyRecordsAndSideFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	a := write("a.test.zone", "$ORIGIN a.test.\n@ 60 SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n")
	write("b.test.zone", "$ORIGIN b.test.\n@ 60 SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.2\n")
	policy := write("p.traffic-policy.json", `{"TrafficPolicy": {"Id": "p", "Version": 1, "Name": "p", "Type": "A",
"Document": "{\"AWSPolicyFormatVersion\": \"2015-10-01\", \"RecordType\": \"A\", \"StartEndpoint\": \"e\", \"Endpoints\": {\"e\": {\"Type\": \"value\", \"Value\": \"192.0.2.9\"}}}"}}`)
	instances := write("traffic-policy-instances.json", `{"TrafficPolicyInstances": [{"Id": "i", "Name": "www.b.test.", "TTL": 60, "TrafficPolicyId": "p", "TrafficPolicyVersion": 1}]}`)
	res := write("aws-resources.yaml", "Distributions:\n  - {Id: E1, DomainName: d1.cloudfront.net, Addresses: [192.0.2.80]}\n")

	var out strings.Builder
	require.NoError(t, runCheck(CheckOptions{Dir: a, Out: &out}), out.String())
	assert.Contains(t, out.String(), "zone a.test. serial 1")
	assert.NotContains(t, out.String(), "zone b.test.", "only the zones of the file")
	for _, side := range []string{policy, instances, res} {
		out.Reset()
		require.NoError(t, runCheck(CheckOptions{Dir: side, Out: &out}), "%s: %s", side, out.String())
		assert.NotContains(t, out.String(), "no zones", side)
	}
	assert.Contains(t, out.String(), "1 AWS resources, 0 load-balancer targets: OK")

	// A broken side file fails the check of a zone file that depends on it.
	write("aws-resources.yaml", "Distributions:\n  - {Id: E1, Addresses: [192.0.2.80]}\n")
	out.Reset()
	require.ErrorIs(t, runCheck(CheckOptions{Dir: res, Out: &out}), errCheckFailed)
	assert.Contains(t, out.String(), "aws-resources.yaml:2:")
}
