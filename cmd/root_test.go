package cmd

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runRootArgs(args ...string) (string, error) {
	var out bytes.Buffer
	root := NewRootCmd(&out, &out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func TestVersionFlag(t *testing.T) {
	out, err := runRootArgs("--version")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out, "r53d "), out)
	sub, err := runRootArgs("version")
	require.NoError(t, err)
	assert.Equal(t, out, sub, "--version and the version command agree")
}

// A command called with the wrong arguments or flags shows how to call it;
// an error of the work itself does not (it would bury the message).
func TestUsageOnCallErrors(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		usage string
	}{
		{[]string{"check"}, "r53d check"},
		{[]string{"explain"}, "r53d explain"},
		{[]string{"serve", "--bogus"}, "r53d serve"},
		{[]string{"health", "set", "x"}, "r53d health set"},
	} {
		_, err := runRootArgs(tc.args...)
		require.Error(t, err, tc.args)
		assert.Contains(t, err.Error(), "Usage:\n  "+tc.usage, tc.args)
	}
	_, err := runRootArgs("check", t.TempDir()+"/missing")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "Usage:")
}

// Every command's --help explains itself and shows how to call it: a
// description beyond the one-line summary and at least one example.
func TestEveryCommandHelpHasExample(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Name() == "help" || sub.Name() == "completion" {
				continue
			}
			t.Run(sub.CommandPath(), func(t *testing.T) {
				assert.NotEmpty(t, strings.TrimSpace(sub.Long), "no description")
				assert.Contains(t, sub.Example, "r53d ", "no example")
			})
			walk(sub)
		}
	}
	walk(NewRootCmd(&bytes.Buffer{}, &bytes.Buffer{}))
}
