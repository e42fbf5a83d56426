package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Malformed files are reported with file, line, column and field, every
// problem at once.
func TestPositionedErrors(t *testing.T) {
	for file, want := range map[string][]string{
		"unknown-field.yaml": {
			"testdata/bad/unknown-field.yaml:4:14: cases[0].expect.anwser: unknown field (known: answer, distribution, ecs-scope, one-of, rcode, ttl)",
		},
		"bad-values.yaml": {
			`testdata/bad/bad-values.yaml:2:15: cases[0].question.type: unknown record type "AAAAA"`,
			`testdata/bad/bad-values.yaml:3:21: cases[0].expect.rcode: want an rcode (NOERROR, NXDOMAIN, REFUSED, SERVFAIL …) or NODATA, got "NOTANRCODE"`,
			`testdata/bad/bad-values.yaml:5:23: cases[1].client.country: want an ISO 3166-1 country code Route 53 knows, got "XX"`,
			`testdata/bad/bad-values.yaml:6:19: cases[1].expect.ttl: want a whole number from 0 to 2147483647, got "-1"`,
			`testdata/bad/bad-values.yaml:8:22: cases[2].client.subnet: not an address or subnet: "11.1.0.0/99"`,
			`testdata/bad/bad-values.yaml:11:38: cases[3].client.continent: a client has one form: an address, a subnet or one place`,
			`testdata/bad/bad-values.yaml:13:21: cases[3].expect.distribution.shares: want a mapping of answers to their shares`,
		},
		"missing.yaml": {
			"testdata/bad/missing.yaml:3:5: cases[0].question: missing: what does the case ask?",
			"testdata/bad/missing.yaml:5:5: cases[1].expect: missing: a case expects something (or is a snapshot: true)",
		},
		"syntax.yaml": {
			"testdata/bad/syntax.yaml:2:1: did not find expected ',' or ']'",
		},
		"not-a-list.yaml": {
			`testdata/bad/not-a-list.yaml:1:8: cases: want a list of cases, got a mapping`,
		},
	} {
		path := filepath.Join("testdata", "bad", file)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		_, err = Parse(path, data)
		errs, ok := AsErrors(err)
		require.True(t, ok, "%s: %v", file, err)
		var got []string
		for _, e := range errs {
			got = append(got, e.Error())
		}
		assert.Equal(t, want, got, file)
	}
}

// Question and client shorthands read like their long forms.
func TestShorthands(t *testing.T) {
	f, err := Parse("s.yaml", []byte(`cases:
  - question: www.demo.test aaaa
    client: 2a11:4::/48
    expect: {rcode: NOERROR}
  - question: {name: www.demo.test.}
    client: {address: "::ffff:11.4.0.1"}
    expect: {answer: 192.0.2.10}
`))
	require.NoError(t, err)
	assert.Equal(t, "www.demo.test.", f.Cases[0].QName)
	assert.Equal(t, "AAAA", f.Cases[0].TypeName())
	assert.Equal(t, "2a11:4::/48", f.Cases[0].Client.Prefix.String())
	assert.Equal(t, "A", f.Cases[1].TypeName())
	assert.Equal(t, "11.4.0.1/32", f.Cases[1].Client.Prefix.String())
	assert.Equal(t, []string{"192.0.2.10"}, f.Cases[1].Expect.Answer)
}

// FuzzScenarioFile: any input parses or fails with positioned errors,
// never panics, and what parses is complete.
func FuzzScenarioFile(f *testing.F) {
	for _, dir := range []string{"testdata", "testdata/bad", "../cmd/demo/tests"} {
		entries, err := os.ReadDir(dir)
		require.NoError(f, err)
		for _, e := range entries {
			if !e.IsDir() {
				data, err := os.ReadFile(filepath.Join(dir, e.Name()))
				require.NoError(f, err)
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				panic(fmt.Sprintf("hang on %q", data))
			}
		}()
		defer close(done)
		file, err := Parse("fuzz.yaml", data)
		if err != nil {
			errs, ok := AsErrors(err)
			require.True(t, ok, "%v", err)
			require.NotEmpty(t, errs)
			for _, e := range errs {
				require.Equal(t, "fuzz.yaml", e.File)
				require.NotEmpty(t, e.Message)
			}
			return
		}
		for _, c := range file.Cases {
			require.NotEmpty(t, c.QName)
			require.True(t, !c.Expect.IsZero() || c.Snapshot)
			if d := c.Expect.Distribution; d != nil {
				require.NotEmpty(t, d.Shares)
			}
		}
	})
}
