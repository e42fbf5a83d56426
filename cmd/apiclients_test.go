package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The Route 53 API tests drive r53d with real clients: the AWS CLI and the
// AWS SDK for Go v2. This file holds what they share: the users of the
// --iam file, a serve with the API on, and the CLI runner.

// iamExample is the --iam file docs/iam.md shows (and the README): an
// admin who may do everything, and a dev user who reads everything but
// changes only A and CNAME records at or under dev.example.com. The API
// tests run with it, so the documented example is what is tested.
const iamExample = "../api/iam/testdata/example.yaml"

// The access keys of iamExample.
const (
	adminKeyID  = "AKIAR53DADMIN0000001"
	adminSecret = "admin-secret-change-me-0000000000000000"
	devKeyID    = "AKIAR53DDEV000000001"
	devSecret   = "dev-secret-change-me-00000000000000000"
)

// handZone is a master file in the zones directory of the API tests.
const handZone = "$ORIGIN hand.test.\n$TTL 60\n@ SOA ns h 1 7200 900 1209600 5\n@ NS ns\nns A 192.0.2.53\nwww A 192.0.2.80\n"

// apiServe is a serve with the Route 53 API on its admin port, on a zones
// directory that outlives it (for restarts).
type apiServe struct {
	*serving
	zones, iam string
	log        *lockedWriter
}

// startAPIServe runs serve on zones with iamExample as --iam (copied
// beside, never inside, the zones directory) until the test ends.
func startAPIServe(t *testing.T, zones string) *apiServe {
	t.Helper()
	// A hand-written zone beside the API's: its records live in a master
	// file, which the API lists but does not rewrite.
	require.NoError(t, os.WriteFile(filepath.Join(zones, "hand.test.zone"), []byte(handZone), 0o644))
	example, err := os.ReadFile(iamExample)
	require.NoError(t, err)
	iamFile := filepath.Join(t.TempDir(), "iam.yaml")
	require.NoError(t, os.WriteFile(iamFile, example, 0o600))
	return restartAPIServe(t, &apiServe{zones: zones, iam: iamFile})
}

// restartAPIServe starts serve again on s's zones directory and --iam file.
func restartAPIServe(t *testing.T, s *apiServe) *apiServe {
	t.Helper()
	logs := &lockedWriter{}
	sv, err := launchServe(t, ServeOptions{Zones: s.zones, IAMFile: s.iam, Listen: "127.0.0.1:0", Admin: "127.0.0.1:0",
		LogLevel: "info", Log: logs, Watch: true})
	if err != nil {
		t.Fatalf("serve: %v\n%s", err, logs.String())
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("serve's log:\n%s", logs.String())
		}
	})
	return &apiServe{serving: sv, zones: s.zones, iam: s.iam, log: logs}
}

func (s *apiServe) endpoint() string { return "http://" + s.admin }

// awsPath finds the AWS CLI: Debian's /usr/bin/aws, else aws on PATH.
// Missing, the test skips saying what to install, except under CI, which
// installs it: there its absence fails the test.
func awsPath(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/aws"); err == nil {
		return "/usr/bin/aws"
	}
	if p, err := exec.LookPath("aws"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("the AWS CLI is not installed; CI must install it (apt-get install awscli)")
	}
	t.Skip("the AWS CLI is not installed: apt-get install awscli to test the Route 53 API with it")
	return ""
}

// awsCLI runs `aws route53` against one endpoint as one user, with no
// configuration or credentials but what it is given.
type awsCLI struct {
	t        *testing.T
	path     string
	endpoint string
	home     string
	key      string
	secret   string
}

func newAWSCLI(t *testing.T, endpoint string) *awsCLI {
	return &awsCLI{t: t, path: awsPath(t), endpoint: endpoint, home: t.TempDir(), key: adminKeyID, secret: adminSecret}
}

// as returns the CLI signing with another key.
func (c *awsCLI) as(key, secret string) *awsCLI {
	d := *c
	d.key, d.secret = key, secret
	return &d
}

// cliTimeout bounds one CLI run (Python's start-up is most of it).
const cliTimeout = 30 * time.Second

// try runs `aws route53 ARGS --output json` and returns what it printed
// and its error (an *exec.ExitError when the CLI failed).
func (c *awsCLI) try(args ...string) (stdout, stderr string, err error) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	full := append([]string{"route53", "--endpoint-url", c.endpoint, "--region", "eu-west-1", "--output", "json"}, args...)
	cmd := exec.CommandContext(ctx, c.path, full...)
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + c.home,
		"AWS_ACCESS_KEY_ID=" + c.key,
		"AWS_SECRET_ACCESS_KEY=" + c.secret,
		"AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_EC2_METADATA_DISABLED=true", // never probe the metadata service
		"AWS_PAGER=",
		"AWS_MAX_ATTEMPTS=2",
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		c.t.Fatalf("aws %s: no answer within %s", strings.Join(args, " "), cliTimeout)
	}
	return out.String(), errb.String(), err
}

// run is try for a call that must succeed; it decodes the JSON printed
// into out (when not nil).
func (c *awsCLI) run(out any, args ...string) {
	c.t.Helper()
	stdout, stderr, err := c.try(args...)
	require.NoError(c.t, err, "aws route53 %s\n%s", strings.Join(args, " "), stderr)
	if out != nil {
		require.NoError(c.t, json.Unmarshal([]byte(stdout), out), "aws route53 %s printed:\n%s", strings.Join(args, " "), stdout)
	}
}

// fail is try for a call that must fail; it returns what the CLI printed
// on standard error.
func (c *awsCLI) fail(args ...string) string {
	c.t.Helper()
	stdout, stderr, err := c.try(args...)
	require.Error(c.t, err, "aws route53 %s succeeded:\n%s", strings.Join(args, " "), stdout)
	return stderr
}
