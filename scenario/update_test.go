package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --update records the snapshots and leaves every other line as it was;
// the recorded file then passes, and a second update changes nothing.
func TestSnapshotRoundTrip(t *testing.T) {
	r := demoRunner(t)
	original := string(readFile(t, "testdata/snapshot.yaml"))
	f, err := Parse("snapshot.yaml", []byte(original))
	require.NoError(t, err)
	before := r.Run(f)
	assert.Equal(t, Fail, before[0].Status, "no snapshot yet")
	assert.Equal(t, Fail, before[1].Status, "a stale snapshot")

	r.Updating = true
	text, changed, err := Update(f, r.Run(f))
	require.NoError(t, err)
	assert.Equal(t, 2, changed)
	updated := string(text)
	assert.Contains(t, updated, "    snapshot: true   # keep this comment\n    expect: {answer: [192.0.2.10, 192.0.2.11], ttl: 300}\n")
	assert.Contains(t, updated, "    snapshot: true\n    expect: {answer: [192.0.2.171], ttl: 60, ecs-scope: 16}\n\n  # Not a snapshot")
	assert.NotContains(t, updated, "stale")
	// Every line of the original but the stale expectation is still there, in order.
	var kept []string
	for _, l := range strings.SplitAfter(original, "\n") {
		if !strings.Contains(l, "stale") && !strings.Contains(l, "192.0.2.1]") && strings.TrimSpace(l) != "expect:" {
			kept = append(kept, l)
		}
	}
	rest := updated
	for _, l := range kept {
		i := strings.Index(rest, l)
		require.GreaterOrEqual(t, i, 0, "line %q lost", l)
		rest = rest[i+len(l):]
	}

	g, err := Parse("snapshot.yaml", text)
	require.NoError(t, err)
	r.Updating = false
	for _, res := range r.Run(g) {
		assert.Equal(t, Pass, res.Status, "%s: %v", res.Case.Name, res.Problems)
	}
	r.Updating = true
	again, changed, err := Update(g, r.Run(g))
	require.NoError(t, err)
	assert.Zero(t, changed)
	assert.Equal(t, updated, string(again))
}

// JSON scenario files read like YAML ones but are not rewritten.
func TestJSONFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"cases": [{"question": {"name": "www.demo.test", "type": "A"}, "snapshot": true}]}`), 0o644))
	f, err := Parse(path, readFile(t, path))
	require.NoError(t, err)
	r := demoRunner(t)
	r.Updating = true
	_, _, err = Update(f, r.Run(f))
	assert.ErrorContains(t, err, "--update writes YAML")
}
