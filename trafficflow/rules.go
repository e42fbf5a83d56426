package trafficflow

import (
	"fmt"

	"github.com/r53d/r53d/policy"
)

// The rule types, as documents write them.
const (
	RuleFailover     = "failover"
	RuleGeo          = "geo"
	RuleGeoproximity = "geoproximity"
	RuleLatency      = "latency"
	RuleMultivalue   = "multivalue"
	RuleWeighted     = "weighted"
)

// ruleKinds maps a rule type to the routing policy that answers it.
var ruleKinds = map[string]policy.Kind{
	RuleFailover:     policy.Failover,
	RuleGeo:          policy.Geolocation,
	RuleGeoproximity: policy.Geoproximity,
	RuleLatency:      policy.Latency,
	RuleMultivalue:   policy.Multivalue,
	RuleWeighted:     policy.Weighted,
}

// itemsField is the member that holds each rule type's items.
var itemsField = map[string]string{
	RuleGeo:          "Locations",
	RuleGeoproximity: "GeoproximityLocations",
	RuleLatency:      "Regions",
	RuleMultivalue:   "Items",
	RuleWeighted:     "Items",
}

// entry is one item of a rule with the path messages name it by.
type entry struct {
	item  *Item
	field string // "Primary", "Items[2]"
}

// entries lists the items of a rule in document order, with their paths.
func (r *Rule) entries() []entry {
	if r.RuleType == RuleFailover {
		var out []entry
		if r.Primary != nil {
			out = append(out, entry{r.Primary, "Primary"})
		}
		if r.Secondary != nil {
			out = append(out, entry{r.Secondary, "Secondary"})
		}
		return out
	}
	list, name := r.list(r.RuleType)
	out := make([]entry, len(list))
	for i := range list {
		out[i] = entry{&list[i], fmt.Sprintf("%s[%d]", name, i)}
	}
	return out
}

// list returns the item list a rule type reads and its member name.
func (r *Rule) list(ruleType string) ([]Item, string) {
	switch ruleType {
	case RuleGeo:
		return r.Locations, "Locations"
	case RuleGeoproximity:
		return r.GeoproximityLocations, "GeoproximityLocations"
	case RuleLatency:
		return r.Regions, "Regions"
	case RuleMultivalue, RuleWeighted:
		return r.Items, "Items"
	}
	return nil, ""
}

// strayMembers names the item members a rule of this type does not read,
// so a geo rule with Items is an error rather than an empty rule.
func (r *Rule) strayMembers() []string {
	var out []string
	has := map[string]bool{
		"Primary":               r.Primary != nil,
		"Secondary":             r.Secondary != nil,
		"Locations":             r.Locations != nil,
		"GeoproximityLocations": r.GeoproximityLocations != nil,
		"Regions":               r.Regions != nil,
		"Items":                 r.Items != nil,
	}
	want := map[string]bool{itemsField[r.RuleType]: true}
	if r.RuleType == RuleFailover {
		want = map[string]bool{"Primary": true, "Secondary": true}
	}
	for _, m := range []string{"Primary", "Secondary", "Locations", "GeoproximityLocations", "Regions", "Items"} {
		if has[m] && !want[m] {
			out = append(out, m)
		}
	}
	return out
}

// UsesHealthCheck reports whether an item of the rule names health check
// id.
func (r *Rule) UsesHealthCheck(id string) bool {
	for _, e := range r.entries() {
		if e.item.HealthCheck == id {
			return true
		}
	}
	return false
}
