package zones

import (
	"bytes"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

// quickRecord builds the records large zones are made of (A, AAAA, NS,
// CNAME, PTR, MX of class IN) straight from the tokens the entry splitter
// already holds, for an entry in the plainest form: no quotes, escapes
// or parentheses. Anything else, and any entry it would reject, is left
// to miekg/dns (ok false), so errors keep miekg's words. The record is
// the one miekg/dns builds from the same text, field for field.
func quickRecord(s *entryScanner, e *entry, ctx *context) (rr dns.RR, ok bool) {
	text := s.data[e.start:e.end]
	if e.directive != "" || !plainEntry(text) {
		return nil, false
	}
	toks := e.tokens
	h := dns.RR_Header{Class: dns.ClassINET, Ttl: ctx.ttl}
	if e.blank {
		h.Name = ctx.owner
	} else {
		h.Name = ownerName(s.data[toks[0].start:toks[0].end], ctx)
		toks = toks[1:]
	}
	// At most one TTL and one class, in either order (RFC 1035 §5.1).
	hasTTL, explicitTTL, class := ctx.hasTTL, false, false
	for len(toks) > 0 && h.Name != "" {
		t := s.data[toks[0].start:toks[0].end]
		switch {
		case !class && bytes.EqualFold(t, []byte("IN")):
			class = true
		case !explicitTTL && t[0] >= '0' && t[0] <= '9':
			ttl, ok := parseTTL(string(t))
			if !ok {
				return nil, false
			}
			h.Ttl, hasTTL, explicitTTL = ttl, true, true
		default:
			return quickTyped(s, &h, toks, hasTTL, ctx)
		}
		toks = toks[1:]
	}
	return nil, false
}

func quickTyped(s *entryScanner, h *dns.RR_Header, toks []token, hasTTL bool, ctx *context) (dns.RR, bool) {
	if h.Name == "" || !hasTTL || len(toks) < 2 {
		return nil, false
	}
	return quickRdata(s, h, toks, ctx.origin, ctx.alloc)
}

// quickRdata parses the type and data of a plain entry, as miekg/dns
// parses them.
func quickRdata(s *entryScanner, h *dns.RR_Header, toks []token, origin string, alloc *rrSlab) (dns.RR, bool) {
	typ, data := quickType(s.data[toks[0].start:toks[0].end]), toks[1:]
	name := func(t token) (string, bool) { return absoluteName(s.text(t), origin) }
	switch {
	case typ == "A" && len(data) == 1:
		if ip, ok := parseIPv4(s.data[data[0].start:data[0].end]); ok {
			h.Rrtype = dns.TypeA
			rr := alloc.newA()
			rr.Hdr, rr.A = *h, alloc.ip(ip)
			return rr, true
		}
		v := s.text(data[0])
		ip := net.ParseIP(v)
		if ip == nil || strings.Contains(v, ":") {
			return nil, false
		}
		h.Rrtype = dns.TypeA
		return &dns.A{Hdr: *h, A: ip}, true
	case typ == "AAAA" && len(data) == 1:
		// net.ParseIP's reading, without its allocation.
		v := s.text(data[0])
		ip, err := netip.ParseAddr(v)
		if err != nil || ip.Zone() != "" || !strings.Contains(v, ":") {
			return nil, false
		}
		h.Rrtype = dns.TypeAAAA
		rr := alloc.newAAAA()
		rr.Hdr, rr.AAAA = *h, alloc.ip(ip.As16())
		return rr, true
	case (typ == "NS" || typ == "CNAME" || typ == "PTR") && len(data) == 1:
		target, ok := name(data[0])
		if !ok {
			return nil, false
		}
		switch h.Rrtype = dns.StringToType[typ]; typ {
		case "NS":
			return &dns.NS{Hdr: *h, Ns: target}, true
		case "CNAME":
			return &dns.CNAME{Hdr: *h, Target: target}, true
		}
		return &dns.PTR{Hdr: *h, Ptr: target}, true
	case typ == "MX" && len(data) == 2:
		pref, err := strconv.ParseUint(s.text(data[0]), 10, 16)
		target, ok := name(data[1])
		if err != nil || !ok {
			return nil, false
		}
		h.Rrtype = dns.TypeMX
		return &dns.MX{Hdr: *h, Preference: uint16(pref), Mx: target}, true
	}
	return nil, false
}

// plainEntry reports whether text has no quote, escape or parenthesis
// and every carriage return ends a line. miekg/dns drops a carriage
// return inside a word ("MX\r0" reads "MX0") where the splitter sees two
// words, so such text is left to miekg/dns.
func plainEntry(text []byte) bool {
	for i, c := range text {
		switch c {
		case '\\', '"', '(', ')':
			return false
		case '\r':
			if i+1 < len(text) && text[i+1] != '\n' {
				return false
			}
		}
	}
	return true
}

// ownerName resolves an owner against the origin, sharing the string of
// the previous owner when it is the same name (most owners hold several
// records), or "" when it is not a valid name.
func ownerName(tok []byte, ctx *context) string {
	prev, origin := ctx.owner, ctx.origin
	switch {
	case len(tok) == 1 && tok[0] == '@' && prev == origin,
		string(tok) == prev,
		len(prev) == len(tok)+1+len(origin) && origin != "." && strings.HasPrefix(prev, string(tok)) &&
			prev[len(tok)] == '.' && strings.HasSuffix(prev, origin) && tok[len(tok)-1] != '.':
		return prev
	}
	name, _ := absoluteName(string(tok), origin)
	return name
}

// parseIPv4 reads a dotted quad the way net.ParseIP does (four decimal
// octets, no leading zeros), into the same 16-byte form, without making
// a string of it first; ok is false for anything else, which is left to
// net.ParseIP.
func parseIPv4(b []byte) (ip [16]byte, ok bool) {
	var octets [4]byte
	for i := range octets {
		n, v := 0, 0
		for n < len(b) && n < 4 && b[n] >= '0' && b[n] <= '9' {
			v = v*10 + int(b[n]-'0')
			n++
		}
		if n == 0 || n > 3 || v > 255 || n > 1 && b[0] == '0' {
			return ip, false
		}
		octets[i], b = byte(v), b[n:]
		if i < 3 {
			if len(b) == 0 || b[0] != '.' {
				return ip, false
			}
			b = b[1:]
		}
	}
	if len(b) > 0 {
		return ip, false
	}
	return [16]byte(net.IPv4(octets[0], octets[1], octets[2], octets[3])), true
}

// quickType names the types quickRdata builds, in upper case, without
// allocating; "" for any other.
func quickType(t []byte) string {
	for _, typ := range [...]string{"A", "AAAA", "NS", "CNAME", "PTR", "MX"} {
		if bytes.EqualFold(t, []byte(typ)) {
			return typ
		}
	}
	return ""
}

// quickWireForm reports whether the names of a quick record are in the
// form of names unpacked from queries; ctx remembers the last owner that is.
func quickWireForm(rr dns.RR, ctx *context) bool {
	if name := rr.Header().Name; name != ctx.plainOwner {
		if !wireFormName(name) {
			return false
		}
		ctx.plainOwner = name // the next records of the owner share its string
	}
	switch rr := rr.(type) {
	case *dns.NS:
		return wireFormName(rr.Ns)
	case *dns.CNAME:
		return wireFormName(rr.Target)
	case *dns.PTR:
		return wireFormName(rr.Ptr)
	case *dns.MX:
		return wireFormName(rr.Mx)
	}
	return true
}
