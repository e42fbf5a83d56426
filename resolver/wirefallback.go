package resolver

import (
	"github.com/miekg/dns"
)

// fallback packs a private copy of a record of a type rdata does not write
// (never the shared record: packing writes into the record it packs) and
// copies its RDATA in. Names in such RDATA are never compressed.
func (w *wireWriter) fallback(rr dns.RR, start int) error {
	cp := dns.Copy(rr)
	cp.Header().Name = "."
	end, err := dns.PackRR(cp, w.buf, start, nil, false)
	if err != nil {
		return errRdata
	}
	const rootHeader = 1 + 10 // root owner, type, class, TTL, RDLENGTH
	w.off = start + copy(w.buf[start:], w.buf[start+rootHeader:end])
	w.rememberRdataNames(cp, start)
	return nil
}

// rememberRdataNames offers the names in fallback-packed RDATA for later
// compression, as miekg/dns does for every name it packs. An empty name
// field packs to nothing and offers nothing.
func (w *wireWriter) rememberRdataNames(rr dns.RR, start int) {
	var names [2]string
	at := start
	switch r := rr.(type) {
	case *dns.DNAME:
		names[0] = r.Target
	case *dns.NSAPPTR:
		names[0] = r.Ptr
	case *dns.NSEC:
		names[0] = r.NextDomain
	case *dns.NXT:
		names[0] = r.NextDomain
	case *dns.TKEY:
		names[0] = r.Algorithm
	case *dns.TSIG:
		names[0] = r.Algorithm
	case *dns.RP:
		names = [2]string{r.Mbox, r.Txt}
	case *dns.TALINK:
		names = [2]string{r.PreviousName, r.NextName}
	case *dns.AFSDB:
		names[0], at = r.Hostname, start+2
	case *dns.KX:
		names[0], at = r.Exchanger, start+2
	case *dns.RT:
		names[0], at = r.Host, start+2
	case *dns.LP:
		names[0], at = r.Fqdn, start+2
	case *dns.SVCB:
		names[0], at = r.Target, start+2
	case *dns.HTTPS:
		names[0], at = r.Target, start+2
	case *dns.PX:
		names, at = [2]string{r.Map822, r.Mapx400}, start+2
	case *dns.RRSIG:
		names[0], at = r.SignerName, start+18
	case *dns.SIG:
		names[0], at = r.SignerName, start+18
	case *dns.NAPTR: // order, preference, three strings, replacement
		names[0], at = r.Replacement, w.skipStrings(start+4, 3)
	}
	for _, name := range names {
		if name == "" || at >= w.off {
			continue
		}
		w.registerName(at)
		at = w.nameEnd(at)
	}
}

// skipStrings returns the offset after k character-strings at off.
func (w *wireWriter) skipStrings(off, k int) int {
	for range k {
		off += int(w.buf[off]) + 1
	}
	return off
}

// nameEnd returns the offset after the uncompressed name at off.
func (w *wireWriter) nameEnd(off int) int {
	for off < w.off && w.buf[off] != 0 {
		off += int(w.buf[off]) + 1
	}
	return off + 1
}
