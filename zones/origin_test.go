package zones

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMasterOrigin: a master file's default origin is its first valid
// $ORIGIN directive, wherever it is, and never text inside another entry;
// without one, its file name.
func TestMasterOrigin(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"first line", "$ORIGIN a.test.\n@ SOA ns h 1 2 3 4 5\n", "a.test."},
		{"any case, after records", "@ 60 A 192.0.2.1\n$origin B.Test.\n", "b.test."},
		{"inside parentheses is data", "@ TXT ( \"x\"\n$ORIGIN no.test. )\n$ORIGIN yes.test.\n", "yes.test."},
		{"inside a quoted string is data", "@ TXT \"x\n$ORIGIN no.test.\"\n$ORIGIN yes.test.\n", "yes.test."},
		{"invalid first, valid second", "$ORIGIN " + strings.Repeat("x", 64) + ".test.\n$ORIGIN ok.test.\n", "ok.test."},
		{"after many candidates inside an entry", "@ TXT ( \"x\"\n$ORIGIN n1.\n$ORIGIN n2.\n$ORIGIN n3.\n$ORIGIN n4. )\n$ORIGIN late.test.\n", "late.test."},
		{"none", "@ 60 A 192.0.2.1\n", "file.test."},
		{"indented is not a directive", "@ 60 A 192.0.2.1\n $ORIGIN no.test.\n", "file.test."},
		{"no final newline", "$ORIGIN c.test.", "c.test."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, masterOrigin("file.test.zone", []byte(tc.text)))
		})
	}
}
