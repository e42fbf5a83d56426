package healthcheck

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestValidateFQDN: a FullyQualifiedDomainName with an empty or too long
// label is no host name; Route 53 refuses it at create and update.
func TestValidateFQDN(t *testing.T) {
	none := func(string) bool { return false }
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"www.example.com", true},
		{"www.example.com.", true},
		{"_svc.example.com", true},
		{"a..example.com", false},
		{".example.com", false},
		{strings.Repeat("a", 64) + ".example.com", false},
	} {
		c := Check{ID: "h", HealthCheckConfig: Config{Type: TypeHTTP, FullyQualifiedDomainName: tc.name}}
		errs := c.Validate(none, none)
		if tc.ok {
			assert.Empty(t, errs, tc.name)
			continue
		}
		if assert.Len(t, errs, 1, tc.name) {
			assert.Equal(t, "HealthCheckConfig.FullyQualifiedDomainName", errs[0].Field)
			assert.Contains(t, errs[0].Message, "is not a valid domain name", tc.name)
		}
	}
}
