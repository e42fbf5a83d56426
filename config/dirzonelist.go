package config

import (
	"fmt"
	"slices"

	"github.com/r53d/r53d/zones"
)

// HostedZones lists zones in Route 53's name order from the zone with id
// marker ("" for the first).
func (d *Dir) HostedZones(marker string, limit int) (page []zones.HostedZoneInfo, next string, err error) {
	limit = pageSize(limit, maxZonePage, maxZonePage)
	err = d.store.Read(func(tx *zones.Txn) error {
		all, _, err := tx.ListZones("", 0)
		if err != nil {
			return err
		}
		i := 0
		if marker != "" {
			i = slices.IndexFunc(all, func(hz *zones.HostedZone) bool { return hz.ID == marker })
			if i < 0 {
				return noSuchZone(marker)
			}
		}
		for ; i < len(all); i++ {
			if len(page) == limit {
				next = all[i].ID
				break
			}
			info, err := d.zoneInfo(tx, all[i])
			if err != nil {
				return err
			}
			page = append(page, info)
		}
		return nil
	})
	return page, next, err
}

// HostedZonesByName lists zones in Route 53's name order from the first
// at or after (dnsname, id).
func (d *Dir) HostedZonesByName(dnsname, id string, limit int) (page []zones.HostedZoneInfo, nextName, nextID string, err error) {
	limit = pageSize(limit, maxZonePage, maxZonePage)
	from := ""
	if dnsname != "" {
		var ok bool
		if from, ok = route53Name(dnsname); !ok {
			return nil, "", "", &zones.Fault{Code: "InvalidDomainName", Message: fmt.Sprintf("%s is not a valid domain name", dnsname)}
		}
	} else if id != "" {
		return nil, "", "", invalidInput("a hosted zone id (hostedzoneid) needs a DNS name (dnsname)")
	}
	err = d.store.Read(func(tx *zones.Txn) error {
		rest, _, err := tx.ListZones(from, 0)
		if err != nil {
			return err
		}
		// One zone per name: the id only skips that zone when it sorts
		// before the id asked for.
		if len(rest) > 0 && id != "" && rest[0].Zone.Origin == from && rest[0].ID < id {
			rest = rest[1:]
		}
		for i, hz := range rest {
			if i == limit {
				nextName, nextID = zones.PrintedName(hz.Zone.Origin), hz.ID
				break
			}
			info, err := d.zoneInfo(tx, hz)
			if err != nil {
				return err
			}
			page = append(page, info)
		}
		return nil
	})
	return page, nextName, nextID, err
}

// HostedZoneCount is the number of zones served.
func (d *Dir) HostedZoneCount() (int, error) {
	n := 0
	err := d.store.Read(func(tx *zones.Txn) error {
		all, _, err := tx.ListZones("", 0)
		n = len(all)
		return err
	})
	return n, err
}

// pageSize is a request's page size: def when unset, at most most.
func pageSize(limit, def, most int) int {
	if limit <= 0 {
		return def
	}
	return min(limit, most)
}
