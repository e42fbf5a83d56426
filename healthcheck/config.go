// Package healthcheck holds Route 53 health checks: their definitions as
// `aws route53 list-health-checks` prints them, their validation, and the
// status every routing decision reads. It imports nothing of r53d's.
package healthcheck

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// Check is one health check as list-health-checks prints it.
type Check struct {
	ID                 string `yaml:"Id" json:"Id"`
	CallerReference    string `yaml:"CallerReference" json:"CallerReference,omitempty"`
	HealthCheckConfig  Config `yaml:"HealthCheckConfig" json:"HealthCheckConfig"`
	HealthCheckVersion int64  `yaml:"HealthCheckVersion" json:"HealthCheckVersion,omitempty"`
}

// Config is Route 53's HealthCheckConfig, field for field.
type Config struct {
	Type                         string          `yaml:"Type" json:"Type"`
	IPAddress                    string          `yaml:"IPAddress" json:"IPAddress,omitempty"`
	Port                         int             `yaml:"Port" json:"Port,omitempty"`
	ResourcePath                 string          `yaml:"ResourcePath" json:"ResourcePath,omitempty"`
	FullyQualifiedDomainName     string          `yaml:"FullyQualifiedDomainName" json:"FullyQualifiedDomainName,omitempty"`
	SearchString                 string          `yaml:"SearchString" json:"SearchString,omitempty"`
	RequestInterval              int             `yaml:"RequestInterval" json:"RequestInterval,omitempty"`
	FailureThreshold             int             `yaml:"FailureThreshold" json:"FailureThreshold,omitempty"`
	MeasureLatency               bool            `yaml:"MeasureLatency" json:"MeasureLatency,omitempty"`
	Inverted                     bool            `yaml:"Inverted" json:"Inverted,omitempty"`
	Disabled                     bool            `yaml:"Disabled" json:"Disabled,omitempty"`
	HealthThreshold              int             `yaml:"HealthThreshold" json:"HealthThreshold,omitempty"`
	ChildHealthChecks            []string        `yaml:"ChildHealthChecks" json:"ChildHealthChecks,omitempty"`
	EnableSNI                    *bool           `yaml:"EnableSNI" json:"EnableSNI,omitempty"`
	Regions                      []string        `yaml:"Regions" json:"Regions,omitempty"`
	AlarmIdentifier              *map[string]any `yaml:"AlarmIdentifier" json:"AlarmIdentifier,omitempty"`
	InsufficientDataHealthStatus string          `yaml:"InsufficientDataHealthStatus" json:"InsufficientDataHealthStatus,omitempty"`
	RoutingControlArn            string          `yaml:"RoutingControlArn" json:"RoutingControlArn,omitempty"`
	// elb is set on the probes of load-balancer targets only.
	elb *elbProbe
}

// Health-check types.
const (
	TypeHTTP          = "HTTP"
	TypeHTTPS         = "HTTPS"
	TypeHTTPStrMatch  = "HTTP_STR_MATCH"
	TypeHTTPSStrMatch = "HTTPS_STR_MATCH"
	TypeTCP           = "TCP"
	TypeCalculated    = "CALCULATED"
	TypeCloudWatch    = "CLOUDWATCH_METRIC"
	TypeRecovery      = "RECOVERY_CONTROL"
)

// Defaults of Route 53's API where a field is omitted.
const (
	DefaultRequestInterval  = 30
	DefaultFailureThreshold = 3
)

// FieldError is one invalid field of a check.
type FieldError struct {
	Field   string
	Message string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// Validate checks one definition against Route 53's limits, with r53d's
// decisions (docs/health-checks.md#validation): RequestInterval 1–30 s, private and loopback
// targets allowed, ids of 1–64 characters. calculated tells whether a
// child id names a calculated check; exists whether it names any.
func (c *Check) Validate(exists, calculated func(id string) bool) []FieldError {
	var errs []FieldError
	bad := func(field, format string, args ...any) {
		errs = append(errs, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if n := len(c.ID); n < 1 || n > 64 {
		bad("Id", "must be 1 to 64 characters, not %d", n)
	}
	if strings.HasPrefix(c.ID, TargetPrefix) {
		bad("Id", "ids starting with %q name load-balancer targets", TargetPrefix)
	}
	cfg := &c.HealthCheckConfig
	switch cfg.Type {
	case TypeHTTP, TypeHTTPS, TypeHTTPStrMatch, TypeHTTPSStrMatch, TypeTCP:
		cfg.validateEndpoint(bad)
	case TypeCalculated:
		cfg.validateCalculated(c.ID, exists, calculated, bad)
	case TypeCloudWatch, TypeRecovery:
		bad("HealthCheckConfig.Type", "%s checks need AWS and are not supported by r53d; use HTTP, HTTPS, TCP, *_STR_MATCH or CALCULATED", cfg.Type)
	case "":
		bad("HealthCheckConfig.Type", "is required")
	default:
		bad("HealthCheckConfig.Type", "%q is not a health-check type (HTTP, HTTPS, HTTP_STR_MATCH, HTTPS_STR_MATCH, TCP, CALCULATED)", cfg.Type)
	}
	if cfg.RequestInterval != 0 && (cfg.RequestInterval < 1 || cfg.RequestInterval > 30) {
		bad("HealthCheckConfig.RequestInterval", "must be 1 to 30 seconds, not %d", cfg.RequestInterval)
	}
	if cfg.FailureThreshold != 0 && (cfg.FailureThreshold < 1 || cfg.FailureThreshold > 10) {
		bad("HealthCheckConfig.FailureThreshold", "must be 1 to 10, not %d", cfg.FailureThreshold)
	}
	cfg.validateRegions(bad)
	return errs
}

// checkerRegions are the regions Route 53 runs health checkers in, the
// values its HealthCheckRegion type allows.
func checkerRegions() []string {
	return []string{"us-east-1", "us-west-1", "us-west-2", "eu-west-1",
		"ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"}
}

// validateRegions: a Regions list, when given, names at least three
// checker regions, each once, as Route 53 requires.
func (cfg *Config) validateRegions(bad func(field, format string, args ...any)) {
	if len(cfg.Regions) == 0 {
		return
	}
	if len(cfg.Regions) < 3 {
		bad("HealthCheckConfig.Regions", "needs at least 3 regions, not %d", len(cfg.Regions))
		return
	}
	known := checkerRegions()
	for i, r := range cfg.Regions {
		switch {
		case !slices.Contains(known, r):
			bad("HealthCheckConfig.Regions", "%q is not a health-checker region (%s)", r, strings.Join(known, ", "))
		case slices.Contains(cfg.Regions[:i], r):
			bad("HealthCheckConfig.Regions", "%q is listed twice", r)
		}
	}
}

func (cfg *Config) validateEndpoint(bad func(field, format string, args ...any)) {
	if cfg.IPAddress == "" && cfg.FullyQualifiedDomainName == "" {
		bad("HealthCheckConfig.IPAddress", "an IPAddress or a FullyQualifiedDomainName is required")
	}
	if cfg.IPAddress != "" {
		if _, err := netip.ParseAddr(cfg.IPAddress); err != nil || len(cfg.IPAddress) > 45 {
			bad("HealthCheckConfig.IPAddress", "%q is not an IPv4 or IPv6 address", cfg.IPAddress)
		}
	}
	if len(cfg.FullyQualifiedDomainName) > 255 {
		bad("HealthCheckConfig.FullyQualifiedDomainName", "is longer than 255 characters")
	} else if name := cfg.FullyQualifiedDomainName; name != "" && !validHostLabels(name) {
		bad("HealthCheckConfig.FullyQualifiedDomainName", "%q is not a valid domain name: every label has 1 to 63 characters", name)
	}
	if cfg.Port != 0 && (cfg.Port < 1 || cfg.Port > 65535) {
		bad("HealthCheckConfig.Port", "must be 1 to 65535, not %d", cfg.Port)
	}
	if len(cfg.ResourcePath) > 255 {
		bad("HealthCheckConfig.ResourcePath", "is longer than 255 characters")
	}
	strMatch := strings.HasSuffix(cfg.Type, "_STR_MATCH")
	switch {
	case strMatch && cfg.SearchString == "":
		bad("HealthCheckConfig.SearchString", "is required for %s checks", cfg.Type)
	case !strMatch && cfg.SearchString != "":
		bad("HealthCheckConfig.SearchString", "only HTTP_STR_MATCH and HTTPS_STR_MATCH checks search the body")
	case len(cfg.SearchString) > 255:
		bad("HealthCheckConfig.SearchString", "is longer than 255 characters")
	}
	if cfg.Type == TypeTCP && cfg.Port == 0 {
		bad("HealthCheckConfig.Port", "is required for TCP checks")
	}
}

// validHostLabels tells whether every dot-separated label of name (one
// trailing dot allowed) has 1 to 63 characters (RFC 1035 section 2.3.4).
func validHostLabels(name string) bool {
	for _, label := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		if len(label) < 1 || len(label) > 63 {
			return false
		}
	}
	return true
}

func (cfg *Config) validateCalculated(self string, exists, calculated func(string) bool, bad func(field, format string, args ...any)) {
	if cfg.IPAddress != "" || cfg.Port != 0 || cfg.FullyQualifiedDomainName != "" {
		bad("HealthCheckConfig.Type", "CALCULATED checks have no IPAddress, Port or FullyQualifiedDomainName")
	}
	if len(cfg.ChildHealthChecks) > 256 {
		bad("HealthCheckConfig.ChildHealthChecks", "has %d children; at most 256", len(cfg.ChildHealthChecks))
	}
	if cfg.HealthThreshold < 0 || cfg.HealthThreshold > 256 {
		bad("HealthCheckConfig.HealthThreshold", "must be 0 to 256, not %d", cfg.HealthThreshold)
	}
	for _, child := range cfg.ChildHealthChecks {
		switch {
		case child == self:
			bad("HealthCheckConfig.ChildHealthChecks", "a check cannot be its own child")
		case !exists(child):
			bad("HealthCheckConfig.ChildHealthChecks", "child %q is not defined", child)
		case calculated(child):
			bad("HealthCheckConfig.ChildHealthChecks", "child %q is a CALCULATED check; calculated checks cannot nest", child)
		}
	}
}

// Interval is the request interval in seconds, with Route 53's default.
func (cfg *Config) Interval() int {
	if cfg.RequestInterval == 0 {
		return DefaultRequestInterval
	}
	return cfg.RequestInterval
}

// Threshold is the failure threshold, with Route 53's default.
func (cfg *Config) Threshold() int {
	if cfg.FailureThreshold == 0 {
		return DefaultFailureThreshold
	}
	return cfg.FailureThreshold
}
