package zones

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

// builder assembles one zone from parsed records, applying the semantic
// checks BIND and NSD make before they serve a zone.
type builder struct {
	origin string
	class  uint16
	file   string   // the first of files: where zone-wide problems point
	files  []string // the files the zone is made of, as messages name them
	diags  Diagnostics
	order  []*Node // names with records, first-seen order
	// nodes is the zone's own map of names, built as records come: a
	// million-name zone hashes each name once, and its RRsets are filed
	// straight into their nodes.
	nodes map[string]*Node
	slab  nodeSlab
	apex  *Node // once filed
	last  *Node // the previous record's owner: a master file lists an owner's records together
	// places are the records as written, which RRsets point into for
	// messages: the master file's records, then those of record sets.
	places []sourced
	placed map[dns.RR]int32 // places by record, made when a message needs a second record's
	// srcs are the record sets of each routed group, as its Records.
	srcs map[*policy.Set][]*positioned
}

// set returns the RRset of type t at name, or nil.
func (b *builder) set(name string, t uint16) *RRset {
	if n := b.nodes[name]; n != nil {
		return n.Get(t)
	}
	return nil
}

// place is where the i-th (first or second) record of set was written.
func (b *builder) place(set *RRset, i int) sourced {
	if i == 0 {
		return b.places[set.first]
	}
	if b.placed == nil {
		// Only messages about a second SOA or CNAME get here: once.
		b.placed = make(map[dns.RR]int32, len(b.places))
		for j := len(b.places) - 1; j >= 0; j-- {
			b.placed[b.places[j].rr] = int32(j)
		}
	}
	return b.places[b.placed[set.RRs[i]]]
}

func (b *builder) errorf(s sourced, rule, format string, args ...any) {
	b.diags = append(b.diags, Diagnostic{File: s.file, Line: int(s.line), Col: int(s.col), Rule: rule, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) warnf(s sourced, rule, format string, args ...any) {
	b.diags = append(b.diags, Diagnostic{File: s.file, Line: int(s.line), Col: int(s.col), Rule: rule, Message: fmt.Sprintf(format, args...), Warning: true})
}

// buildZone checks the records of one zone, made of files, and builds it.
// The zone is nil when any error (not warning) was found.
func buildZone(origin string, files []string, records []sourced, sets []*positioned, side *Refs) (*Zone, Diagnostics) {
	b := newBuilder(origin, len(records)+len(sets))
	b.class = dns.ClassINET
	for _, s := range records {
		if soa, ok := s.rr.(*dns.SOA); ok && strings.EqualFold(soa.Hdr.Name, origin) {
			b.class = soa.Hdr.Class
			break
		}
	}
	b.places = records
	for i := range records {
		b.add(i)
	}
	return b.finish(files, sets, side)
}

// newBuilder starts a zone of about records records.
func newBuilder(origin string, records int) *builder {
	names := records / 2 // most owners hold about two records
	return &builder{origin: origin, nodes: make(map[string]*Node, names+names/8), srcs: map[*policy.Set][]*positioned{}}
}

// finish adds the record sets to the records added so far, checks the
// whole zone and builds it.
func (b *builder) finish(files []string, sets []*positioned, side *Refs) (*Zone, Diagnostics) {
	b.files = files
	if len(files) > 0 {
		b.file = files[0]
	}
	b.addRecordSets(sets, side)
	b.addFlows(side.Flows)
	b.checkApex()
	b.checkNodes()
	b.checkAliases(side)
	b.checkAliasLoops()
	if len(b.diags.Errors()) > 0 {
		return nil, b.diags
	}
	return b.zone(), b.diags
}

// add checks one record's owner and class, drops duplicates, and files it.
func (b *builder) add(i int) {
	s := &b.places[i]
	if !s.plain {
		s.rr = presentationForm(s.rr)
	}
	h := s.rr.Header()
	h.Name = canonicalName(h.Name)
	switch {
	case !inZone(h.Name, b.origin):
		b.errorf(*s, "out-of-zone", "owner %s is outside zone %s", h.Name, b.origin)
		return
	case h.Class != b.class:
		b.errorf(*s, "class", "record class %s differs from the zone's class %s", dns.ClassToString[h.Class], dns.ClassToString[b.class])
		return
	}
	owner := b.owner(h.Name)
	set := owner.Get(h.Rrtype)
	if set == nil {
		if owner.RRsets == nil {
			owner.RRsets = make([]RRset, 0, 2) // most names hold two types
		}
		owner.RRsets = append(owner.RRsets, RRset{Type: h.Rrtype, first: int32(i)})
		set = &owner.RRsets[len(owner.RRsets)-1]
	} else if set.Policy != nil || b.place(set, 0).fromRecordSet != s.fromRecordSet {
		first := b.place(set, 0)
		b.errorf(*s, "rrset-conflict", "%s %s is defined in both %s (line %d) and %s; define it in one place", h.Name, dns.TypeToString[h.Rrtype], first.file, first.line, s.file)
		return
	}
	for _, have := range set.RRs {
		if dns.IsDuplicate(have, s.rr) {
			b.warnf(*s, "duplicate", "duplicate %s record at %s ignored", dns.TypeToString[h.Rrtype], h.Name)
			return
		}
	}
	if len(set.RRs) > 0 && set.RRs[0].Header().Ttl != h.Ttl {
		b.warnf(*s, "rrset-ttl", "TTL %d differs from the RRset's TTL %d (RFC 2181 §5.2): using %d", h.Ttl, set.RRs[0].Header().Ttl, set.RRs[0].Header().Ttl)
		h.Ttl = set.RRs[0].Header().Ttl
	}
	set.RRs = append(set.RRs, s.rr)
}

// checkApex requires exactly one SOA, at the apex, and NS records there.
func (b *builder) checkApex() {
	at := sourced{file: b.file}
	for _, n := range b.order {
		if soa := n.Get(dns.TypeSOA); soa != nil && n.Name != b.origin {
			b.errorf(b.place(soa, 0), "soa-at-apex", "SOA record at %s is not at the zone apex %s", n.Name, b.origin)
		}
	}
	soa := b.set(b.origin, dns.TypeSOA)
	switch {
	case soa == nil:
		b.errorf(at, "soa", "zone %s has no SOA record at its apex", b.origin)
	case len(soa.RRs) > 1:
		b.errorf(b.place(soa, 1), "soa", "zone %s has %d SOA records; exactly one is allowed", b.origin, len(soa.RRs))
	}
	if b.set(b.origin, dns.TypeNS) == nil {
		if soa != nil {
			at = b.place(soa, 0)
		}
		b.errorf(at, "apex-ns", "zone %s has no NS records at its apex", b.origin)
	}
}

// checkNodes applies the CNAME rules of RFC 1034 §3.6.2 and RFC 2181 §10.1.
func (b *builder) checkNodes() {
	for _, n := range b.order {
		name := n.Name
		cname := n.Get(dns.TypeCNAME)
		if cname == nil {
			continue
		}
		if len(cname.RRs) > 1 {
			b.errorf(b.place(cname, 1), "cname-single", "%s has %d CNAME records; a name has at most one (RFC 2181 §10.1)", name, len(cname.RRs))
		}
		if name == b.origin {
			b.errorf(b.place(cname, 0), "cname-exclusive", "CNAME at the zone apex %s conflicts with its SOA and NS records (RFC 1034 §3.6.2)", name)
			continue
		}
		for i := range n.RRsets {
			other := &n.RRsets[i]
			if t := other.Type; t == dns.TypeCNAME || t == dns.TypeRRSIG || t == dns.TypeNSEC {
				continue
			}
			at, first := later(b.place(cname, 0), b.place(other, 0))
			b.errorf(at, "cname-exclusive", "CNAME and %s records at %s (the first at %s): a CNAME cannot share its name with other data (RFC 1034 §3.6.2)", dns.TypeToString[other.Type], name, first.placeFrom(at.file))
		}
	}
}

// owner returns the node of name, filing the name on first sight.
func (b *builder) owner(name string) *Node {
	if b.last != nil && b.last.Name == name {
		return b.last
	}
	n := b.node(name)
	if !n.filed {
		n.filed = true
		b.order = append(b.order, n)
	}
	b.last = n
	return n
}

// node returns the node for name, creating it and every empty
// non-terminal between it and the apex.
func (b *builder) node(name string) *Node {
	if n, ok := b.nodes[name]; ok {
		return n
	}
	n := b.slab.new(name)
	b.nodes[name] = n
	if name == b.origin {
		b.apex = n
		return n
	}
	off, end := dns.NextLabel(name, 0)
	if !end && (b.apex == nil || name[off:] != b.origin) { // most parents are the apex: no lookup
		b.node(name[off:])
	}
	return n
}

// canonicalName is dns.CanonicalName without its rune-by-rune pass for
// the names nearly every zone holds: already lower case.
func canonicalName(name string) string {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c >= 'A' && c <= 'Z' {
			return dns.CanonicalName(name)
		}
	}
	return dns.Fqdn(name)
}

// placeFrom names a position as seen from file: "line 7", or
// "other.zone:7" when it is in another file.
func (s sourced) placeFrom(file string) string {
	if s.file == file {
		return fmt.Sprintf("line %d", s.line)
	}
	return fmt.Sprintf("%s:%d", s.file, s.line)
}

// later orders two positions of one conflict: the error goes where the
// second record was written.
func later(a, b sourced) (second, first sourced) {
	if a.file == b.file && a.line < b.line {
		return b, a
	}
	return a, b
}

// inZone reports whether name (lower case) is the origin or below it.
// Names without escapes compare as text; dns.IsSubDomain splits labels.
func inZone(name, origin string) bool {
	if strings.IndexByte(name, '\\') >= 0 || strings.IndexByte(origin, '\\') >= 0 {
		return dns.IsSubDomain(origin, name)
	}
	return origin == "." || name == origin || strings.HasSuffix(name, origin) && name[len(name)-len(origin)-1] == '.'
}

// presentationForm rewrites the names of a record with escapes ("\032")
// in the one form miekg/dns gives names it unpacks from the wire ("\ "),
// so names in the zone compare equal to names in queries. The wire form
// is unchanged.
func presentationForm(rr dns.RR) dns.RR {
	if !strings.Contains(rr.String(), "\\") {
		return rr
	}
	buf := make([]byte, dns.Len(rr)+256)
	n, err := dns.PackRR(rr, buf, 0, nil, false)
	if err != nil {
		return rr
	}
	out, _, err := dns.UnpackRR(buf[:n], 0)
	if err != nil {
		return rr
	}
	return out
}
