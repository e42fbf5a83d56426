package impact

import (
	"slices"
	"strings"

	"github.com/r53d/r53d/healthcheck"
	"github.com/r53d/r53d/resources"
)

// Health states of load-balancer targets. A decision reads targets one
// by one, but one target down among several healthy ones changes nothing:
// ELB's health of a target group, and of an Availability Zone's node,
// only turns when its last healthy target does. So a diff takes targets
// down a target group at a time:
//
//   - every target of the group down: what an alias with
//     EvaluateTargetHealth to its load balancer, and the load balancer's
//     answer, can turn on;
//   - when a load balancer using the group has cross-zone load balancing
//     off (an NLB's default) and the group has targets in several zones,
//     also every target of the group in one zone down: that zone's node
//     then drops out of the load balancer's answer.
//
// Single targets down, and several groups or zones down together, are not
// enumerated (nor are several checks down together): a target that matters
// alone is the only one of its group or zone, and so is one of these.

// downState is one health state to decide under: a check down (check), or
// targets of a target group (group, and zone when only one zone's). ids
// are the ids taken down on each side, old then new: the same for a
// check, and for targets each side's own (a target that moved to another
// zone is in one zone on one side and in another on the other).
type downState struct {
	check, group, zone string
	ids                [2][]string
}

func (ds downState) key() string {
	if ds.group == "" {
		return "check " + ds.check
	}
	return "group " + ds.group + " " + ds.zone
}

// health is the state as each side's what-if health, sharing asked.
func (ds downState) health(asked map[string]bool) (old, new *Health) {
	var hs [2]*Health
	for i := range hs {
		hs[i] = &Health{Down: map[string]bool{}, asked: asked}
		for _, id := range ds.ids[i] {
			hs[i].Down[id] = true
		}
	}
	return hs[0], hs[1]
}

// label names the state in st.
func (ds downState) label(st *StateImpact) {
	if ds.group == "" {
		st.Down = ds.check
		return
	}
	st.Down = "every target of target group " + ds.group
	if ds.zone != "" {
		st.Down += " in " + ds.zone
	}
	st.TargetGroup, st.Zone = ds.group, ds.zone
	st.DownIDs = sortedUnique(append(slices.Clone(ds.ids[0]), ds.ids[1]...))
}

// downStates turns the health ids decisions asked about into the states
// to take down that were not seen yet (marking them seen), in id order.
func (d *differ) downStates(asked, seen map[string]bool) []downState {
	var out []downState
	for _, id := range sortedIDs(asked, nil) {
		for _, ds := range d.statesOf(id) {
			if k := ds.key(); !seen[k] {
				seen[k] = true
				out = append(out, ds)
			}
		}
	}
	return out
}

// statesOf is the states an id asked about leads to: the check alone, or
// its target group's states.
func (d *differ) statesOf(id string) []downState {
	group, ok := targetGroupOf(id)
	if !ok {
		return []downState{{check: id, ids: [2][]string{{id}, {id}}}}
	}
	return groupStates(group, d.targetGroups(group))
}

// targetGroupOf is the group name in a target's id, target/<group>/<ip>:<port>.
func targetGroupOf(id string) (string, bool) {
	rest, ok := strings.CutPrefix(id, healthcheck.TargetPrefix)
	if !ok {
		return "", false
	}
	group, _, ok := strings.Cut(rest, "/")
	return group, ok && group != ""
}

// targetGroups finds the target group named name on each side, old then
// new (nil where a side does not declare it).
func (d *differ) targetGroups(name string) [2]*resources.TargetGroup {
	if d.groups == nil {
		d.groups = map[string]*[2]*resources.TargetGroup{}
		for i, s := range []*Side{d.old, d.new} {
			for _, g := range s.Generation().Resources.TargetGroups() {
				if d.groups[g.Name] == nil {
					d.groups[g.Name] = &[2]*resources.TargetGroup{}
				}
				d.groups[g.Name][i] = g
			}
		}
	}
	if gs := d.groups[name]; gs != nil {
		return *gs
	}
	return [2]*resources.TargetGroup{}
}

// groupStates is a target group's states: all its targets down, then,
// when zones matter, all its targets in each zone down.
func groupStates(name string, sides [2]*resources.TargetGroup) []downState {
	all := downState{group: name}
	byZone := map[string]*[2][]string{}
	crossZoneOff := false
	for i, g := range sides {
		if g == nil {
			continue
		}
		for _, t := range g.Targets {
			all.ids[i] = append(all.ids[i], t.CheckID)
			if t.Unused == "" && t.AZ != "all" {
				if byZone[t.AZ] == nil {
					byZone[t.AZ] = &[2][]string{}
				}
				byZone[t.AZ][i] = append(byZone[t.AZ][i], t.CheckID)
			}
		}
		for _, lb := range g.LoadBalancers {
			crossZoneOff = crossZoneOff || !lb.CrossZone
		}
	}
	out := []downState{all}
	if !crossZoneOff || len(byZone) < 2 {
		return out
	}
	zones := make([]string, 0, len(byZone))
	for z := range byZone {
		zones = append(zones, z)
	}
	slices.Sort(zones)
	for _, z := range zones {
		out = append(out, downState{group: name, zone: z, ids: *byZone[z]})
	}
	return out
}

func sortedUnique(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}
