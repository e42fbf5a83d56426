package explain

import (
	"strings"
	"testing"

	"github.com/r53d/r53d/policy"
	"github.com/stretchr/testify/assert"
)

func TestSplitTXT(t *testing.T) {
	assert.Equal(t, []string{"short"}, splitTXT("short"))
	words := strings.Repeat("abcdefghi ", 60) // 600 bytes
	parts := splitTXT(words)
	assert.Len(t, parts, 3)
	for _, p := range parts {
		assert.LessOrEqual(t, len(p), 255)
		assert.False(t, strings.HasPrefix(p, " "), "a continuation starts at a word")
	}
	assert.Equal(t, strings.Fields(words), strings.Fields(strings.Join(parts, " ")), "nothing lost")
	// No space to cut at: cut at 255 bytes, never inside a UTF-8 sequence.
	long := strings.Repeat("x", 254) + "→" + strings.Repeat("y", 10)
	parts = splitTXT(long)
	assert.Equal(t, []string{strings.Repeat("x", 254), "→" + strings.Repeat("y", 10)}, parts)
}

// TestStepsNested: an alias target's decision is nested one level deeper,
// and the answer's records belong to the decision whose answer they are.
func TestStepsNested(t *testing.T) {
	inner := &policy.Trace{Name: "t.example.", Type: "A", Policy: "weighted", Client: "192.0.2.1/32 (socket address)",
		Candidates: []policy.Candidate{{SetIdentifier: "a", Healthy: true, Health: "no health check", Verdict: "chosen"}},
		Draws:      []policy.Draw{{Purpose: "weighted draw", Value: 3, Range: 10}}, Rule: "weighted: drew 3",
		Answer: []string{"t.example.\t60\tIN\tA\t192.0.2.9"}, Healthy: true}
	outer := &policy.Trace{Name: "www.example.", Type: "A", Policy: "simple", Client: "192.0.2.1/32 (socket address)",
		Candidates: []policy.Candidate{{Verdict: "chosen", Healthy: true, Health: "alias", Target: inner}}, Rule: "simple",
		Notes: []string{"a note"}, Answer: []string{"www.example.\t60\tIN\tA\t192.0.2.9"}, Healthy: true}
	var got []string
	for _, s := range Steps([]*policy.Trace{outer}) {
		got = append(got, s.Kind+"/"+string(rune('0'+s.Depth)))
	}
	assert.Equal(t, []string{"decision/0", "candidate/0", "decision/1", "candidate/1", "draw/1", "rule/1", "answer/1", "record/1",
		"note/0", "rule/0", "answer/0", "record/0"}, got)
	lines := TXTLines([]*policy.Trace{outer})
	assert.Equal(t, strings.Count(outer.String(), "\n"), len(lines), "one TXT string a line")
	assert.Equal(t, "        t.example. 60 IN A 192.0.2.9", lines[7], "indented as the text form, tabs as spaces")
	assert.NotContains(t, strings.Join(lines, ""), "→")
}

func TestWhatIf(t *testing.T) {
	w := WhatIf{Base: Statuses{"a": false, "b": false}, Forced: Statuses{"b": true, "c": false}}
	assert.False(t, w.Healthy("a"), "from the base")
	assert.True(t, w.Healthy("b"), "forced")
	assert.False(t, w.Healthy("c"), "forced")
	assert.True(t, w.Healthy("d"), "unknown: healthy")
	h := ForcedHealth(Health{Source: "assumed", Summary: "assumed healthy"}, Statuses{"b": true, "a": false})
	assert.Equal(t, "what-if: a unhealthy, b healthy (forced); every other check: assumed healthy", h.Summary)
	assert.Equal(t, map[string]string{"a": "unhealthy", "b": "healthy"}, h.Forced)
}

func TestParseClient(t *testing.T) {
	c, err := ParseClient("11.4.1.2/24")
	assert.NoError(t, err)
	assert.Equal(t, "127.0.0.1", c.Socket.String())
	assert.Equal(t, "11.4.1.0/24", c.ECS.String())
	c, err = ParseClient("2001:db8::1/128")
	assert.NoError(t, err)
	assert.False(t, c.ECS.IsValid(), "a full-length prefix is an address")
	_, err = ParseClient("nope")
	assert.Error(t, err)
}
