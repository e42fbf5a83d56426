package scenario

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The JUnit report reads back with encoding/xml: a suite per file, a
// case per case, a failure with its message for every failed case.
func TestJUnitParsesBack(t *testing.T) {
	r := demoRunner(t)
	wrong, right := parseFile(t, "wrong.yaml"), parseFile(t, "right.yaml")
	results := append(r.Run(wrong), r.Run(right)...)
	var b bytes.Buffer
	require.NoError(t, WriteJUnit(&b, []*File{wrong, right}, results))

	var got struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(b.Bytes(), &got))
	require.Len(t, got.Suites, 2)
	assert.Equal(t, wrong.Path, got.Suites[0].Name)
	assert.Equal(t, len(wrong.Cases), got.Suites[0].Tests)
	assert.Equal(t, len(wrong.Cases), got.Suites[0].Failures)
	assert.Equal(t, 0, got.Suites[1].Failures)
	assert.Equal(t, len(wrong.Cases)+len(right.Cases), got.Tests)
	for _, c := range got.Suites[0].Cases {
		require.NotNil(t, c.Failure, c.Name)
		assert.True(t, strings.HasPrefix(c.Failure.Message, c.Name), c.Failure.Message)
		assert.Contains(t, c.Failure.Text, "why:")
	}
	for _, c := range got.Suites[1].Cases {
		assert.Nil(t, c.Failure, c.Name)
	}
}

// The text report shows what was expected, what came back and why; the
// summary counts.
func TestTextReport(t *testing.T) {
	r := demoRunner(t)
	f := parseFile(t, "wrong.yaml")
	results := r.Run(f)
	var b bytes.Buffer
	WriteText(&b, results[:1], false)
	out := b.String()
	assert.Contains(t, out, "FAIL testdata/wrong.yaml:5: answer\n")
	assert.Contains(t, out, "answer: expected [192.0.2.10, 192.0.2.99], got [192.0.2.10, 192.0.2.11]")
	assert.Contains(t, out, "came back: NOERROR [192.0.2.10, 192.0.2.11] ttl [300 300]")
	assert.Contains(t, out, "No routing policy was involved")
	s := Summary{Files: 1}
	s.Count(results)
	assert.True(t, strings.HasPrefix(s.String(), "FAIL: 0 passed, 10 failed"), s.String())
}
