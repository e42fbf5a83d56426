package answer

import (
	"math/rand/v2"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
)

// MaxChain bounds how many CNAMEs one answer follows inside a zone.
const MaxChain = 12

// answer runs RFC 1034 §4.3.2 for one question inside zone z. qname keeps
// the case of the question (owners of synthesized records use it); lname
// is it in lower case.
func (f *Finder) answer(z *zones.Zone, qname, lname string, qtype uint16) {
	r := &f.result
	r.Authoritative = true
	var chain [MaxChain]string
	name := qname
	for hops := 0; ; hops++ {
		match := z.Find(lname)
		if match.Cut != nil && !(qtype == dns.TypeDS && match.Cut == match.Exact) {
			f.referral(z, match.Cut)
			return
		}
		node, synthesized := match.Exact, false
		if node == nil && match.Wildcard != nil {
			node, synthesized = match.Wildcard, true
		}
		switch {
		case node == nil:
			r.Rcode = dns.RcodeNameError
			f.negative(z)
			return
		case node.Empty():
			f.negative(z)
			return
		case qtype == dns.TypeANY:
			f.any(z, node, name, synthesized)
			return
		}
		if added, found := f.put(z, node, qtype, name, synthesized); found {
			if len(added) == 0 {
				f.negative(z) // a routed group with nothing for this client
				return
			}
			f.additional(z, added)
			return
		}
		cname, _ := f.put(z, node, dns.TypeCNAME, name, synthesized)
		if len(cname) == 0 {
			f.negative(z)
			return
		}
		target := cname[0].(*dns.CNAME).Target
		ltarget := f.lower(target)
		if hops+1 >= MaxChain || !under(ltarget, z.Origin) || seen(chain[:hops], ltarget) || ltarget == lname {
			return
		}
		chain[hops] = lname
		name, lname = target, ltarget
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
func (f *Finder) addAnswer(rrs []dns.RR, owner string, synthesized bool) {
	r := &f.result
	start := len(r.Answer)
	r.Answer = append(r.Answer, rrs...)
	if synthesized {
		r.AnswerOwners = rename(r.AnswerOwners, start, len(r.Answer), owner)
	}
	shuffle(r.Answer[start:], f.random()) // one owner for all: no need to move owners too
}

// shuffle permutes records of the answer (never the zone's own slices).
func shuffle(rrs []dns.RR, rng *rand.Rand) {
	for i := len(rrs) - 1; i > 0; i-- {
		j := rng.IntN(i + 1)
		rrs[i], rrs[j] = rrs[j], rrs[i]
	}
}

// any answers QTYPE=ANY: every RRset over TCP; over UDP the single
// synthesized HINFO of RFC 8482 §4.2, so ANY cannot amplify.
func (f *Finder) any(z *zones.Zone, node *zones.Node, owner string, synthesized bool) {
	if !f.tcp {
		f.hinfo = dns.HINFO{
			Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeHINFO, Class: dns.ClassINET, Ttl: hinfoTTL(node)},
			Cpu: "RFC8482",
		}
		f.result.Answer = append(f.result.Answer, &f.hinfo)
		return
	}
	for _, set := range node.RRsets {
		f.put(z, node, set.Type, owner, synthesized)
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
func (f *Finder) negative(z *zones.Zone) {
	f.result.Authority = append(f.result.Authority, z.NegativeSOA)
}
