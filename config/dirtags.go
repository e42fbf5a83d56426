package config

import (
	"slices"

	"github.com/r53d/r53d/zones"
)

// Route 53's tag bounds.
const (
	maxTags        = 10
	maxTagKey      = 128
	maxTagValue    = 256
	tagsHostedZone = "hostedzone"
	tagsCheck      = "healthcheck"
)

// ChangeTags adds (or replaces) and removes tags of a hosted zone, kept in
// its record-set file, or of a health check, kept in the health-checks
// file.
func (d *Dir) ChangeTags(resourceType, id string, add []zones.Tag, remove []string) error {
	if err := checkTagRequest(resourceType, add, remove); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	if resourceType == tagsCheck {
		i := findCheck(st, id)
		if i < 0 {
			return noSuchCheck(id)
		}
		tags, err := changedTags(st.checks[i].Tags, add, remove)
		if err != nil {
			return err
		}
		checks := slices.Clone(st.checks)
		checks[i].Tags = tags
		return d.writeChecks(st, checks)
	}
	e, err := d.openZoneEdit(st, id)
	if err != nil {
		return err
	}
	if e.meta.Tags, err = changedTags(e.meta.Tags, add, remove); err != nil {
		return err
	}
	_, err = d.commitZone(st, e, "")
	return err
}

func checkTagRequest(resourceType string, add []zones.Tag, remove []string) error {
	if resourceType != tagsHostedZone && resourceType != tagsCheck {
		return invalidInput("ResourceType %q is not supported: r53d tags hostedzone and healthcheck resources", resourceType)
	}
	if len(add) > maxTags || len(remove) > maxTags {
		return invalidInput("AddTags and RemoveTagKeys hold at most %d entries each", maxTags)
	}
	for _, t := range add {
		if len(t.Key) < 1 || len(t.Key) > maxTagKey || len(t.Value) > maxTagValue {
			return invalidInput("a tag's Key must be 1 to %d characters and its Value at most %d", maxTagKey, maxTagValue)
		}
	}
	return nil
}

// changedTags removes keys, then adds or replaces tags, keeping the order
// tags were first added in.
func changedTags(tags []zones.Tag, add []zones.Tag, remove []string) ([]zones.Tag, error) {
	out := slices.DeleteFunc(slices.Clone(tags), func(t zones.Tag) bool { return slices.Contains(remove, t.Key) })
	for _, t := range add {
		if i := slices.IndexFunc(out, func(have zones.Tag) bool { return have.Key == t.Key }); i >= 0 {
			out[i].Value = t.Value
		} else {
			out = append(out, t)
		}
	}
	if len(out) > maxTags {
		return nil, invalidInput("a resource has at most %d tags; this change would leave %d", maxTags, len(out))
	}
	return out, nil
}

// Tags returns the tags of a hosted zone or a health check.
func (d *Dir) Tags(resourceType, id string) ([]zones.Tag, error) {
	switch resourceType {
	case tagsCheck:
		st := d.state.Load()
		if i := findCheck(st, id); i >= 0 {
			return slices.Clone(st.checks[i].Tags), nil
		}
		return nil, noSuchCheck(id)
	case tagsHostedZone:
		hz, err := d.hostedZone(id)
		if err != nil {
			return nil, err
		}
		return slices.Clone(hz.Zone.Meta.Tags), nil
	}
	return nil, invalidInput("ResourceType %q is not supported: r53d tags hostedzone and healthcheck resources", resourceType)
}
