package scenario

import (
	"bytes"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/geo"
	"github.com/r53d/r53d/healthcheck"
	"go.yaml.in/yaml/v3"
)

// Parse reads a scenario file (YAML, or JSON, which is YAML too). Every
// problem found is returned as Errors, each with its line, column and
// field.
func Parse(path string, data []byte) (*File, error) {
	d := &decoder{file: path}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, Errors{syntaxError(path, err)}
	}
	f := &File{Path: path, Seed: 1, text: data}
	if len(doc.Content) == 0 {
		d.fail(nil, "", "empty file: want a mapping with cases")
		return nil, d.errs
	}
	top := doc.Content[0]
	var cases *yaml.Node
	d.fields(top, "", map[string]func(*yaml.Node, string){
		"seed": func(v *yaml.Node, field string) {
			if s, ok := d.scalar(v, field); ok {
				n, err := strconv.ParseUint(s, 10, 64)
				if err != nil {
					d.fail(v, field, "want a whole number ≥ 0, got %q", s)
				}
				f.Seed = n
			}
		},
		"cases": func(v *yaml.Node, _ string) { cases = v },
	})
	switch {
	case cases == nil && top.Kind == yaml.MappingNode:
		d.fail(top, "cases", "missing: a file lists its cases under cases:")
	case cases != nil && cases.Kind != yaml.SequenceNode:
		d.fail(cases, "cases", "want a list of cases, got %s", kindName(cases))
	case cases != nil:
		for i, n := range cases.Content {
			if c := d.testCase(n, fmt.Sprintf("cases[%d]", i)); c != nil {
				f.Cases = append(f.Cases, c)
			}
		}
	}
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	return f, nil
}

// syntaxError positions a YAML syntax error ("yaml: line 3: …").
func syntaxError(path string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &Error{File: path, Message: msg}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ":"); ok {
			if n, err := strconv.Atoi(num); err == nil {
				e.Line, e.Col, e.Message = n, 1, strings.TrimSpace(tail)
			}
		}
	}
	return e
}

func (d *decoder) testCase(n *yaml.Node, path string) *Case {
	before := len(d.errs)
	c := &Case{Line: n.Line, node: n, QType: dns.TypeA, Client: Client{Prefix: netip.MustParsePrefix("192.0.2.1/32")}}
	var hasQuestion, hasExpect bool
	d.fields(n, path, map[string]func(*yaml.Node, string){
		"name": func(v *yaml.Node, field string) { c.Name, _ = d.scalar(v, field) },
		"question": func(v *yaml.Node, field string) {
			hasQuestion = true
			d.question(c, v, field)
		},
		"client": func(v *yaml.Node, field string) { d.client(&c.Client, v, field) },
		"health": func(v *yaml.Node, field string) { d.health(&c.Health, v, field) },
		"expect": func(v *yaml.Node, field string) {
			hasExpect = true
			d.expect(&c.Expect, v, field)
		},
		"snapshot": func(v *yaml.Node, field string) { c.Snapshot = d.boolean(v, field) },
	})
	if n.Kind == yaml.MappingNode && !hasQuestion {
		d.fail(n, path+".question", "missing: what does the case ask?")
	}
	if n.Kind == yaml.MappingNode && !hasExpect && !c.Snapshot {
		d.fail(n, path+".expect", "missing: a case expects something (or is a snapshot: true)")
	}
	if c.Name == "" {
		c.Name = strings.TrimSpace(fmt.Sprintf("%s %s", c.QName, c.TypeName()))
	}
	if len(d.errs) > before {
		return nil
	}
	return c
}

// question reads "NAME [TYPE]" or {name: NAME, type: TYPE}.
func (d *decoder) question(c *Case, v *yaml.Node, field string) {
	name, qtype := "", "A"
	if v.Kind == yaml.ScalarNode {
		parts := strings.Fields(v.Value)
		if len(parts) < 1 || len(parts) > 2 {
			d.fail(v, field, "want \"NAME [TYPE]\", got %q", v.Value)
			return
		}
		name = parts[0]
		if len(parts) == 2 {
			qtype = parts[1]
		}
	} else {
		d.fields(v, field, map[string]func(*yaml.Node, string){
			"name": func(v *yaml.Node, f string) { name, _ = d.scalar(v, f) },
			"type": func(v *yaml.Node, f string) { qtype, _ = d.scalar(v, f) },
		})
	}
	t, ok := dns.StringToType[strings.ToUpper(qtype)]
	if !ok {
		d.fail(v, field+".type", "unknown record type %q", qtype)
	}
	if _, ok := dns.IsDomainName(name); !ok || name == "" {
		d.fail(v, field+".name", "not a domain name: %q", name)
		return
	}
	c.QName, c.QType = dns.Fqdn(name), t
}

func (d *decoder) boolean(v *yaml.Node, field string) bool {
	s, _ := d.scalar(v, field)
	b, err := strconv.ParseBool(s)
	if err != nil && v.Kind == yaml.ScalarNode {
		d.fail(v, field, "want true or false, got %q", s)
	}
	return b
}

// client reads ADDR, ADDR/PREFIX, or a mapping with one form of client.
func (d *decoder) client(c *Client, v *yaml.Node, field string) {
	*c = Client{Line: v.Line, Col: v.Column, Field: field}
	if v.Kind == yaml.ScalarNode {
		d.prefix(c, v, field, v.Value, true)
		return
	}
	forms := 0
	form := func(f func(v *yaml.Node, field string)) func(*yaml.Node, string) {
		return func(v *yaml.Node, field string) {
			if forms++; forms > 1 {
				d.fail(v, field, "a client has one form: an address, a subnet or one place")
				return
			}
			f(v, field)
		}
	}
	d.fields(v, field, map[string]func(*yaml.Node, string){
		"address": form(func(v *yaml.Node, f string) { d.prefix(c, v, f, v.Value, false) }),
		"subnet":  form(func(v *yaml.Node, f string) { d.prefix(c, v, f, v.Value, true) }),
		"country": form(func(v *yaml.Node, f string) {
			c.Country = d.code(v, f, geo.ValidCountry, "an ISO 3166-1 country code Route 53 knows")
		}),
		"continent": form(func(v *yaml.Node, f string) {
			c.Continent = d.code(v, f, geo.ValidContinent, "a continent code: AF AN AS EU NA OC SA")
		}),
		"subdivision": form(func(v *yaml.Node, f string) {
			c.Subdivision = d.code(v, f, validSubdivision, "COUNTRY-CODE, e.g. US-TX")
		}),
		"region": form(func(v *yaml.Node, f string) {
			c.Region = d.code(v, f, knownRegion, "an AWS Region r53d knows, e.g. eu-west-1")
		}),
		"coordinates": form(func(v *yaml.Node, f string) { c.Coordinates = d.coordinates(v, f) }),
	})
	if forms == 0 && v.Kind == yaml.MappingNode {
		d.fail(v, field, "empty: give an address, a subnet or a place")
	}
}

func (d *decoder) prefix(c *Client, v *yaml.Node, field, s string, subnet bool) {
	if v.Kind != yaml.ScalarNode {
		d.fail(v, field, "want an address, got %s", kindName(v))
		return
	}
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			d.fail(v, field, "not an address: %q", s)
			return
		}
		c.Prefix = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		return
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || !subnet {
		d.fail(v, field, "not an address%s: %q", map[bool]string{true: " or subnet"}[subnet], s)
		return
	}
	c.Prefix = p.Masked()
}

func (d *decoder) code(v *yaml.Node, field string, valid func(string) bool, want string) string {
	s, ok := d.scalar(v, field)
	if !ok {
		return ""
	}
	s = strings.ToUpper(s)
	if knownRegion(s) {
		s = strings.ToLower(s) // region codes are lower case
	}
	if !valid(s) {
		d.fail(v, field, "want %s, got %q", want, v.Value)
		return ""
	}
	return s
}

func validSubdivision(s string) bool {
	country, sub, ok := strings.Cut(s, "-")
	return ok && geo.ValidCountry(country) && sub != ""
}

func knownRegion(s string) bool {
	_, _, ok := geo.RegionCoordinates(strings.ToLower(s))
	return ok
}

// coordinates reads [LAT, LON] or {latitude: LAT, longitude: LON}.
func (d *decoder) coordinates(v *yaml.Node, field string) *[2]float64 {
	var parts [2]*yaml.Node
	switch {
	case v.Kind == yaml.SequenceNode && len(v.Content) == 2:
		parts = [2]*yaml.Node{v.Content[0], v.Content[1]}
	case v.Kind == yaml.MappingNode:
		d.fields(v, field, map[string]func(*yaml.Node, string){
			"latitude":  func(n *yaml.Node, _ string) { parts[0] = n },
			"longitude": func(n *yaml.Node, _ string) { parts[1] = n },
		})
	default:
		d.fail(v, field, "want [LATITUDE, LONGITUDE]")
		return nil
	}
	var out [2]float64
	for i, limit := range [2]float64{90, 180} {
		if parts[i] == nil {
			d.fail(v, field, "want both latitude and longitude")
			return nil
		}
		x, err := strconv.ParseFloat(parts[i].Value, 64)
		if err != nil || x < -limit || x > limit {
			d.fail(parts[i], field, "want degrees in [-%g, %g], got %q", limit, limit, parts[i].Value)
			return nil
		}
		out[i] = x
	}
	return &out
}

func (d *decoder) health(h *Health, v *yaml.Node, field string) {
	ids := func(dst *[]ID, targets bool) func(*yaml.Node, string) {
		return func(v *yaml.Node, field string) {
			values, ok := d.strings(v, field)
			if !ok {
				return
			}
			for i, s := range values {
				n := v
				if v.Kind == yaml.SequenceNode {
					n = v.Content[i]
				}
				if s == "" {
					d.fail(n, field, "empty health id")
					continue
				}
				target := targets || strings.HasPrefix(s, healthcheck.TargetPrefix)
				if target && !strings.HasPrefix(s, healthcheck.TargetPrefix) {
					s = healthcheck.TargetPrefix + s // targets-down: [web/192.0.2.1:80]
				}
				*dst = append(*dst, ID{Value: s, Line: n.Line, Col: n.Column, Field: field, Target: target})
			}
		}
	}
	d.fields(v, field, map[string]func(*yaml.Node, string){
		"unhealthy":    ids(&h.Unhealthy, false),
		"healthy":      ids(&h.Healthy, false),
		"targets-down": ids(&h.TargetsDown, true),
	})
}
