package zones

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
)

// A hosted zone's id is the one its record-set file gives, else one
// derived from its origin; ids are unique in the store.

// ZoneID is the hosted-zone id a zone gets from its origin when it is
// first stored: stable across reloads, shaped like Route 53's.
func ZoneID(origin string) string {
	sum := sha256.Sum256([]byte(origin))
	return "Z" + base32.StdEncoding.EncodeToString(sum[:10])
}

// releaseIDs frees the ids that zs's files give from the stored zones of
// other origins that hold them (an id moved from one file to another), so
// every zone of zs can be put. Two zones of zs with one id are an error.
func (t *Txn) releaseIDs(zs []*Zone) error {
	claimed := map[string]string{}
	for _, z := range zs {
		id := z.Meta.ID
		if id == "" {
			continue
		}
		if origin, dup := claimed[id]; dup {
			return fmt.Errorf("zone store: zones %s and %s both have hosted-zone id %s", origin, z.Origin, id)
		}
		claimed[id] = z.Origin
		if hz, ok := t.ZoneByID(id); ok && hz.Zone.Origin != z.Origin {
			if _, err := t.DeleteZone(hz.Zone.Origin); err != nil {
				return err
			}
		}
	}
	return nil
}

// ZonesByID lists up to limit zones (0: all) ordered by hosted-zone id,
// as ListHostedZones pages through them, from the zone with id from (""
// for the first). next is the id of the first zone of the following page,
// "" at the end.
func (t *Txn) ZonesByID(from string, limit int) (page []*HostedZone, next string, err error) {
	it, err := t.tx.LowerBound(tableZones, "id", from)
	if err != nil {
		return nil, "", fmt.Errorf("zone store: list zones by id: %w", err)
	}
	for raw := it.Next(); raw != nil; raw = it.Next() {
		hz := raw.(*HostedZone)
		if limit > 0 && len(page) == limit {
			return page, hz.ID, nil
		}
		page = append(page, hz)
	}
	return page, "", nil
}
