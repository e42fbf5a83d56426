package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/r53d/r53d/impact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const diffGeo = `ResourceRecordSets:
  - {Name: geo.lab.test., Type: A, SetIdentifier: default, GeoLocation: {CountryCode: "*"}, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}
  - {Name: geo.lab.test., Type: A, SetIdentifier: jp, GeoLocation: {CountryCode: JP}, TTL: 60, ResourceRecords: [{Value: 192.0.2.2}]}
`

// gitCommit writes files under zones/ of the repository's work tree and
// commits them.
func gitCommit(t *testing.T, repo *git.Repository, dir string, files map[string]string, msg string) {
	t.Helper()
	wt, err := repo.Worktree()
	require.NoError(t, err)
	for name, body := range files {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "zones"), 0o755))
		writeFile(t, filepath.Join(dir, "zones"), name, body)
		_, err := wt.Add(filepath.Join("zones", name))
		require.NoError(t, err)
	}
	_, err = wt.Commit(msg, &git.CommitOptions{Author: &object.Signature{Name: "t", Email: "t@example.com", When: time.Unix(1700000000, 0)}})
	require.NoError(t, err)
}

func exitCode(err error) int {
	var code interface{ ExitCode() int }
	if errors.As(err, &code) {
		return code.ExitCode()
	}
	if err != nil {
		return 1
	}
	return 0
}

func TestDiffGitRevisions(t *testing.T) {
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	require.NoError(t, err)
	gitCommit(t, repo, dir, map[string]string{"lab.test.zone": goodZone, "lab.test.yaml": diffGeo}, "first")
	moved := diffGeo + "  - {Name: geo.lab.test., Type: A, SetIdentifier: de, GeoLocation: {CountryCode: DE}, TTL: 60, ResourceRecords: [{Value: 192.0.2.3}]}\n"
	gitCommit(t, repo, dir, map[string]string{"lab.test.yaml": moved}, "germany")

	var out bytes.Buffer
	opts := DiffOptions{Old: "HEAD~1", New: "HEAD", Repo: dir, Subdir: "zones", GeoIPDB: testGeoDB, Out: &out}
	err = runDiff(opts)
	assert.Equal(t, 1, exitCode(err), "something moved: exit 1")
	assert.True(t, IsReported(err), "the report says what moved; main prints nothing more")
	md := out.String()
	assert.Contains(t, md, "### `geo.lab.test.` A (geolocation → geolocation)")
	assert.Contains(t, md, "| `192.0.2.1` | `192.0.2.3` | 65,536 IPv4 addresses + 65,536 IPv6 /48s (2 networks) |")
	assert.Contains(t, md, "| | DE | 65,536 IPv4 addresses")
	assert.Contains(t, md, "* Create geo.lab.test. A (de)")

	// JSON, parsed back: exactly Germany moved.
	out.Reset()
	opts.JSON = true
	require.Equal(t, 1, exitCode(runDiff(opts)))
	var rep impact.Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	require.Len(t, rep.Names, 1)
	st := rep.Names[0].States[0]
	assert.Equal(t, 65536.0, st.Moved.IPv4)
	assert.Equal(t, "DE", st.Continents[0].Countries[0].Code)

	// The same revision twice: nothing moved, exit 0.
	out.Reset()
	opts.Old, opts.JSON = "HEAD", false
	require.NoError(t, runDiff(opts))
	assert.Contains(t, out.String(), "No client gets a different answer.")

	// Errors: exit 2.
	opts.Old = "no-such-rev"
	err = runDiff(opts)
	assert.Equal(t, 2, exitCode(err))
	assert.ErrorContains(t, err, "no-such-rev")
}

func TestDiffDirectories(t *testing.T) {
	old, new := t.TempDir(), t.TempDir()
	writeFile(t, old, "lab.test.zone", goodZone)
	writeFile(t, new, "lab.test.zone", goodZone+"www A 192.0.2.2\n")
	var out bytes.Buffer
	// Without a GeoIP database every address is one unlocated population.
	err := runDiff(DiffOptions{Old: old, New: new, Out: &out, JSON: true})
	require.Equal(t, 1, exitCode(err))
	var rep impact.Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	require.Len(t, rep.Names, 1)
	assert.Equal(t, "www.lab.test.", rep.Names[0].Name)
	assert.Equal(t, float64(1<<32), rep.Names[0].States[0].Moved.IPv4)
	require.Len(t, rep.Records, 1)
	assert.Equal(t, "Update", rep.Records[0].Action)
	assert.Equal(t, []string{"192.0.2.1", "192.0.2.2"}, rep.Records[0].New.Values)

	broken := t.TempDir()
	writeFile(t, broken, "lab.test.zone", "garbage\n")
	assert.Equal(t, 2, exitCode(runDiff(DiffOptions{Old: old, New: broken, Out: &out})))
}

func TestSimulateCommand(t *testing.T) {
	var out bytes.Buffer
	svg := filepath.Join(t.TempDir(), "w.svg")
	require.NoError(t, runSimulate(SimulateOptions{Name: "weighted.demo.test", Type: "A", GeoIPDB: testGeoDB, Family: 4, SVG: svg, Out: &out}))
	assert.Contains(t, out.String(), "70.00%  192.0.2.101")
	assert.Contains(t, out.String(), "30.00%  192.0.2.102")
	data, err := os.ReadFile(svg)
	require.NoError(t, err)
	assert.Contains(t, string(data), "<svg")

	out.Reset()
	require.NoError(t, runSimulate(SimulateOptions{Name: "failover.demo.test", Type: "A", GeoIPDB: testGeoDB, Family: 4,
		Unhealthy: []string{"demo-up"}, JSON: true, Out: &out}))
	var sim impact.Simulation
	require.NoError(t, json.Unmarshal(out.Bytes(), &sim))
	assert.Equal(t, []impact.Share{{Answer: "192.0.2.122", P: 1}}, sim.Answers)

	assert.Error(t, runSimulate(SimulateOptions{Name: "geo.demo.test", Type: "A", Family: 4, Out: &out}), "no population")
	assert.Error(t, runSimulate(SimulateOptions{Name: "geo.demo.test", Type: "BOGUS", GeoIPDB: testGeoDB, Family: 4, Out: &out}))
}

// Misuse of diff exits 2 like any other error: 1 tells CI that answers moved.
func TestDiffMisuseExitsTwo(t *testing.T) {
	for _, args := range [][]string{{"diff", "only-one"}, {"diff", "a", "b", "--no-such-flag"}} {
		root := NewRootCmd(new(bytes.Buffer), new(bytes.Buffer))
		root.SetArgs(args)
		err := root.Execute()
		assert.Equal(t, 2, exitCode(err), args)
		assert.Contains(t, err.Error(), "Usage:", args)
	}
}
