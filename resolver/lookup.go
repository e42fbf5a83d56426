package resolver

import (
	"math/rand/v2"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
	"github.com/r53d/r53d/zones"
)

// maxChain bounds how many CNAMEs one answer follows inside a zone.
const maxChain = 12

// reply is the answer being assembled for one question.
type reply struct {
	msg *dns.Msg
	// required counts the leading records of msg.Extra that must not be
	// dropped to fit: in-domain glue of a referral (RFC 9471).
	required int
	tcp      bool

	// For routed RRsets: who asks, what decisions read, and the widest
	// ECS scope any decision of this answer had.
	client  policy.Client
	routing *Routing
	scratch *Scratch
	view    zones.View
	scope   int
	zone    string // the zone that answered, for metrics
	policy  int    // policyLabel index of the last routed group
}

// answer runs RFC 1034 §4.3.2 for one question inside zone z. qname keeps
// the case of the question (owners of synthesized records use it).
func (r *reply) answer(z *zones.Zone, qname string, qtype uint16) {
	m := r.msg
	m.Authoritative = true
	var chain [maxChain]string
	name := qname
	for hops := 0; ; hops++ {
		lname := strings.ToLower(name)
		match := z.Find(lname)
		if match.Cut != nil && !(qtype == dns.TypeDS && match.Cut == match.Exact) {
			r.referral(z, match.Cut)
			return
		}
		node, synthesized := match.Exact, false
		if node == nil && match.Wildcard != nil {
			node, synthesized = match.Wildcard, true
		}
		switch {
		case node == nil:
			m.Rcode = dns.RcodeNameError
			r.negative(z)
			return
		case node.Empty():
			r.negative(z)
			return
		case qtype == dns.TypeANY:
			r.any(z, node, name, synthesized)
			return
		}
		if added, found := r.put(z, node, qtype, name, synthesized); found {
			if len(added) == 0 {
				r.negative(z) // a routed group with nothing for this client
				return
			}
			r.additional(z, added)
			return
		}
		cname, _ := r.put(z, node, dns.TypeCNAME, name, synthesized)
		if len(cname) == 0 {
			r.negative(z)
			return
		}
		target := cname[0].(*dns.CNAME).Target
		ltarget := strings.ToLower(target)
		if hops+1 >= maxChain || !under(ltarget, z.Origin) || seen(chain[:hops], ltarget) || ltarget == lname {
			return
		}
		chain[hops] = lname
		name = target
	}
}

func seen(chain []string, name string) bool {
	for _, c := range chain {
		if c == name {
			return true
		}
	}
	return false
}

// addAnswer appends an RRset in random order (Route 53 returns simple
// values shuffled); synthesized records take the query name as owner.
func (r *reply) addAnswer(rrs []dns.RR, owner string, synthesized bool) {
	m := r.msg
	start := len(m.Answer)
	if synthesized {
		for _, rr := range rrs {
			c := dns.Copy(rr)
			c.Header().Name = owner
			m.Answer = append(m.Answer, c)
		}
	} else {
		m.Answer = append(m.Answer, rrs...)
	}
	shuffle(m.Answer[start:], r.scratch.random())
}

// shuffle permutes records of the message (never the zone's own slices).
func shuffle(rrs []dns.RR, rng *rand.Rand) {
	for i := len(rrs) - 1; i > 0; i-- {
		j := rng.IntN(i + 1)
		rrs[i], rrs[j] = rrs[j], rrs[i]
	}
}

// any answers QTYPE=ANY: every RRset over TCP; over UDP the single
// synthesized HINFO of RFC 8482 §4.2, so ANY cannot amplify.
func (r *reply) any(z *zones.Zone, node *zones.Node, owner string, synthesized bool) {
	if !r.tcp {
		r.msg.Answer = append(r.msg.Answer, &dns.HINFO{
			Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeHINFO, Class: dns.ClassINET, Ttl: hinfoTTL(node)},
			Cpu: "RFC8482",
		})
		return
	}
	for _, set := range node.RRsets {
		r.put(z, node, set.Type, owner, synthesized)
	}
}

// hinfoTTL is the smallest TTL at the node, so the synthesized HINFO
// outlives none of the data it stands for.
func hinfoTTL(node *zones.Node) uint32 {
	ttl := ^uint32(0)
	for _, set := range node.RRsets {
		if len(set.RRs) > 0 {
			ttl = min(ttl, set.RRs[0].Header().Ttl)
		}
		if set.Policy != nil {
			for _, rec := range set.Policy.Records {
				if len(rec.RRs) > 0 {
					ttl = min(ttl, rec.RRs[0].Header().Ttl)
				}
			}
		}
	}
	if ttl == ^uint32(0) {
		ttl = 60 // only aliases here: the TTL Route 53 gives AWS aliases
	}
	return ttl
}

// negative finishes NXDOMAIN and NODATA: the zone's SOA in authority, with
// the negative-caching TTL of RFC 2308 §3.
func (r *reply) negative(z *zones.Zone) {
	r.msg.Ns = append(r.msg.Ns, z.NegativeSOA)
}

// referral answers for data below a delegation: no AA, the child's NS in
// authority, glue in additional (RFC 1034 §4.3.2 step 3b).
func (r *reply) referral(z *zones.Zone, cut *zones.Node) {
	m := r.msg
	if len(m.Answer) == 0 {
		m.Authoritative = false
	}
	ns := cut.RRset(dns.TypeNS)
	m.Ns = append(m.Ns, ns...)
	// In-domain glue first and required; sibling glue after, optional.
	for _, rr := range ns {
		if target := strings.ToLower(rr.(*dns.NS).Ns); under(target, cut.Name) {
			r.addAddresses(z, target)
		}
	}
	r.required = len(m.Extra)
	for _, rr := range ns {
		if target := strings.ToLower(rr.(*dns.NS).Ns); !under(target, cut.Name) && under(target, z.Origin) {
			r.addAddresses(z, target)
		}
	}
}

// additional adds in-zone addresses of the names NS, MX and SRV answers
// point at (RFC 1035 §3.3.9, RFC 2782): static, routed for this client, or
// synthesized from a wildcard, as Route 53 adds what it knows.
func (r *reply) additional(z *zones.Zone, rrs []dns.RR) {
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
		if lower := strings.ToLower(target); under(lower, z.Origin) && !r.hasExtraName(lower) {
			r.addTargetAddresses(z, target, lower)
		}
	}
}

// addTargetAddresses appends the A and AAAA records target answers with.
// Names below a delegation are left out (they are glue, not answers).
func (r *reply) addTargetAddresses(z *zones.Zone, target, lower string) {
	m := z.Find(lower)
	node, synthesized := m.Exact, false
	if node == nil {
		node, synthesized = m.Wildcard, true
	}
	if node == nil || m.Cut != nil {
		return
	}
	for _, t := range [2]uint16{dns.TypeA, dns.TypeAAAA} {
		set := node.Get(t)
		switch {
		case set == nil:
		case set.Policy == nil && !synthesized:
			r.msg.Extra = append(r.msg.Extra, set.RRs...)
		default:
			rrs := set.RRs
			if set.Policy != nil {
				rrs = r.route(z, set.Policy).RRs
			}
			for _, rr := range rrs {
				if !strings.EqualFold(rr.Header().Name, target) {
					rr = dns.Copy(rr)
					rr.Header().Name = target
				}
				r.msg.Extra = append(r.msg.Extra, rr)
			}
		}
	}
}

// hasExtraName reports whether the additional section already holds
// addresses of name.
func (r *reply) hasExtraName(name string) bool {
	for _, e := range r.msg.Extra {
		if strings.EqualFold(e.Header().Name, name) {
			return true
		}
	}
	return false
}

// addAddresses appends the A and AAAA records at name, once each.
func (r *reply) addAddresses(z *zones.Zone, name string) {
	node, ok := z.Node(name)
	if !ok {
		return
	}
	for _, t := range [2]uint16{dns.TypeA, dns.TypeAAAA} {
		rrs := node.RRset(t)
		if len(rrs) == 0 || r.hasExtra(rrs[0]) {
			continue
		}
		r.msg.Extra = append(r.msg.Extra, rrs...)
	}
}

func (r *reply) hasExtra(rr dns.RR) bool {
	for _, e := range r.msg.Extra {
		if e == rr {
			return true
		}
	}
	return false
}
