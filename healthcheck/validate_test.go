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

// TestValidateRegions: Regions, when given, names at least three of the
// checker regions Route 53 has, each once.
func TestValidateRegions(t *testing.T) {
	none := func(string) bool { return false }
	for _, tc := range []struct {
		regions []string
		want    string
	}{
		{nil, ""},
		{[]string{"us-east-1", "eu-west-1", "ap-southeast-1"}, ""},
		{[]string{"us-east-1"}, "needs at least 3 regions, not 1"},
		{[]string{"us-east-1", "mars-1", "eu-west-1"}, `"mars-1" is not a health-checker region`},
		{[]string{"us-east-1", "us-east-1", "eu-west-1"}, `"us-east-1" is listed twice`},
	} {
		c := Check{ID: "h", HealthCheckConfig: Config{Type: TypeHTTP, IPAddress: "192.0.2.1", Regions: tc.regions}}
		errs := c.Validate(none, none)
		if tc.want == "" {
			assert.Empty(t, errs, "%v", tc.regions)
			continue
		}
		if assert.Len(t, errs, 1, "%v", tc.regions) {
			assert.Equal(t, "HealthCheckConfig.Regions", errs[0].Field)
			assert.Contains(t, errs[0].Message, tc.want)
		}
	}
}
