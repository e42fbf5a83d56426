package config

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
)

// Route 53's page sizes of ListResourceRecordSets.
const (
	defaultRecordPage = 100
	maxRecordPage     = 300
)

// ChangeResourceRecordSets applies a batch to the zone's record-set file:
// all of it or nothing, checked by Route 53's batch rules and then by
// loading the zone as a reload would; the file is written and the zone
// published before it returns.
func (d *Dir) ChangeResourceRecordSets(zoneID, comment string, changes []zones.RecordChange) (zones.ChangeInfo, error) {
	if len(comment) > maxComment {
		return zones.ChangeInfo{}, invalidInput("Comment must be at most %d characters", maxComment)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	e, err := d.openZoneEdit(st, zoneID)
	if err != nil {
		return zones.ChangeInfo{}, err
	}
	if err := d.checkHealthCheckRefs(st, changes); err != nil {
		return zones.ChangeInfo{}, err
	}
	if err := d.checkForeignSets(e, changes); err != nil {
		return zones.ChangeInfo{}, err
	}
	sets, fault := zones.ApplyChanges(e.origin, e.sets, changes)
	if fault != nil {
		return zones.ChangeInfo{}, fault
	}
	e.sets = sets
	return d.commitZone(st, e, comment)
}

// checkHealthCheckRefs refuses a set naming a health check the directory
// does not define, as Route 53 does (NoSuchHealthCheck, before the batch
// rules).
func (d *Dir) checkHealthCheckRefs(st *dirState, changes []zones.RecordChange) error {
	refs := st.refs()
	for _, c := range changes {
		if id := c.Set.HealthCheckID; id != "" && c.Action != "DELETE" && !refs.HealthChecks[id] {
			return &zones.Fault{Code: "NoSuchHealthCheck", Message: fmt.Sprintf("A health check with id %s does not exist.", id)}
		}
	}
	return nil
}

// checkForeignSets refuses changes to sets defined in the zone's other
// files — its master file above all, which r53d never rewrites — naming
// where each is, instead of moving it into the record-set file.
func (d *Dir) checkForeignSets(e *zoneEdit, changes []zones.RecordChange) error {
	own := map[zones.RecordSetKey]bool{}
	for _, s := range e.sets {
		if k, ok := setKey(s.Name, s.Type, s.SetIdentifier); ok {
			own[k] = true
		}
	}
	stored := map[zones.RecordSetKey]bool{}
	instances := map[zones.RecordSetKey]string{} // policy records: their instance ids
	err := d.store.Read(func(tx *zones.Txn) error {
		sets, _, err := tx.ListRecordSets(e.origin, zones.RecordSetKey{}, 0)
		for _, s := range sets {
			if !own[s.RecordSetKey] {
				stored[s.RecordSetKey] = true
				if s.Record == nil && s.RRs == nil {
					instances[s.RecordSetKey] = s.ResourceRecordSet().TrafficPolicyInstanceID
				}
			}
		}
		return err
	})
	if err != nil || len(stored) == 0 {
		return err
	}
	var msgs []string
	var places map[zones.RecordSetKey]string
	for _, c := range changes {
		k, ok := setKey(c.Set.Name, c.Set.Type, c.Set.SetIdentifier)
		if !ok || !stored[k] {
			continue
		}
		if id := instances[k]; id != "" {
			msgs = append(msgs, fmt.Sprintf("RRSet with DNS name %s, type %s is the policy record of traffic policy instance %s: change it with UpdateTrafficPolicyInstance or DeleteTrafficPolicyInstance",
				k.Name, strings.ToUpper(c.Set.Type), id))
			continue
		}
		if places == nil {
			places = d.foreignPlaces(e)
		}
		where, ok := places[k]
		if !ok {
			where = "another file of the zone"
		}
		why := "r53d does not rewrite master files"
		if !strings.HasPrefix(where, "the master file") {
			why = "r53d changes the zone in " + e.file + " only"
		}
		msgs = append(msgs, fmt.Sprintf("RRSet with DNS name %s, type %s is defined in %s; %s: change it there",
			k.Name, strings.ToUpper(c.Set.Type), where, why))
	}
	if len(msgs) == 0 {
		return nil
	}
	return &zones.Fault{Code: "InvalidChangeBatch", Message: "[" + strings.Join(msgs, ", ") + "]", Messages: msgs}
}

// foreignPlaces says where each set of the zone's other files is: "the
// master file lab.example.zone (line 12)".
func (d *Dir) foreignPlaces(e *zoneEdit) map[zones.RecordSetKey]string {
	out := map[zones.RecordSetKey]string{}
	for _, f := range e.files {
		switch {
		case f == e.file:
		case zones.Classify(f) == zones.MasterFile:
			sets, err := zones.MasterFileRecordSets(d.fsys(), f, withDefaults(d.opts.Limits))
			if err != nil {
				continue
			}
			for k, p := range sets {
				if _, ok := out[k]; !ok {
					out[k] = fmt.Sprintf("the master file %s (line %d)", p.File, p.Line)
				}
			}
		default:
			data, _, _, err := sumOf(d.path, f)
			if err != nil {
				continue
			}
			_, sets, _ := zones.ParseRecordSetsFile(f, data)
			for _, s := range sets {
				if k, ok := setKey(s.Name, s.Type, s.SetIdentifier); ok {
					out[k] = "the file " + f
				}
			}
		}
	}
	return out
}

// setKey is a record set's identity as the store lists it.
func setKey(name, typ, setID string) (zones.RecordSetKey, bool) {
	n, ok := route53Name(name)
	t, known := dns.StringToType[strings.ToUpper(typ)]
	return zones.RecordSetKey{Name: n, Type: t, SetIdentifier: setID}, ok && known
}

// route53Name turns a name as Route 53 clients write it (trailing dot
// optional, "\ooo" octal escapes such as "\052") into the store's form:
// a lower-case FQDN with decimal escapes for bytes outside letters,
// digits, '*', '-' and '_'.
func route53Name(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+3 < len(s) && isOctal(s[i+1:i+4]):
			v := int(s[i+1]-'0')*64 + int(s[i+2]-'0')*8 + int(s[i+3]-'0')
			if v > 255 {
				return "", false
			}
			c = byte(v)
			i += 3
		case c == '\\' && i+1 < len(s):
			i++
			c = s[i]
		case c == '.':
			b.WriteByte(c)
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c == '*' || c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "\\%03d", c)
		}
	}
	name := dns.Fqdn(b.String())
	_, ok := dns.IsDomainName(name)
	return name, ok
}

func isOctal(s string) bool {
	for i := range 3 {
		if s[i] < '0' || s[i] > '7' {
			return false
		}
	}
	return true
}

// ResourceRecordSets lists the zone's record sets in Route 53's order
// from a start position (not a filter).
func (d *Dir) ResourceRecordSets(zoneID string, from zones.RecordSetStart, limit int) (page []zones.ResourceRecordSet, next *zones.RecordSetStart, err error) {
	limit = pageSize(limit, defaultRecordPage, maxRecordPage)
	key, fault := startKey(from)
	if fault != nil {
		return nil, nil, fault
	}
	err = d.store.Read(func(tx *zones.Txn) error {
		hz, ok := tx.ZoneByID(zoneID)
		if !ok {
			return noSuchZone(zoneID)
		}
		sets, _, err := tx.ListRecordSets(hz.Zone.Origin, key, limit+1)
		if err != nil {
			return err
		}
		for i, s := range sets {
			rrs := s.ResourceRecordSet()
			if i == limit {
				next = &zones.RecordSetStart{Name: rrs.Name, Type: rrs.Type, Identifier: rrs.SetIdentifier}
				break
			}
			page = append(page, rrs)
		}
		return nil
	})
	return page, next, err
}

// startKey is a ListResourceRecordSets start position as the store keys
// record sets.
func startKey(from zones.RecordSetStart) (zones.RecordSetKey, *zones.Fault) {
	var key zones.RecordSetKey
	if from.Name == "" {
		if from.Type != "" || from.Identifier != "" {
			return key, invalidInput("The input is not valid: a start record type (type) or identifier needs a start record name (name)")
		}
		return key, nil
	}
	name, ok := route53Name(from.Name)
	if !ok {
		return key, invalidInput("The input is not valid: %q is not a valid DNS name", from.Name)
	}
	key.Name = name
	if from.Type != "" {
		t, ok := dns.StringToType[strings.ToUpper(from.Type)]
		if !ok {
			return key, invalidInput("The input is not valid: %q is not a record type", from.Type)
		}
		key.Type = t
	} else if from.Identifier != "" {
		return key, invalidInput("The input is not valid: a start identifier needs a start record type (type)")
	}
	key.SetIdentifier = from.Identifier
	return key, nil
}
