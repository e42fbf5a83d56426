package trafficflow

// MaxDepth is how many rules a path from the start may pass through: the
// policy engine follows that many groups along one answer (the bound it
// also puts on alias chains).
const MaxDepth = 8

// graph checks the document as a tree: every rule reachable from the
// start (an endpoint nothing references is harmless and allowed), no rule reached again along its own path (a cycle), and
// no path through more than MaxDepth rules. Each rule is walked once: its
// height (the most rules on a path from it down) is remembered.
func (c *checker) graph() {
	d := c.d
	const (
		unseen = iota
		visiting
		done
	)
	state := map[string]int{}
	height := map[string]int{}
	var walk func(id string) int
	walk = func(id string) int {
		r, ok := d.Rules[id]
		if !ok {
			return 0
		}
		state[id] = visiting
		h := 1
		for _, e := range r.entries() {
			next := e.item.RuleReference
			switch {
			case next == "":
			case state[next] == visiting:
				c.add(id, e.field+".RuleReference", "rule %q leads back to itself through %q: a policy is a tree without cycles", next, id)
			case state[next] == done:
				h = max(h, 1+height[next])
			default:
				h = max(h, 1+walk(next))
			}
		}
		state[id], height[id] = done, h
		return h
	}
	if d.StartRule != "" {
		if h := walk(d.StartRule); h > MaxDepth {
			c.add(d.StartRule, "", "a path from this start rule passes through %d rules; r53d follows at most %d", h, MaxDepth)
		}
	}
	for _, id := range sortedKeys(d.Rules) {
		if state[id] == unseen {
			c.add(id, "", "the rule is not reachable from the start (no StartRule or RuleReference leads to it)")
		}
	}
}
