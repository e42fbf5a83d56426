package answer

import (
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
)

// referral answers for data below a delegation: no AA, the child's NS in
// authority, glue in additional (RFC 1034 §4.3.2 step 3b). In-domain glue
// comes first and is required; sibling glue after it is optional
// (RFC 9471).
func (f *Finder) referral(z *zones.Zone, cut *zones.Node) {
	r := &f.result
	if len(r.Answer) == 0 {
		r.Authoritative = false
	}
	ns := cut.RRset(dns.TypeNS)
	r.Authority = append(r.Authority, ns...)
	for _, rr := range ns {
		target := rr.(*dns.NS).Ns
		if lower := f.lower(target); under(lower, cut.Name) {
			f.addAddresses(z, target, lower, true)
		}
	}
	r.Required = len(r.Additional)
	for _, rr := range ns {
		target := rr.(*dns.NS).Ns
		if lower := f.lower(target); !under(lower, cut.Name) && under(lower, z.Origin) {
			f.addAddresses(z, target, lower, true)
		}
	}
}

// additional adds in-zone addresses of the names NS, MX and SRV answers
// point at (RFC 1035 §3.3.9, RFC 2782).
func (f *Finder) additional(z *zones.Zone, rrs []dns.RR) {
	for _, rr := range rrs {
		var target string
		switch v := rr.(type) {
		case *dns.NS:
			target = v.Ns
		case *dns.MX:
			target = v.Mx
		case *dns.SRV:
			target = v.Target
		default:
			return
		}
		if lower := f.lower(target); under(lower, z.Origin) {
			f.addAddresses(z, target, lower, false)
		}
	}
}

// addAddresses is the one glue adder of referrals and answers: it appends
// the A and AAAA records that target (lower in lower case, inside z)
// answers with, once per name: static records as stored, a routed group's
// choice for this client, or records synthesized from a wildcard, owned by
// target, as Route 53 adds what it knows. Names at or below a delegation
// are data of the child zone: only referrals (glue) take them, and only
// records that exist there (no wildcard synthesis across a cut).
func (f *Finder) addAddresses(z *zones.Zone, target, lower string, glue bool) {
	if f.hasAdditional(lower) {
		return
	}
	m := z.Find(lower)
	node, synthesized := m.Exact, false
	if node == nil {
		node, synthesized = m.Wildcard, true // nil across a cut: Find synthesizes only above one
	}
	if node == nil || (m.Cut != nil && !glue) {
		return
	}
	r := &f.result
	for _, t := range [2]uint16{dns.TypeA, dns.TypeAAAA} {
		set := node.Get(t)
		switch {
		case set == nil:
		case set.Policy == nil && !synthesized:
			r.Additional = append(r.Additional, set.RRs...)
		default:
			rrs := set.RRs
			if set.Policy != nil {
				rrs = f.route(z, set.Policy).RRs
			}
			for _, rr := range rrs {
				r.Additional = append(r.Additional, rr)
				if !strings.EqualFold(rr.Header().Name, target) {
					r.AdditionalOwners = rename(r.AdditionalOwners, len(r.Additional)-1, len(r.Additional), target)
				}
			}
		}
	}
}

// hasAdditional reports whether the additional section already holds
// addresses of name.
func (f *Finder) hasAdditional(name string) bool {
	r := &f.result
	for i := range r.Additional {
		if strings.EqualFold(Owner(r.Additional, r.AdditionalOwners, i), name) {
			return true
		}
	}
	return false
}
