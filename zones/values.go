package zones

import (
	"fmt"

	"github.com/miekg/dns"
)

// checkValues parses the values of a non-alias record set as RDATA.
func (b *builder) checkValues(p *positioned, c *checked) {
	switch {
	case p.TTL == nil:
		b.recordErr(p, "Name", "ttl", "TTL is required on records that are not aliases")
		return
	case *p.TTL < 0 || *p.TTL > 2147483647:
		b.recordErr(p, "TTL", "ttl", "TTL must be 0 to 2147483647, not %d", *p.TTL)
		return
	case len(p.ResourceRecords) == 0:
		b.recordErr(p, "Name", "values", "ResourceRecords needs at least one Value")
		return
	case len(p.ResourceRecords) > maxValuesPerRecord:
		b.recordErr(p, "ResourceRecords", "quota", "%d values; Route 53 allows %d per record", len(p.ResourceRecords), maxValuesPerRecord)
	case len(p.ResourceRecords) > 1 && (c.rrtype == dns.TypeCNAME || c.rrtype == dns.TypeSOA):
		b.recordErr(p, "ResourceRecords", "values", "a %s record set has exactly one value", p.Type)
	}
	c.ttl = uint32(*p.TTL)
	for i, v := range p.ResourceRecords {
		if len(v.Value) > maxValueLength {
			b.recordErr(p, "ResourceRecords", "values", "value %d is longer than %d characters", i+1, maxValueLength)
			continue
		}
		if !b.checkValueTokens(p, i, c.rrtype == dns.TypeTXT || c.rrtype == dns.TypeSPF) {
			continue
		}
		rr, err := dns.NewRR(fmt.Sprintf("%s %d IN %s %s", c.name, c.ttl, dns.TypeToString[c.rrtype], v.Value))
		if err != nil || rr == nil {
			b.recordErr(p, "ResourceRecords", "values", "value %d %q is not valid %s data: %v", i+1, v.Value, p.Type, err)
			continue
		}
		c.record.RRs = append(c.record.RRs, rr)
	}
}

// checkValueTokens rejects \DDD escapes above 255 in a value and, in TXT
// values, strings over 255 bytes (RFC 1035 §3.3). It reports whether the
// value may be parsed.
func (b *builder) checkValueTokens(p *positioned, i int, txt bool) bool {
	s := newEntryScanner([]byte(p.ResourceRecords[i].Value))
	ok := true
	for e, more := s.next(); more; e, more = s.next() {
		for _, tok := range e.tokens {
			if tok.badEscape != "" {
				b.recordErr(p, "ResourceRecords", "escape", "value %d: escape %s is above 255: a byte is \\000 to \\255", i+1, tok.badEscape)
				ok = false
			}
			if txt && tok.length > 255 {
				b.recordErr(p, "ResourceRecords", "txt-string-length", "value %d has a string of %d bytes, over 255: split it into several quoted strings", i+1, tok.length)
			}
		}
	}
	return ok
}
