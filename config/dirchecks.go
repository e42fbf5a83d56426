package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/zones"
	"go.yaml.in/yaml/v3"
)

// Route 53's bounds on health-check requests.
const (
	maxCheckCallerRef = 64
	defaultCheckPage  = 100
	maxCheckPage      = 1000
	healthChecksFile  = "health-checks.json"
)

// checkEntry is one health check of health-checks.json: as
// list-health-checks prints it, with its tags.
type checkEntry struct {
	healthcheck.Check `yaml:",inline"`
	Tags              []zones.Tag `yaml:"Tags" json:"Tags,omitempty"`
}

// parseCheckEntries reads the checks of a health-checks file the loader
// read, for what the loader does not keep (tags, invalid checks).
func parseCheckEntries(name string, data []byte) ([]checkEntry, error) {
	root, syntax := zones.ParseDocument(name, data)
	if syntax != nil {
		return nil, syntax
	}
	items := root.Content
	if root.Kind != yaml.SequenceNode {
		v := zones.MappingValue(root, "HealthChecks")
		if v == nil || v.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("%s: expected an object with a \"HealthChecks\" list", name)
		}
		items = v.Content
	}
	out := make([]checkEntry, 0, len(items))
	for _, n := range items {
		var c checkEntry
		if err := n.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, c)
	}
	return out, nil
}

func noSuchCheck(id string) *zones.Fault {
	return &zones.Fault{Code: "NoSuchHealthCheck", Message: fmt.Sprintf("A health check with id %s does not exist.", id)}
}

func findCheck(st *dirState, id string) int {
	return slices.IndexFunc(st.checks, func(c checkEntry) bool { return c.ID == id })
}

// withCheckDefaults fills in what Route 53 echoes for omitted fields:
// the interval, the threshold and the port of the type. Regions stay
// unset: Terraform would see a default list as drift.
func withCheckDefaults(cfg healthcheck.Config) healthcheck.Config {
	// An empty list is no list: the same settings compare equal.
	if len(cfg.Regions) == 0 {
		cfg.Regions = nil
	}
	if len(cfg.ChildHealthChecks) == 0 {
		cfg.ChildHealthChecks = nil
	}
	if cfg.Type == healthcheck.TypeCalculated {
		return cfg
	}
	if cfg.RequestInterval == 0 {
		cfg.RequestInterval = healthcheck.DefaultRequestInterval
	}
	if cfg.FailureThreshold == 0 {
		cfg.FailureThreshold = healthcheck.DefaultFailureThreshold
	}
	if cfg.Port == 0 {
		switch cfg.Type {
		case healthcheck.TypeHTTP, healthcheck.TypeHTTPStrMatch:
			cfg.Port = 80
		case healthcheck.TypeHTTPS, healthcheck.TypeHTTPSStrMatch:
			cfg.Port = 443
		}
	}
	return cfg
}

// CreateHealthCheck adds a check to the health-checks file. The same
// CallerReference with the same settings returns the existing check
// (created false); with other settings it is HealthCheckAlreadyExists.
func (d *Dir) CreateHealthCheck(callerRef string, cfg healthcheck.Config) (healthcheck.Check, bool, error) {
	if callerRef == "" || len(callerRef) > maxCheckCallerRef {
		return healthcheck.Check{}, false, invalidInput("CallerReference must be 1 to %d characters", maxCheckCallerRef)
	}
	cfg = withCheckDefaults(cfg)
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	if id, ok := d.deletedRefs[callerRef]; ok {
		return healthcheck.Check{}, false, &zones.Fault{Code: "HealthCheckAlreadyExists", Message: fmt.Sprintf(
			"The health check %s created with caller reference %s was deleted; a new health check needs another caller reference.", id, callerRef)}
	}
	for _, c := range st.checks {
		if c.CallerReference != callerRef {
			continue
		}
		if reflect.DeepEqual(c.HealthCheckConfig, cfg) {
			return c.Check, false, nil
		}
		return healthcheck.Check{}, false, &zones.Fault{Code: "HealthCheckAlreadyExists", Message: fmt.Sprintf(
			"A health check with caller reference %s already exists (%s) with other settings.", callerRef, c.ID)}
	}
	c := checkEntry{Check: healthcheck.Check{ID: newUUID(), CallerReference: callerRef, HealthCheckConfig: cfg, HealthCheckVersion: 1}}
	checks := append(slices.Clone(st.checks), c)
	if err := validateCheck(checks, c.Check); err != nil {
		return healthcheck.Check{}, false, err
	}
	if err := d.writeChecks(st, checks); err != nil {
		return healthcheck.Check{}, false, err
	}
	return c.Check, true, nil
}

// validateCheck applies healthcheck.Check.Validate, as the loader does,
// with the other checks of the file.
func validateCheck(checks []checkEntry, c healthcheck.Check) error {
	byID := map[string]*healthcheck.Check{}
	for i := range checks {
		byID[checks[i].ID] = &checks[i].Check
	}
	exists := func(id string) bool { return byID[id] != nil }
	calculated := func(id string) bool {
		return byID[id] != nil && byID[id].HealthCheckConfig.Type == healthcheck.TypeCalculated
	}
	errs := c.Validate(exists, calculated)
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return invalidInput("%s", strings.Join(msgs, "; "))
}

// HealthCheck returns the check with id.
func (d *Dir) HealthCheck(id string) (healthcheck.Check, error) {
	st := d.state.Load()
	if i := findCheck(st, id); i >= 0 {
		return st.checks[i].Check, nil
	}
	return healthcheck.Check{}, noSuchCheck(id)
}

// HealthChecks lists the checks by id from marker ("" for the first).
func (d *Dir) HealthChecks(marker string, limit int) (page []healthcheck.Check, next string, err error) {
	limit = pageSize(limit, defaultCheckPage, maxCheckPage)
	checks := slices.Clone(d.state.Load().checks)
	slices.SortFunc(checks, func(a, b checkEntry) int { return strings.Compare(a.ID, b.ID) })
	for _, c := range checks {
		if c.ID < marker {
			continue
		}
		if len(page) == limit {
			return page, c.ID, nil
		}
		page = append(page, c.Check)
	}
	return page, "", nil
}

// HealthCheckCount is the number of checks the directory defines.
func (d *Dir) HealthCheckCount() (int, error) { return len(d.state.Load().checks), nil }

// UpdateHealthCheck changes the fields u sets; the version goes up by one.
func (d *Dir) UpdateHealthCheck(id string, u zones.HealthCheckUpdate) (healthcheck.Check, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	i := findCheck(st, id)
	if i < 0 {
		return healthcheck.Check{}, noSuchCheck(id)
	}
	c := st.checks[i]
	if u.Version != nil && *u.Version != c.HealthCheckVersion {
		return healthcheck.Check{}, &zones.Fault{Code: "HealthCheckVersionMismatch", Message: fmt.Sprintf(
			"The value of HealthCheckVersion in the request (%d) doesn't match the health check's (%d).", *u.Version, c.HealthCheckVersion)}
	}
	cfg, err := updatedConfig(c.HealthCheckConfig, u)
	if err != nil {
		return healthcheck.Check{}, err
	}
	c.HealthCheckConfig = cfg
	c.HealthCheckVersion++
	checks := slices.Clone(st.checks)
	checks[i] = c
	if err := validateCheck(checks, c.Check); err != nil {
		return healthcheck.Check{}, err
	}
	if err := d.writeChecks(st, checks); err != nil {
		return healthcheck.Check{}, err
	}
	return c.Check, nil
}

// setIf sets *dst to *v when the request gave v.
func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// updatedConfig applies an UpdateHealthCheck request: only fields it
// sets change, ResetElements clears fields, and an IP address can be
// changed but not added or removed.
func updatedConfig(cfg healthcheck.Config, u zones.HealthCheckUpdate) (healthcheck.Config, error) {
	if u.IPAddress != nil && (cfg.IPAddress == "") != (*u.IPAddress == "") {
		return cfg, invalidInput("IPAddress can be changed but not added to or removed from a health check")
	}
	setIf(&cfg.IPAddress, u.IPAddress)
	setIf(&cfg.Port, u.Port)
	setIf(&cfg.ResourcePath, u.ResourcePath)
	setIf(&cfg.FullyQualifiedDomainName, u.FullyQualifiedDomainName)
	setIf(&cfg.SearchString, u.SearchString)
	setIf(&cfg.FailureThreshold, u.FailureThreshold)
	setIf(&cfg.HealthThreshold, u.HealthThreshold)
	setIf(&cfg.InsufficientDataHealthStatus, u.InsufficientDataHealthStatus)
	setIf(&cfg.Inverted, u.Inverted)
	setIf(&cfg.Disabled, u.Disabled)
	if u.EnableSNI != nil {
		v := *u.EnableSNI
		cfg.EnableSNI = &v
	}
	if u.ChildHealthChecks != nil {
		cfg.ChildHealthChecks = slices.Clone(u.ChildHealthChecks)
	}
	if u.Regions != nil {
		cfg.Regions = slices.Clone(u.Regions)
	}
	for _, r := range u.ResetElements {
		switch r {
		case "FullyQualifiedDomainName":
			cfg.FullyQualifiedDomainName = ""
		case "Regions":
			cfg.Regions = nil
		case "ResourcePath":
			cfg.ResourcePath = ""
		case "ChildHealthChecks":
			cfg.ChildHealthChecks = nil
		default:
			return cfg, invalidInput("%q is not a resettable element (FullyQualifiedDomainName, Regions, ResourcePath, ChildHealthChecks)", r)
		}
	}
	return cfg, nil
}

// DeleteHealthCheck removes a check no record (and no calculated check)
// uses. Route 53 would let it go and leave the records' health undefined;
// r53d refuses, as its loader would refuse the records.
func (d *Dir) DeleteHealthCheck(id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	i := findCheck(st, id)
	if i < 0 {
		return noSuchCheck(id)
	}
	if err := d.checkUnused(st, id); err != nil {
		return err
	}
	ref := st.checks[i].CallerReference
	if err := d.writeChecks(st, slices.Delete(slices.Clone(st.checks), i, i+1)); err != nil {
		return err
	}
	if ref != "" {
		d.deletedRefs[ref] = id
	}
	return nil
}
