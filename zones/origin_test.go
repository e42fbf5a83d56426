package zones

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFirstOrigin: the prefix scan finds the same $ORIGIN a scan of the
// whole file would.
func TestFirstOrigin(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"first line", "$ORIGIN a.test.\n@ SOA ns h 1 2 3 4 5\n", "a.test."},
		{"any case, after records", "@ 60 A 192.0.2.1\n$origin B.Test.\n", "b.test."},
		{"inside parentheses is data", "@ TXT ( \"x\"\n$ORIGIN no.test. )\n$ORIGIN yes.test.\n", "yes.test."},
		{"inside a quoted string is data", "@ TXT \"x\n$ORIGIN no.test.\"\n$ORIGIN yes.test.\n", "yes.test."},
		{"invalid first, valid second", "$ORIGIN " + strings.Repeat("x", 64) + ".test.\n$ORIGIN ok.test.\n", "ok.test."},
		{"past the candidates tried", "@ TXT ( \"x\"\n$ORIGIN n1.\n$ORIGIN n2.\n$ORIGIN n3.\n$ORIGIN n4. )\n$ORIGIN late.test.\n", "late.test."},
		{"none", "@ 60 A 192.0.2.1\n", ""},
		{"no final newline", "$ORIGIN c.test.", "c.test."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := firstOrigin([]byte(tc.text))
			assert.Equal(t, tc.want != "", ok)
			assert.Equal(t, tc.want, got)
			full, _ := originIn(scanEntries([]byte(tc.text)))
			assert.Equal(t, full, got, "as a scan of the whole file")
		})
	}
}
