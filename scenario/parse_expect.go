package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/miekg/dns"
	"go.yaml.in/yaml/v3"
)

// defaultTolerance is a distribution's tolerance when none is given: two
// percentage points.
const defaultTolerance = 0.02

// defaultMaxDraws bounds a distribution's lookups when none is given.
const defaultMaxDraws = 1 << 20

func (d *decoder) expect(e *Expect, v *yaml.Node, field string) {
	e.Line = v.Line
	d.fields(v, field, map[string]func(*yaml.Node, string){
		"answer": func(v *yaml.Node, f string) {
			e.Answer, e.HasAnswer = d.strings(v, f)
		},
		"one-of": func(v *yaml.Node, f string) { e.OneOf = d.oneOf(v, f) },
		"rcode": func(v *yaml.Node, f string) {
			s, _ := d.scalar(v, f)
			s = strings.ToUpper(s)
			if _, ok := dns.StringToRcode[s]; !ok && s != "NODATA" {
				d.fail(v, f, "want an rcode (NOERROR, NXDOMAIN, REFUSED, SERVFAIL …) or NODATA, got %q", v.Value)
			}
			e.Rcode = s
		},
		"ttl": func(v *yaml.Node, f string) {
			if n, ok := d.uint(v, f, math.MaxInt32); ok {
				ttl := uint32(n)
				e.TTL = &ttl
			}
		},
		"ecs-scope": func(v *yaml.Node, f string) {
			if n, ok := d.uint(v, f, 128); ok {
				scope := int(n)
				e.Scope = &scope
			}
		},
		"distribution": func(v *yaml.Node, f string) { e.Distribution = d.distribution(v, f) },
	})
	if v.Kind == yaml.MappingNode && len(v.Content) == 0 {
		d.fail(v, field, "empty: expect answer, one-of, rcode, ttl, ecs-scope or distribution")
	}
	if e.Distribution != nil && (e.HasAnswer || e.OneOf != nil) {
		d.fail(v, field, "a distribution checks many answers: leave out answer and one-of")
	}
}

func (d *decoder) uint(v *yaml.Node, field string, limit uint64) (uint64, bool) {
	s, ok := d.scalar(v, field)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > limit {
		d.fail(v, field, "want a whole number from 0 to %d, got %q", limit, s)
		return 0, false
	}
	return n, true
}

// oneOf reads a list of answers; each is a value or a list of values.
func (d *decoder) oneOf(v *yaml.Node, field string) [][]string {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		d.fail(v, field, "want a list of possible answers")
		return nil
	}
	out := make([][]string, 0, len(v.Content))
	for i, item := range v.Content {
		values, ok := d.strings(item, fmt.Sprintf("%s[%d]", field, i))
		if !ok {
			return nil
		}
		out = append(out, values)
	}
	return out
}

// distribution reads {shares: {ANSWER: SHARE, …}, tolerance: T,
// max-draws: N}. Shares are weights: 70 and 30 mean 0.7 and 0.3. An
// answer of several values is written as its values sorted, space
// separated; an empty answer as its rcode or NODATA.
func (d *decoder) distribution(v *yaml.Node, field string) *Distribution {
	dist := &Distribution{Tolerance: defaultTolerance, MaxDraws: defaultMaxDraws}
	var shares *yaml.Node
	d.fields(v, field, map[string]func(*yaml.Node, string){
		"shares":    func(n *yaml.Node, _ string) { shares = n },
		"tolerance": func(n *yaml.Node, f string) { dist.Tolerance = d.tolerance(n, f) },
		"max-draws": func(n *yaml.Node, f string) {
			if m, ok := d.uint(n, f, 1<<30); ok {
				dist.MaxDraws = max(int(m), 100)
			}
		},
	})
	if v.Kind != yaml.MappingNode {
		return nil
	}
	if shares == nil || shares.Kind != yaml.MappingNode || len(shares.Content) == 0 {
		d.fail(v, field+".shares", "want a mapping of answers to their shares")
		return nil
	}
	total := 0.0
	for i := 0; i+1 < len(shares.Content); i += 2 {
		k, s := shares.Content[i], shares.Content[i+1]
		f := field + ".shares." + k.Value
		x, err := strconv.ParseFloat(s.Value, 64)
		if err != nil || x < 0 || math.IsInf(x, 0) || s.Kind != yaml.ScalarNode {
			d.fail(s, f, "want a share ≥ 0, got %s", kindName(s))
			return nil
		}
		total += x
		dist.Shares = append(dist.Shares, Share{Answer: normalizeKey(k.Value), Share: x})
	}
	if total <= 0 {
		d.fail(shares, field+".shares", "the shares add up to 0")
		return nil
	}
	for i := range dist.Shares {
		dist.Shares[i].Share /= total
	}
	return dist
}

// tolerance reads 0.02 or "2%".
func (d *decoder) tolerance(v *yaml.Node, field string) float64 {
	s, _ := d.scalar(v, field)
	scale := 1.0
	if t, ok := strings.CutSuffix(s, "%"); ok {
		s, scale = t, 0.01
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if x *= scale; err != nil || x <= 0 || x >= 1 {
		d.fail(v, field, "want a share in (0, 1) such as 0.02, or a percentage such as 2%%, got %q", v.Value)
		return defaultTolerance
	}
	return x
}
