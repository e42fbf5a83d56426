package zones

import "fmt"

// conflict returns Route 53's message for a CREATE or UPSERT of rs (key
// k) that clashes with a set the batch keeps at the same name: a CNAME
// beside other data (RFC 1034 §3.6.2), or simple and routed sets mixed
// under one name and type. The message names the change, not the sets it
// clashes with, and is worded as Route 53 words it so scripts that match
// its text keep working.
func (b *batch) conflict(k setKey, rs ResourceRecordSet) string {
	for i, other := range b.sets {
		if !b.live[i] {
			continue
		}
		o := keyOf(other)
		if o.name != k.name || o == k {
			continue
		}
		switch {
		case k.rrtype == "CNAME" && o.rrtype != "CNAME":
			return fmt.Sprintf("RRSet of type CNAME with DNS name %s is not permitted as it conflicts with other records with the same DNS name in zone %s", PrintedName(k.name), PrintedName(b.zone))
		case k.rrtype != "CNAME" && o.rrtype == "CNAME":
			return fmt.Sprintf("RRSet of type %s with DNS name %s is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone %s", k.rrtype, PrintedName(k.name), PrintedName(b.zone))
		case o.rrtype != k.rrtype:
		case k.id == "" && o.id != "":
			return fmt.Sprintf("RRSet with DNS name %s, type %s cannot be created as other RRSets exist with the same name and type.", PrintedName(k.name), k.rrtype)
		case k.id != "" && o.id == "":
			return fmt.Sprintf("RRSet with DNS name %s, type %s, SetIdentifier %s cannot be created as a non-%s set exists with the same name and type.", PrintedName(k.name), k.rrtype, k.id, routingName(rs))
		}
	}
	return ""
}

// routingName is the routing policy a record set's fields give it, as
// Route 53's messages name it.
func routingName(rs ResourceRecordSet) string {
	switch {
	case rs.Weight != nil:
		return "weighted"
	case rs.Failover != "":
		return "failover"
	case rs.Region != "":
		return "latency"
	case rs.GeoLocation != nil:
		return "geolocation"
	case rs.GeoProximityLocation != nil:
		return "geoproximity"
	case rs.CidrRoutingConfig != nil:
		return "cidr"
	case rs.MultiValueAnswer != nil:
		return "multivalue"
	}
	return "routed"
}
