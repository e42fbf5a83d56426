package zones

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

type groupKey struct {
	name   string
	rrtype uint16
}

// addRecordSets checks record sets one by one, then per group (same name
// and type), and files them: simple values join the static data, routed
// groups become policy sets.
func (b *builder) addRecordSets(sets []*positioned, side *Refs) {
	if len(sets) > maxZoneRecordSets {
		b.diags = append(b.diags, Diagnostic{File: sets[0].file, Rule: "quota", Warning: true,
			Message: fmt.Sprintf("%d record sets: Route 53 allows %d per hosted zone unless the quota is raised", len(sets), maxZoneRecordSets)})
	}
	var order []groupKey
	groups := map[groupKey][]checked{}
	for _, p := range sets {
		c, ok := b.checkRecordSet(p, side)
		if !ok {
			continue
		}
		k := groupKey{c.name, c.rrtype}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], c)
	}
	for _, k := range order {
		if g := groups[k]; b.checkGroup(k, g) {
			b.fileGroup(k, g)
		}
	}
}

// checkGroup applies the rules that span the records of one group.
func (b *builder) checkGroup(k groupKey, g []checked) bool {
	before := len(b.diags)
	first := g[0]
	kind := first.kind
	ids := map[string]bool{}
	for _, c := range g[1:] {
		switch {
		case c.kind != kind && kind == policy.Simple || c.kind == policy.Simple && c.kind != kind:
			b.recordSays(c.src, "Name", "one-policy", "cannot be created as other RRSets exist with the same name and type.")
		case c.kind != kind:
			b.recordSays(c.src, "SetIdentifier", "one-policy", "cannot be created because a non %s rrset exists with the same name and type.", c.kind.Route53Name())
		case kind == policy.Simple:
			b.recordErr(c.src, "Name", "duplicate", "%s", tried("create", setKey{k.name, dns.TypeToString[k.rrtype], ""}, "it already exists"))
		case ids[c.src.SetIdentifier] || c.src.SetIdentifier == first.src.SetIdentifier:
			b.recordErr(c.src, "SetIdentifier", "duplicate", "%s", tried("create", setKey{k.name, dns.TypeToString[k.rrtype], c.src.SetIdentifier}, "it already exists"))
		}
		ids[c.src.SetIdentifier] = true
	}
	if len(b.diags) > before {
		return false
	}
	switch {
	case k.rrtype == dns.TypeNS && strings.HasPrefix(k.name, "*."):
		b.recordErr(first.src, "Name", "wildcard-ns", "NS records cannot have a wildcard name")
	case k.rrtype == dns.TypeCNAME && k.name == b.origin:
		b.recordErr(first.src, "Name", "cname-exclusive", "a CNAME record (or CNAME alias) is not permitted at the zone apex %s", b.origin)
	}
	limit := maxGroupRecords
	if kind == policy.Geoproximity {
		limit = maxProximityRecords
	}
	if kind != policy.Simple && len(g) > limit {
		over := g[limit].src // Route 53's words, which name the group, not a record
		b.diags = append(b.diags, Diagnostic{File: over.file, Line: over.lineOf("Name"), Col: 1, Rule: "quota",
			Message: fmt.Sprintf("Exceeded limit on number of %s RRSets for %s, type %s in this zone.", kind.Route53Name(), PrintedName(k.name), dns.TypeToString[k.rrtype])})
	}
	b.checkPolicyGroup(kind, g)
	return len(b.diags) == before
}

// checkPolicyGroup applies each policy's uniqueness rules (§1.2 rules 8-12).
func (b *builder) checkPolicyGroup(kind policy.Kind, g []checked) {
	seen := map[string]*positioned{}
	unique := func(c checked, key, field, what string) {
		if other, dup := seen[key]; dup {
			b.recordErr(c.src, field, "duplicate-"+strings.ToLower(field), "%s is already used by SetIdentifier %q (line %d); each %s has one record", what, other.SetIdentifier, other.line, strings.ToLower(field))
			return
		}
		seen[key] = c.src
	}
	for _, c := range g {
		switch kind {
		case policy.Weighted:
			if c.src.AliasTarget == nil && g[0].src.AliasTarget == nil && c.ttl != g[0].ttl {
				b.recordSays(c.src, "TTL", "weighted-ttl", "cannot be created as weighted sets must contain the same TTL.")
			}
		case policy.Latency:
			unique(c, c.record.Region, "Region", "region "+c.record.Region)
		case policy.Failover:
			unique(c, c.src.Failover, "Failover", c.src.Failover)
		case policy.Geolocation:
			l := c.record.Geo
			unique(c, l.Continent+"/"+l.Country+"/"+l.Subdivision, "GeoLocation", "this location")
		case policy.IPBased:
			if id := c.src.CidrRoutingConfig.CollectionID; id != g[0].src.CidrRoutingConfig.CollectionID {
				b.recordErr(c.src, "CidrRoutingConfig.CollectionId", "cidr", "every IP-based record of a name and type must use the same CIDR collection (%q, not %q)", g[0].src.CidrRoutingConfig.CollectionID, id)
			}
			unique(c, c.record.CIDRLocation, "CidrRoutingConfig", "location "+c.record.CIDRLocation)
		}
	}
}

// fileGroup adds a checked group to the zone: simple values as static
// records, anything else as a policy set.
func (b *builder) fileGroup(k groupKey, g []checked) {
	first := g[0]
	at := sourced{file: first.src.file, line: int32(first.src.line), col: int32(first.src.col), fromRecordSet: true}
	if first.kind == policy.Simple && first.record.Alias == nil {
		for _, rr := range first.record.RRs {
			s := at
			s.rr = rr
			b.places = append(b.places, s)
			b.add(len(b.places) - 1)
		}
		return
	}
	set := &policy.Set{Name: k.name, Type: k.rrtype, Kind: first.kind}
	srcs := make([]*positioned, len(g))
	for i, c := range g {
		set.Records = append(set.Records, c.record)
		srcs[i] = c.src
	}
	if first.kind == policy.IPBased {
		set.Collection = first.src.CidrRoutingConfig.CollectionID
	}
	b.addPolicy(k, set, at, srcs)
}

// addPolicy files a policy set at its name; a static RRset of the same
// name and type is a conflict.
func (b *builder) addPolicy(k groupKey, set *policy.Set, at sourced, srcs []*positioned) {
	owner := b.owner(k.name)
	if have := owner.Get(k.rrtype); have != nil {
		b.errorf(at, "rrset-conflict", "%s %s is defined in both %s (line %d) and %s; define it in one place", k.name, dns.TypeToString[k.rrtype], b.place(have, 0).file, b.place(have, 0).line, at.file)
		return
	}
	b.places = append(b.places, at)
	b.srcs[set] = srcs
	owner.RRsets = append(owner.RRsets, RRset{Type: k.rrtype, Policy: set, first: int32(len(b.places) - 1)})
}

// checkAliases requires every alias to point at a record set of its own
// type inside the zone, not at itself (§1.2 rule 17), reporting each at
// its own record. Targets outside the zone are AWS resources
// (checkResourceAlias).
func (b *builder) checkAliases(side *Refs) {
	for _, n := range b.order {
		name := n.Name
		for _, set := range n.RRsets {
			if set.Policy == nil || set.Policy.Flow != nil { // a policy record's aliases lead to its rules
				continue
			}
			t := set.Type
			for i, r := range set.Policy.Records {
				if r.Alias == nil {
					continue
				}
				p := b.srcs[set.Policy][i]
				target := r.Alias.Target
				switch {
				case !dns.IsSubDomain(b.origin, target):
					b.checkResourceAlias(p, name, r.Alias, t, side)
				case target == name:
					b.recordErr(p, "AliasTarget.DNSName", "alias", "an alias cannot point at its own name and type")
				case b.set(target, t) == nil:
					b.recordSays(p, "AliasTarget.DNSName", "alias", "Tried to create an alias that targets %s, type %s in zone %s, but that target was not found", target, dns.TypeToString[t], b.origin)
				}
			}
		}
	}
}

// checkAliasLoops rejects aliases that lead back to themselves (a → b → a):
// Route 53 could never create them (a target must exist first), and such
// a name would answer nothing. Each loop is reported at the alias that
// closes it.
func (b *builder) checkAliasLoops() {
	const (
		unseen = iota
		visiting
		done
	)
	state := map[groupKey]int{}
	var visit func(k groupKey, path []string)
	visit = func(k groupKey, path []string) {
		state[k] = visiting
		if set := b.set(k.name, k.rrtype); set != nil && set.Policy != nil {
			for i, r := range set.Policy.Records {
				if r.Alias == nil || r.Alias.Target == k.name {
					continue // a self-alias is reported by checkAliases
				}
				next := groupKey{r.Alias.Target, k.rrtype}
				switch state[next] {
				case visiting:
					loop := append(path[slices.Index(path, next.name):], next.name)
					b.recordErr(b.srcs[set.Policy][i], "AliasTarget.DNSName", "alias", "alias loop: %s", strings.Join(loop, " → "))
				case unseen:
					visit(next, append(path, next.name))
				}
			}
		}
		state[k] = done
	}
	for _, n := range b.order {
		name := n.Name
		for _, set := range n.RRsets {
			// Only routed groups hold aliases: a static RRset ends a path.
			if k := (groupKey{name, set.Type}); set.Policy != nil && set.Policy.Flow == nil && state[k] == unseen {
				visit(k, []string{name})
			}
		}
	}
}
