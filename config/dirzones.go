package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
)

// Route 53's bounds on hosted-zone requests.
const (
	maxZonePage      = 100
	maxCallerRef     = 128
	maxComment       = 256
	soaHostmaster    = "awsdns-hostmaster.amazon.com."
	createdNSTTL     = 172800
	createdSOATTL    = 900
	createdSOAFields = "1 7200 900 1209600 86400"
)

func invalidInput(format string, args ...any) *zones.Fault {
	return &zones.Fault{Code: "InvalidInput", Message: fmt.Sprintf(format, args...)}
}

// zoneName checks a name given for a new zone: r53d writes it as a file
// name, so it takes letters, digits, hyphens and underscores, and at least
// two labels (Route 53 refuses top-level domains too).
func zoneName(name string) (origin string, fault *zones.Fault) {
	base := strings.ToLower(strings.TrimSuffix(name, "."))
	bad := func(why string) *zones.Fault {
		return &zones.Fault{Code: "InvalidDomainName", Message: fmt.Sprintf("%s is not a valid hosted zone name: %s", name, why)}
	}
	labels := strings.Split(base, ".")
	if len(labels) < 2 {
		return "", bad("a hosted zone needs at least two labels (r53d, like Route 53, does not host top-level domains)")
	}
	if len(base) > 253 {
		return "", bad("longer than 253 characters")
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return "", bad("every label has 1 to 63 characters")
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return "", bad("r53d takes letters, digits, hyphens and underscores in zone names")
			}
		}
	}
	return base + ".", nil
}

// CreateHostedZone writes <name>.json with the zone's metadata and the SOA
// and NS records Route 53 makes, and publishes it.
func (d *Dir) CreateHostedZone(in zones.CreateZoneInput) (zones.HostedZoneInfo, zones.ChangeInfo, error) {
	switch {
	case in.PrivateZone:
		return zones.HostedZoneInfo{}, zones.ChangeInfo{}, invalidInput("r53d does not support private hosted zones (VPC associations)")
	case in.DelegationSetID != "":
		return zones.HostedZoneInfo{}, zones.ChangeInfo{}, invalidInput("r53d does not support reusable delegation sets (DelegationSetId); its zones use the server's name servers")
	case in.CallerReference == "" || len(in.CallerReference) > maxCallerRef:
		return zones.HostedZoneInfo{}, zones.ChangeInfo{}, invalidInput("CallerReference must be 1 to %d characters", maxCallerRef)
	case len(in.Comment) > maxComment:
		return zones.HostedZoneInfo{}, zones.ChangeInfo{}, invalidInput("Comment must be at most %d characters", maxComment)
	}
	origin, fault := zoneName(in.Name)
	if fault != nil {
		return zones.HostedZoneInfo{}, zones.ChangeInfo{}, fault
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	if err := d.checkNewZone(st, origin, in.CallerReference); err != nil {
		return zones.HostedZoneInfo{}, zones.ChangeInfo{}, err
	}
	file := strings.TrimSuffix(origin, ".") + ".json"
	if _, present, err := d.current(st, file); err != nil {
		return zones.HostedZoneInfo{}, zones.ChangeInfo{}, err
	} else if present {
		return zones.HostedZoneInfo{}, zones.ChangeInfo{}, &zones.Fault{Code: "ConflictingDomainExists",
			Message: fmt.Sprintf("%s already exists in the zones directory and does not define zone %s; rename or remove it first", file, origin)}
	}
	e := &zoneEdit{origin: origin, file: file, files: []string{file},
		meta: zones.ZoneMeta{ID: d.unusedZoneID(), CallerReference: in.CallerReference, Comment: in.Comment},
		sets: d.apexSets(origin)}
	change, err := d.commitZone(st, e, "")
	if err != nil {
		return zones.HostedZoneInfo{}, zones.ChangeInfo{}, err
	}
	info, err := d.HostedZone(e.meta.ID)
	return info, change, err
}

// checkNewZone refuses a CallerReference already used by a zone (always,
// as Route 53 does: zones are not idempotent) and a second zone of a name
// the server already serves.
func (d *Dir) checkNewZone(st *dirState, origin, ref string) error {
	return d.store.Read(func(tx *zones.Txn) error {
		all, _, err := tx.ListZones("", 0)
		if err != nil {
			return err
		}
		for _, hz := range all {
			if hz.Zone.Meta.CallerReference == ref {
				return &zones.Fault{Code: "HostedZoneAlreadyExists",
					Message: fmt.Sprintf("A hosted zone has already been created with the specified caller reference (%s, zone %s).", ref, hz.ID)}
			}
		}
		files, known := st.zoneFiles[origin]
		if _, served := tx.Zone(origin); served || known {
			return &zones.Fault{Code: "ConflictingDomainExists", Message: fmt.Sprintf(
				"r53d already has a zone named %s (from %s); one server answers for one zone of a name", origin, strings.Join(files, ", "))}
		}
		return nil
	})
}

func (d *Dir) unusedZoneID() string {
	for {
		id := newID('Z')
		if _, err := d.hostedZone(id); err != nil {
			return id
		}
	}
}

// apexSets are the SOA and NS record sets Route 53 gives a new zone.
func (d *Dir) apexSets(origin string) []zones.ResourceRecordSet {
	ns := make([]zones.ResourceRecord, len(d.opts.NameServers))
	for i, n := range d.opts.NameServers {
		ns[i] = zones.ResourceRecord{Value: dns.Fqdn(n)}
	}
	nsTTL, soaTTL := int64(createdNSTTL), int64(createdSOATTL)
	soa := fmt.Sprintf("%s %s %s", dns.Fqdn(d.opts.NameServers[0]), soaHostmaster, createdSOAFields)
	return []zones.ResourceRecordSet{
		{Name: origin, Type: "NS", TTL: &nsTTL, ResourceRecords: ns},
		{Name: origin, Type: "SOA", TTL: &soaTTL, ResourceRecords: []zones.ResourceRecord{{Value: soa}}},
	}
}

// HostedZone returns the zone with id (GetHostedZone).
func (d *Dir) HostedZone(id string) (zones.HostedZoneInfo, error) {
	var info zones.HostedZoneInfo
	err := d.store.Read(func(tx *zones.Txn) error {
		hz, ok := tx.ZoneByID(id)
		if !ok {
			return noSuchZone(id)
		}
		var err error
		info, err = d.zoneInfo(tx, hz)
		return err
	})
	return info, err
}

// zoneInfo is a stored zone as the API shows it. Its name servers are its
// apex NS records, which for a zone made through the API are the
// configured delegation set.
func (d *Dir) zoneInfo(tx *zones.Txn, hz *zones.HostedZone) (zones.HostedZoneInfo, error) {
	sets, _, err := tx.ListRecordSets(hz.Zone.Origin, zones.RecordSetKey{}, 0)
	if err != nil {
		return zones.HostedZoneInfo{}, err
	}
	info := zones.HostedZoneInfo{ZoneMeta: hz.Zone.Meta, Name: zones.PrintedName(hz.Zone.Origin), RecordSetCount: len(sets)}
	info.ID = hz.ID
	info.Tags = slices.Clone(info.Tags)
	if n, ok := hz.Zone.Node(hz.Zone.Origin); ok {
		for _, rr := range n.RRset(dns.TypeNS) {
			info.NameServers = append(info.NameServers, rr.(*dns.NS).Ns)
		}
	}
	if len(info.NameServers) == 0 {
		info.NameServers = slices.Clone(d.opts.NameServers)
	}
	return info, nil
}

// UpdateHostedZoneComment writes the zone's comment into its file.
func (d *Dir) UpdateHostedZoneComment(id, comment string) (zones.HostedZoneInfo, error) {
	if len(comment) > maxComment {
		return zones.HostedZoneInfo{}, invalidInput("Comment must be at most %d characters", maxComment)
	}
	d.mu.Lock()
	st := d.state.Load()
	e, err := d.openZoneEdit(st, id)
	if err == nil {
		e.meta.Comment = comment
		_, err = d.commitZone(st, e, "")
	}
	d.mu.Unlock()
	if err != nil {
		return zones.HostedZoneInfo{}, err
	}
	return d.HostedZone(id)
}

// DeleteHostedZone removes a zone that holds only its apex SOA and NS:
// its record-set file goes. A zone defined by a master file is refused:
// r53d does not delete files written by hand.
func (d *Dir) DeleteHostedZone(id string) (zones.ChangeInfo, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.state.Load()
	hz, err := d.hostedZone(id)
	if err != nil {
		return zones.ChangeInfo{}, err
	}
	origin := hz.Zone.Origin
	files := st.zoneFiles[origin]
	for _, f := range files {
		if zones.Classify(f) == zones.MasterFile {
			return zones.ChangeInfo{}, invalidInput("zone %s is defined in the master file %s; r53d does not delete master files: remove it from the zones directory by hand", origin, f)
		}
	}
	if err := d.checkEmpty(hz); err != nil {
		return zones.ChangeInfo{}, err
	}
	for _, f := range files {
		if _, _, err := d.current(st, f); err != nil {
			return zones.ChangeInfo{}, err
		}
	}
	change := d.changes.begin(d.opts.Now(), "")
	next := st.clone()
	for _, f := range files {
		if err := d.removeFile(f); err != nil {
			d.changes.forget(change)
			return zones.ChangeInfo{}, err
		}
		delete(next.files, f)
	}
	delete(next.zoneFiles, origin)
	d.state.Store(next)
	if err := d.publish(func(tx *zones.Txn) error {
		_, err := tx.DeleteZone(origin)
		return err
	}); err != nil {
		d.changes.forget(change)
		return zones.ChangeInfo{}, fmt.Errorf("unpublish zone %s: %w", origin, err)
	}
	return d.changes.done(change), nil
}

// checkEmpty refuses a zone holding more than its apex SOA and NS.
func (d *Dir) checkEmpty(hz *zones.HostedZone) error {
	return d.store.Read(func(tx *zones.Txn) error {
		sets, _, err := tx.ListRecordSets(hz.Zone.Origin, zones.RecordSetKey{}, 0)
		if err != nil {
			return err
		}
		for _, s := range sets {
			apex := s.Name == hz.Zone.Origin && s.SetIdentifier == ""
			if !apex || s.Type != dns.TypeSOA && s.Type != dns.TypeNS {
				return &zones.Fault{Code: "HostedZoneNotEmpty",
					Message: "The specified hosted zone contains non-required resource record sets and so cannot be deleted."}
			}
		}
		return nil
	})
}
