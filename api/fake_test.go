package api

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// fakeBackend is a small in-memory Backend: enough behaviour for the
// HTTP layer's tests, none of the real rules (those are config.Dir's).
type fakeBackend struct {
	zones   []*fakeZone
	changes map[string]zones.ChangeInfo
	checks  []healthcheck.Check
	cols    []policy.CIDRCollection
	tags    map[string][]zones.Tag
	n       int
	// err, when set, is returned by every call: an internal failure.
	err error
}

type fakeZone struct {
	HostedZone
	sets []zones.ResourceRecordSet
}

var fakeNS = []string{"ns1.r53d.test.", "ns2.r53d.test."}

func newFake() *fakeBackend {
	return &fakeBackend{changes: map[string]zones.ChangeInfo{}, tags: map[string][]zones.Tag{}}
}

func (f *fakeBackend) id(prefix string) string { f.n++; return fmt.Sprintf("%s%04d", prefix, f.n) }

func (f *fakeBackend) change(comment string) zones.ChangeInfo {
	ci := zones.ChangeInfo{ID: f.id("C"), Status: zones.ChangeInSync, SubmittedAt: time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC), Comment: comment}
	f.changes[ci.ID] = ci
	return ci
}

func fault(code, format string, args ...any) *zones.Fault {
	return &zones.Fault{Code: code, Message: fmt.Sprintf(format, args...)}
}

func (f *fakeBackend) zone(id string) (*fakeZone, error) {
	for _, z := range f.zones {
		if z.ID == id {
			return z, nil
		}
	}
	return nil, fault("NoSuchHostedZone", "No hosted zone found with ID: %s", id)
}

func (f *fakeBackend) CreateHostedZone(in CreateZoneInput) (HostedZone, zones.ChangeInfo, error) {
	for _, z := range f.zones {
		if z.CallerReference == in.CallerReference {
			return HostedZone{}, zones.ChangeInfo{}, fault("HostedZoneAlreadyExists", "caller reference %s used", in.CallerReference)
		}
	}
	name := strings.ToLower(strings.TrimSuffix(in.Name, ".")) + "."
	z := &fakeZone{HostedZone: HostedZone{ZoneMeta: zones.ZoneMeta{ID: f.id("Z"), CallerReference: in.CallerReference, Comment: in.Comment},
		Name: name, NameServers: fakeNS}}
	ttl := int64(900)
	z.sets = []zones.ResourceRecordSet{
		{Name: name, Type: "NS", TTL: &ttl, ResourceRecords: []zones.ResourceRecord{{Value: fakeNS[0]}, {Value: fakeNS[1]}}},
		{Name: name, Type: "SOA", TTL: &ttl, ResourceRecords: []zones.ResourceRecord{{Value: fakeNS[0] + " hostmaster. 1 7200 900 1209600 86400"}}},
	}
	f.zones = append(f.zones, z)
	return f.view(z), f.change(""), f.err
}

func (f *fakeBackend) view(z *fakeZone) HostedZone {
	hz := z.HostedZone
	hz.RecordSetCount = len(z.sets)
	hz.Tags = f.tags["hostedzone/"+z.ID]
	return hz
}

func (f *fakeBackend) HostedZone(id string) (HostedZone, error) {
	if f.err != nil {
		return HostedZone{}, f.err
	}
	z, err := f.zone(id)
	if err != nil {
		return HostedZone{}, err
	}
	return f.view(z), nil
}

func (f *fakeBackend) HostedZones(marker string, limit int) ([]HostedZone, string, error) {
	start := 0
	for i, z := range f.zones {
		if z.ID == marker {
			start = i
		}
	}
	var page []HostedZone
	for _, z := range f.zones[start:] {
		if len(page) == limit {
			return page, z.ID, nil
		}
		page = append(page, f.view(z))
	}
	return page, "", nil
}

func (f *fakeBackend) HostedZonesByName(dnsname, id string, limit int) ([]HostedZone, string, string, error) {
	var page []HostedZone
	for _, z := range f.zones {
		if z.Name < dnsname {
			continue
		}
		if len(page) == limit {
			return page, z.Name, z.ID, nil
		}
		page = append(page, f.view(z))
	}
	return page, "", "", nil
}

func (f *fakeBackend) HostedZoneCount() (int, error) { return len(f.zones), nil }

func (f *fakeBackend) DeleteHostedZone(id string) (zones.ChangeInfo, error) {
	z, err := f.zone(id)
	if err != nil {
		return zones.ChangeInfo{}, err
	}
	if len(z.sets) > 2 {
		return zones.ChangeInfo{}, fault("HostedZoneNotEmpty", "The specified hosted zone contains non-required resource record sets and so cannot be deleted.")
	}
	f.zones = slices.DeleteFunc(f.zones, func(o *fakeZone) bool { return o == z })
	return f.change(""), nil
}

func (f *fakeBackend) UpdateHostedZoneComment(id, comment string) (HostedZone, error) {
	z, err := f.zone(id)
	if err != nil {
		return HostedZone{}, err
	}
	z.Comment = comment
	return f.view(z), nil
}

func (f *fakeBackend) ChangeResourceRecordSets(zoneID, comment string, changes []zones.RecordChange) (zones.ChangeInfo, error) {
	z, err := f.zone(zoneID)
	if err != nil {
		return zones.ChangeInfo{}, err
	}
	sets := slices.Clone(z.sets)
	var msgs []string
	for _, ch := range changes {
		rs := ch.Set
		rs.Name = strings.ToLower(strings.TrimSuffix(rs.Name, ".")) + "."
		i := slices.IndexFunc(sets, func(o zones.ResourceRecordSet) bool {
			return o.Name == rs.Name && o.Type == rs.Type && o.SetIdentifier == rs.SetIdentifier
		})
		switch {
		case ch.Action == "CREATE" && i >= 0:
			msgs = append(msgs, fmt.Sprintf("Tried to create resource record set [name='%s', type='%s'] but it already exists", rs.Name, rs.Type))
		case ch.Action == "DELETE" && i < 0:
			msgs = append(msgs, fmt.Sprintf("Tried to delete resource record set [name='%s', type='%s'] but it was not found", rs.Name, rs.Type))
		case ch.Action == "DELETE":
			sets = slices.Delete(sets, i, i+1)
		case i >= 0:
			sets[i] = rs
		default:
			sets = append(sets, rs)
		}
	}
	if len(msgs) > 0 {
		return zones.ChangeInfo{}, &zones.Fault{Code: "InvalidChangeBatch", Message: "[" + strings.Join(msgs, ", ") + "]", Messages: msgs}
	}
	slices.SortFunc(sets, func(a, b zones.ResourceRecordSet) int {
		return strings.Compare(a.Name+" "+a.Type+" "+a.SetIdentifier, b.Name+" "+b.Type+" "+b.SetIdentifier)
	})
	z.sets = sets
	ci := f.change(comment)
	ci.Status = zones.ChangePending // GetChange reports it INSYNC
	return ci, nil
}

func (f *fakeBackend) ResourceRecordSets(zoneID string, from RecordSetStart, limit int) ([]zones.ResourceRecordSet, *RecordSetStart, error) {
	z, err := f.zone(zoneID)
	if err != nil {
		return nil, nil, err
	}
	key := from.Name + " " + from.Type + " " + from.Identifier
	var page []zones.ResourceRecordSet
	for _, rs := range z.sets {
		if from.Name != "" && rs.Name+" "+rs.Type+" "+rs.SetIdentifier < key {
			continue
		}
		if len(page) == limit {
			return page, &RecordSetStart{Name: rs.Name, Type: rs.Type, Identifier: rs.SetIdentifier}, nil
		}
		page = append(page, rs)
	}
	return page, nil, nil
}

func (f *fakeBackend) Change(id string) (zones.ChangeInfo, error) {
	ci, ok := f.changes[id]
	if !ok {
		return ci, fault("NoSuchChange", "A change with the specified change ID does not exist.")
	}
	return ci, nil
}
