package cmd

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runTestCmd runs r53d test with args and returns its output and exit
// status as main would set it.
func runTestCmd(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := NewRootCmd(&out, &errOut)
	root.SetArgs(append([]string{"test"}, args...))
	err := root.Execute()
	if err != nil {
		status = 1
		var code interface{ ExitCode() int }
		if errors.As(err, &code) {
			status = code.ExitCode()
		}
		assert.True(t, IsReported(err), "r53d test prints its own errors: %v", err)
	}
	return out.String(), errOut.String(), status
}

// CI runs the demo's own scenario file: every case passes.
func TestDemoScenarioFilePasses(t *testing.T) {
	out, errOut, status := runTestCmd(t, "--geoip-db", testGeoDB)
	require.Equal(t, 0, status, out+errOut)
	assert.Regexp(t, `^ok: \d+ passed, 0 failed, 0 skipped, 0 bad, in 1 file\(s\)`, lastLine(out))
	// The file covers every routing policy of the demo zone, its aliases
	// to load balancers and its traffic-policy record.
	data, err := os.ReadFile("demo/tests/demo.yaml")
	require.NoError(t, err)
	for _, name := range []string{"weighted", "latency", "failover", "outage", "geo", "near", "pool", "ipb", "shop", "ha", "lb", "nlb", "flow"} {
		assert.Contains(t, string(data), "question: "+name+".demo.test", name)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// Exit status 1 for a failed case, with a JUnit report; 2 for a
// malformed file, its error positioned.
func TestScenarioExitStatus(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "tests"), 0o755))
	writeFile(t, dir, "tests/a.yaml", "cases:\n  - question: www.lab.test\n    expect: {answer: [192.0.2.1], ttl: 60}\n")
	out, _, status := runTestCmd(t, "--zones", dir)
	assert.Equal(t, 0, status, out)

	writeFile(t, dir, "tests/b.yaml", "cases:\n  - question: www.lab.test\n    expect: {answer: [192.0.2.2]}\n")
	junit := filepath.Join(dir, "report.xml")
	out, _, status = runTestCmd(t, "--zones", dir, "--junit", junit)
	assert.Equal(t, 1, status)
	assert.Contains(t, out, "answer: expected [192.0.2.2], got [192.0.2.1]")
	data, err := os.ReadFile(junit)
	require.NoError(t, err)
	var report struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Failures int    `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(data, &report))
	require.Len(t, report.Suites, 2)
	assert.Equal(t, 1, report.Suites[1].Failures)

	writeFile(t, dir, "tests/c.yaml", "cases:\n  - question: www.lab.test\n    expect: {answr: [192.0.2.1]}\n")
	_, errOut, status := runTestCmd(t, "--zones", dir, "--junit", junit)
	assert.Equal(t, 2, status)
	where := filepath.Join(dir, "tests", "c.yaml") + ":3:14: cases[0].expect.answr: unknown field"
	assert.Contains(t, errOut, where)
	data, err = os.ReadFile(junit)
	require.NoError(t, err)
	var errReport struct {
		Suites []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Error struct {
					Message string `xml:"message,attr"`
				} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(data, &errReport))
	require.Len(t, errReport.Suites, 1, "the malformed file only")
	assert.Contains(t, errReport.Suites[0].Cases[0].Error.Message, where)

	// A file named on the command line runs alone.
	out, _, status = runTestCmd(t, "--zones", dir, filepath.Join(dir, "tests", "a.yaml"))
	assert.Equal(t, 0, status, out)
}

// --update writes the snapshots into the file on disk.
func TestScenarioUpdate(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "tests"), 0o755))
	file := filepath.Join(dir, "tests", "s.yaml")
	writeFile(t, dir, "tests/s.yaml", "# mine\ncases:\n  - question: www.lab.test\n    snapshot: true\n")
	_, _, status := runTestCmd(t, "--zones", dir)
	assert.Equal(t, 1, status, "no snapshot yet")
	out, _, status := runTestCmd(t, "--zones", dir, "--update")
	require.Equal(t, 0, status, out)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "# mine\ncases:\n  - question: www.lab.test\n    snapshot: true\n    expect: {answer: [192.0.2.1], ttl: 60}\n", string(data))
	_, _, status = runTestCmd(t, "--zones", dir)
	assert.Equal(t, 0, status)
}

// A load-balancer target a scenario forces must be one the resources file
// declares: a typo would otherwise force nothing and the case pass for the
// wrong reason.
func TestScenarioTargetsMustBeDeclared(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lab.test.zone", goodZone)
	writeFile(t, dir, "aws-resources.json", `{"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
  "DNSName": "web-1.us-east-1.elb.amazonaws.com", "LoadBalancerName": "web", "Type": "application", "Scheme": "internet-facing",
  "AvailabilityZones": [{"ZoneName": "us-east-1a", "LoadBalancerAddresses": [{"IpAddress": "192.0.2.50"}]}]}],
 "TargetGroups": [{"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1", "TargetGroupName": "web",
  "Protocol": "HTTP", "Port": 80, "LoadBalancerArns": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"],
  "Targets": [{"Id": "192.0.2.60", "Port": 80, "AvailabilityZone": "us-east-1a"}]}]}`)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "tests"), 0o755))
	writeFile(t, dir, "tests/a.yaml", "cases:\n  - question: www.lab.test\n    health: {targets-down: [web/192.0.2.60:80]}\n    expect: {answer: [192.0.2.1]}\n")
	out, errOut, status := runTestCmd(t, "--zones", dir)
	assert.Equal(t, 0, status, out+errOut)

	writeFile(t, dir, "tests/a.yaml", "cases:\n  - question: www.lab.test\n    health: {targets-down: [web/192.0.2.61:80]}\n    expect: {answer: [192.0.2.1]}\n")
	out, errOut, status = runTestCmd(t, "--zones", dir)
	assert.Equal(t, 2, status)
	assert.Contains(t, out+errOut, "target/web/192.0.2.61:80")
}

// A file named relative to the zones directory is found from any working
// directory (the working directory's own file first).
func TestTestFileRelativeToZones(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "z.test.zone"), []byte("$ORIGIN z.test.\n@ 60 SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "tests"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tests", "ns.yaml"), []byte("cases:\n  - question: ns.z.test A\n    expect: {answer: [192.0.2.1]}\n"), 0o644))
	out, errOut, status := runTestCmd(t, "--zones", dir, "tests/ns.yaml")
	require.Equal(t, 0, status, out+errOut)
	assert.Contains(t, lastLine(out), "1 passed")
	_, errOut, status = runTestCmd(t, "--zones", dir, "tests/none.yaml")
	assert.Equal(t, 2, status)
	assert.Contains(t, errOut, "tests/none.yaml")
}
