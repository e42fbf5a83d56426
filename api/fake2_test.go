package api

import (
	"net/netip"
	"reflect"
	"slices"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

func (f *fakeBackend) check(id string) (int, error) {
	i := slices.IndexFunc(f.checks, func(c healthcheck.Check) bool { return c.ID == id })
	if i < 0 {
		return 0, fault("NoSuchHealthCheck", "A health check with id %s does not exist.", id)
	}
	return i, nil
}

func (f *fakeBackend) CreateHealthCheck(callerRef string, cfg healthcheck.Config) (healthcheck.Check, bool, error) {
	for _, c := range f.checks {
		if c.CallerReference != callerRef {
			continue
		}
		if reflect.DeepEqual(c.HealthCheckConfig, cfg) {
			return c, false, nil
		}
		return c, false, fault("HealthCheckAlreadyExists", "caller reference %s is used by another check", callerRef)
	}
	c := healthcheck.Check{ID: f.id("hc-"), CallerReference: callerRef, HealthCheckConfig: cfg, HealthCheckVersion: 1}
	f.checks = append(f.checks, c)
	return c, true, nil
}

func (f *fakeBackend) HealthCheck(id string) (healthcheck.Check, error) {
	i, err := f.check(id)
	if err != nil {
		return healthcheck.Check{}, err
	}
	return f.checks[i], nil
}

func (f *fakeBackend) HealthChecks(marker string, limit int) ([]healthcheck.Check, string, error) {
	start := max(0, slices.IndexFunc(f.checks, func(c healthcheck.Check) bool { return c.ID == marker }))
	end := min(start+limit, len(f.checks))
	if end < len(f.checks) {
		return f.checks[start:end], f.checks[end].ID, nil
	}
	return f.checks[start:end], "", nil
}

func (f *fakeBackend) HealthCheckCount() (int, error) { return len(f.checks), nil }

func (f *fakeBackend) UpdateHealthCheck(id string, u HealthCheckUpdate) (healthcheck.Check, error) {
	i, err := f.check(id)
	if err != nil {
		return healthcheck.Check{}, err
	}
	c := &f.checks[i]
	if u.Version != nil && *u.Version != c.HealthCheckVersion {
		return healthcheck.Check{}, fault("HealthCheckVersionMismatch", "version %d is not current", *u.Version)
	}
	if u.Port != nil {
		c.HealthCheckConfig.Port = *u.Port
	}
	if u.Disabled != nil {
		c.HealthCheckConfig.Disabled = *u.Disabled
	}
	c.HealthCheckVersion++
	return *c, nil
}

func (f *fakeBackend) DeleteHealthCheck(id string) error {
	i, err := f.check(id)
	if err == nil {
		f.checks = slices.Delete(f.checks, i, i+1)
	}
	return err
}

func (f *fakeBackend) col(id string) (int, error) {
	i := slices.IndexFunc(f.cols, func(c policy.CIDRCollection) bool { return c.ID == id })
	if i < 0 {
		return 0, fault("NoSuchCidrCollectionException", "The CIDR collection %s does not exist.", id)
	}
	return i, nil
}

func (f *fakeBackend) CreateCIDRCollection(name, callerRef string) (CIDRCollection, error) {
	c := policy.CIDRCollection{ID: f.id("col-"), Name: name}
	f.cols = append(f.cols, c)
	return CIDRCollection{ID: c.ID, Name: name, Version: 1}, nil
}

func (f *fakeBackend) CIDRCollections() ([]CIDRCollection, error) {
	var out []CIDRCollection
	for _, c := range f.cols {
		out = append(out, CIDRCollection{ID: c.ID, Name: c.Name, Version: 1})
	}
	return out, nil
}

func (f *fakeBackend) CIDRCollection(id string) (CIDRCollection, policy.CIDRCollection, error) {
	i, err := f.col(id)
	if err != nil {
		return CIDRCollection{}, policy.CIDRCollection{}, err
	}
	return CIDRCollection{ID: id, Name: f.cols[i].Name, Version: 1}, f.cols[i], nil
}

func (f *fakeBackend) ChangeCIDRCollection(id string, version *int64, changes []CIDRChange) (zones.ChangeInfo, error) {
	i, err := f.col(id)
	if err != nil {
		return zones.ChangeInfo{}, err
	}
	for _, ch := range changes {
		loc := policy.CIDRLocation{Name: ch.LocationName}
		for _, s := range ch.CidrList {
			loc.Blocks = append(loc.Blocks, netip.MustParsePrefix(s))
		}
		f.cols[i].Locations = append(f.cols[i].Locations, loc)
	}
	return f.change(""), nil
}

func (f *fakeBackend) DeleteCIDRCollection(id string) error {
	i, err := f.col(id)
	if err == nil {
		f.cols = slices.Delete(f.cols, i, i+1)
	}
	return err
}

func (f *fakeBackend) exists(resourceType, id string) error {
	if resourceType == "hostedzone" {
		_, err := f.zone(id)
		return err
	}
	_, err := f.check(id)
	return err
}

func (f *fakeBackend) ChangeTags(resourceType, id string, add []zones.Tag, remove []string) error {
	if err := f.exists(resourceType, id); err != nil {
		return err
	}
	key := resourceType + "/" + id
	tags := slices.DeleteFunc(f.tags[key], func(t zones.Tag) bool { return slices.Contains(remove, t.Key) })
	f.tags[key] = append(tags, add...)
	return nil
}

func (f *fakeBackend) Tags(resourceType, id string) ([]zones.Tag, error) {
	return f.tags[resourceType+"/"+id], f.exists(resourceType, id)
}
