package resolver

import (
	"encoding/binary"
	"errors"
	"unsafe"

	"github.com/miekg/dns"
)

// benign reports the EDNS options the fast path accepts as they are
// (their content is not used): NSID, PADDING, and COOKIE, which readOPT
// keeps aside. Any other option takes the full parser.
func benign(code uint16) bool {
	switch code {
	case dns.EDNS0NSID, dns.EDNS0COOKIE, dns.EDNS0PADDING:
		return true
	}
	return false
}

// readQuery fills s.req from a packet. Ordinary queries — opcode QUERY, one
// question, no answer or authority records, at most one OPT (with ECS or
// benign options) — are read directly into reused records, allocating
// nothing; anything else is first checked for the shape Knot rejects
// (checkShape) and then goes through miekg/dns's full parser, which stays
// the judge of what else is malformed. ok is false for a packet to drop;
// s.formErr is set for one that gets FORMERR with only its question.
func (s *Scratch) readQuery(pkt []byte) (ok bool) {
	s.badECS, s.formErr, s.cookie.count = false, false, 0
	if s.readFast(pkt) {
		return true
	}
	switch checkShape(pkt) {
	case shapeDrop:
		return false
	case shapeFormErr:
		s.formErr = true
		s.readHeader(pkt)
		if binary.BigEndian.Uint16(pkt[4:]) == 1 {
			s.readQuestion(pkt) // checkShape found it whole
		}
		return true
	}
	s.cookie.count = 0 // readFast may have seen it before it declined
	if s.req.Unpack(pkt) != nil {
		return false
	}
	if opt := s.req.IsEdns0(); opt != nil {
		for _, o := range opt.Option {
			if c, ok := o.(*dns.EDNS0_COOKIE); ok {
				s.cookie.noteHex(c.Cookie)
			}
		}
	}
	return true
}

func (s *Scratch) readFast(pkt []byte) bool {
	h := binary.BigEndian
	flags := h.Uint16(pkt[2:])
	opcode := int(flags>>11) & 0xF
	if opcode != dns.OpcodeQuery || h.Uint16(pkt[4:]) != 1 || h.Uint16(pkt[6:]) != 0 || h.Uint16(pkt[8:]) != 0 || h.Uint16(pkt[10:]) > 1 {
		return false
	}
	s.readHeader(pkt)
	off, ok := s.readQuestion(pkt)
	if !ok {
		return false
	}
	if h.Uint16(pkt[10:]) == 0 {
		return true
	}
	opt, ok := s.readOPT(pkt, off)
	if !ok {
		return false
	}
	s.req.Extra = append(s.req.Extra, opt)
	return true
}

// readHeader resets s.req to the header fields of pkt that a response
// copies, with no question and no records.
func (s *Scratch) readHeader(pkt []byte) {
	h := binary.BigEndian
	flags := h.Uint16(pkt[2:])
	req := &s.req
	*req = dns.Msg{Extra: s.reqExtra[:0]}
	req.Id = h.Uint16(pkt)
	req.Opcode = int(flags>>11) & 0xF
	req.RecursionDesired = flags&(1<<8) != 0
	req.CheckingDisabled = flags&(1<<4) != 0
}

// readQuestion reads the first question of pkt into s.req and returns the
// offset after it; ok is false when it is not there whole.
func (s *Scratch) readQuestion(pkt []byte) (int, bool) {
	h := binary.BigEndian
	name, off, err := unpackName(pkt, headerLen, &s.qname)
	if err != nil || off+4 > len(pkt) {
		return 0, false
	}
	s.req.Question = s.question[:1]
	s.req.Question[0] = dns.Question{Name: name, Qtype: h.Uint16(pkt[off:]), Qclass: h.Uint16(pkt[off+2:])}
	return off + 4, true
}

// readOPT reads an OPT record with a root owner at off into the worker's
// reused OPT.
func (s *Scratch) readOPT(pkt []byte, off int) (*dns.OPT, bool) {
	h := binary.BigEndian
	if off+11 > len(pkt) || pkt[off] != 0 || h.Uint16(pkt[off+1:]) != dns.TypeOPT {
		return nil, false
	}
	rdlen := int(h.Uint16(pkt[off+9:]))
	rdata := pkt[off+11:]
	if rdlen > len(rdata) {
		return nil, false
	}
	o := &s.reqOPT
	*o = dns.OPT{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT, Class: h.Uint16(pkt[off+3:]),
		Ttl: h.Uint32(pkt[off+5:]), Rdlength: uint16(rdlen)}, Option: s.reqOptions[:0]}
	for rdata = rdata[:rdlen]; len(rdata) > 0; {
		if len(rdata) < 4 {
			return nil, false
		}
		code, n := h.Uint16(rdata), int(h.Uint16(rdata[2:]))
		if n > len(rdata)-4 {
			return nil, false
		}
		body := rdata[4 : 4+n]
		rdata = rdata[4+n:]
		switch {
		case code == dns.EDNS0SUBNET:
			o.Option = append(o.Option, s.readECS(body))
		case code == dns.EDNS0COOKIE:
			s.cookie.note(body)
		case !benign(code):
			return nil, false
		}
	}
	return o, true
}

// readECS reads an EDNS Client Subnet option. A malformed one — unknown
// family, a prefix longer than the family, a non-zero scope, an address of
// other than the bytes its prefix needs, or bits set past the prefix —
// marks the query for FORMERR (RFC 7871 §6, §7.1.2) rather than having it
// dropped as unparsable.
func (s *Scratch) readECS(b []byte) *dns.EDNS0_SUBNET {
	s.reqECS = dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET}
	if len(b) < 4 {
		s.badECS = true
		return &s.reqECS
	}
	family, source, scope := binary.BigEndian.Uint16(b), b[2], b[3]
	size := 4
	if family == 2 {
		size = 16
	}
	addr := b[4:]
	s.badECS = (family != 1 && family != 2) || int(source) > size*8 || scope != 0 ||
		len(addr) != (int(source)+7)/8 || (source%8 != 0 && len(addr) > 0 && addr[len(addr)-1]<<(source%8) != 0)
	buf := s.ecsAddr[:size]
	clear(buf)
	copy(buf, addr)
	s.reqECS.Family, s.reqECS.SourceNetmask, s.reqECS.SourceScope, s.reqECS.Address = family, source, scope, buf
	return &s.reqECS
}

// Limits of a domain name (RFC 1035 §2.3.4) as miekg/dns applies them.
const (
	maxNameWireOctets    = 255
	maxNamePresentation  = 61*4 + 1 + 63*4 + 1 + 63*4 + 1 + 63*4 + 1 // every byte escaped as \DDD
	maxNamePointers      = (maxNameWireOctets+1)/2 - 2
	namePointer          = 0xC0
	nameLabelLengthLimit = 0x3F
)

var errQname = errors.New("malformed question name")

// unpackName reads the domain name at off in msg into buf, in presentation
// form exactly as dns.UnpackDomainName writes it, and returns it with the
// offset after it. The string aliases buf: it is valid only until buf is
// written again (see Scratch.qname).
func unpackName(msg []byte, off int, buf *[maxNamePresentation]byte) (string, int, error) {
	n, end, budget, pointers := 0, 0, maxNameWireOctets, 0
	for {
		if off >= len(msg) {
			return "", len(msg), errQname
		}
		c := int(msg[off])
		off++
		switch {
		case c == 0:
			if pointers == 0 {
				end = off
			}
			if n == 0 {
				return ".", end, nil
			}
			return unsafe.String(&buf[0], n), end, nil
		case c <= nameLabelLengthLimit:
			if off+c > len(msg) {
				return "", len(msg), errQname
			}
			if budget -= c + 1; budget <= 0 {
				return "", len(msg), errQname
			}
			n = appendLabel(buf, n, msg[off:off+c])
			off += c
		case c&namePointer == namePointer:
			if off >= len(msg) {
				return "", len(msg), errQname
			}
			if pointers == 0 {
				end = off + 1
			}
			if pointers++; pointers > maxNamePointers {
				return "", len(msg), errQname
			}
			off = (c&^namePointer)<<8 | int(msg[off])
		default:
			return "", len(msg), errQname // label types 0x40 and 0x80 are reserved
		}
	}
}

// How miekg/dns writes a byte of a label in presentation form.
const (
	asIs      = iota
	backslash // \X: the bytes special in zone files
	decimal   // \DDD: bytes outside printable ASCII
)

// labelBytes classifies every byte value; it is never written after init.
var labelBytes = func() (t [256]uint8) {
	for b := range t {
		switch {
		case b < ' ' || b > '~':
			t[b] = decimal
		case b == '.' || b == ' ' || b == '\'' || b == '@' || b == ';' || b == '(' || b == ')' || b == '"' || b == '\\':
			t[b] = backslash
		}
	}
	return t
}()

// appendLabel writes one label and its dot at buf[n:], escaped as
// miekg/dns escapes it. The wire budget keeps it within buf.
func appendLabel(buf *[maxNamePresentation]byte, n int, label []byte) int {
	plain := true
	for _, b := range label {
		if labelBytes[b] != asIs {
			plain = false
			break
		}
	}
	if plain { // nearly every name: one copy
		n += copy(buf[n:], label)
		buf[n] = '.'
		return n + 1
	}
	for _, b := range label {
		switch labelBytes[b] {
		case backslash:
			buf[n], buf[n+1] = '\\', b
			n += 2
		case decimal:
			buf[n], buf[n+1], buf[n+2], buf[n+3] = '\\', '0'+b/100, '0'+b/10%10, '0'+b%10
			n += 4
		default:
			buf[n] = b
			n++
		}
	}
	buf[n] = '.'
	return n + 1
}
