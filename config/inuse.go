package config

import (
	"fmt"
	"slices"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
)

// checkUnused refuses to delete a check a record or a calculated check uses.
func (d *Dir) checkUnused(st *dirState, id string) error {
	for _, c := range st.checks {
		if slices.Contains(c.HealthCheckConfig.ChildHealthChecks, id) {
			return &zones.Fault{Code: "HealthCheckInUse", Message: fmt.Sprintf("Health check %s is in use: it is a child of the calculated health check %s.", id, c.ID)}
		}
	}
	if err := st.flows.checkUnused(id); err != nil {
		return err
	}
	return d.firstRoutedUse(func(hz *zones.HostedZone, s zones.RecordSet) error {
		if s.Record.HealthCheckID != id {
			return nil
		}
		return &zones.Fault{Code: "HealthCheckInUse", Message: fmt.Sprintf(
			"Health check %s is in use by the resource record set [name='%s', type='%s', set-identifier='%s'] of zone %s (%s); r53d refuses to delete a health check that records use.",
			id, s.Name, dns.TypeToString[s.Type], s.SetIdentifier, hz.Zone.Origin, hz.ID)}
	})
}

// checkCIDRUnused refuses when a record uses the collection (and the
// location, unless location is "").
func (d *Dir) checkCIDRUnused(id, location, code string) error {
	return d.firstRoutedUse(func(hz *zones.HostedZone, s zones.RecordSet) error {
		if location != "" && s.Record.CIDRLocation != location {
			return nil
		}
		n, _ := hz.Zone.Node(s.Name)
		if set := n.Get(s.Type); set == nil || set.Policy == nil || set.Policy.Collection != id {
			return nil
		}
		what := "CIDR collection " + id
		if location != "" {
			what = fmt.Sprintf("location %s of CIDR collection %s", location, id)
		}
		return &zones.Fault{Code: code, Message: fmt.Sprintf("The %s is in use by the resource record set [name='%s', set-identifier='%s'] of zone %s",
			what, s.Name, s.SetIdentifier, hz.Zone.Origin)}
	})
}

// firstRoutedUse calls use for every routed record set of every stored
// zone and returns the first error it gives: the refusal of a delete.
func (d *Dir) firstRoutedUse(use func(*zones.HostedZone, zones.RecordSet) error) error {
	return d.store.Read(func(tx *zones.Txn) error {
		all, _, err := tx.ListZones("", 0)
		if err != nil {
			return err
		}
		for _, hz := range all {
			sets, _, err := tx.ListRecordSets(hz.Zone.Origin, zones.RecordSetKey{}, 0)
			if err != nil {
				return err
			}
			for _, s := range sets {
				if s.Record == nil {
					continue
				}
				if err := use(hz, s); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
