package resolver

import (
	"encoding/binary"
	"errors"
	"net"
	"strings"

	"github.com/miekg/dns"
)

var errRdata = errors.New("record data cannot be packed")

// rr writes one resource record (RFC 1035 §4.1.3) under owner ("": its
// own). ttl replaces the header's TTL (the OPT of a response carries the
// extended RCODE there).
func (w *wireWriter) rr(rr dns.RR, owner string, ttl uint32) error {
	h := rr.Header()
	if owner == "" {
		owner = h.Name
	}
	if owner == "" {
		return errName
	}
	if err := w.writeName(owner, true); err != nil {
		return err
	}
	if !w.room(10) {
		return errBuf
	}
	w.u16(h.Rrtype)
	w.u16(h.Class)
	w.u32(ttl)
	w.off += 2
	start := w.off
	if err := w.rdata(rr, start); err != nil {
		return err
	}
	n := w.off - start
	if n > 0xFFFF {
		return errRdata
	}
	binary.BigEndian.PutUint16(w.buf[start-2:], uint16(n))
	return nil
}

// rdata writes the common types directly; RDATA names are compressed for
// exactly the RFC 1035 types miekg/dns compresses (RFC 3597 §4 forbids it
// for any newer type).
func (w *wireWriter) rdata(rr dns.RR, start int) error {
	switch r := rr.(type) {
	case *dns.A:
		return w.addr(r.A, net.IPv4len)
	case *dns.AAAA:
		return w.addr(r.AAAA, net.IPv6len)
	case *dns.CNAME:
		return w.writeName(r.Target, true)
	case *dns.NS:
		return w.writeName(r.Ns, true)
	case *dns.PTR:
		return w.writeName(r.Ptr, true)
	case *dns.MX:
		return w.prefName(r.Preference, r.Mx)
	case *dns.SOA:
		return w.soa(r)
	case *dns.SRV:
		if !w.room(6) {
			return errBuf
		}
		w.u16(r.Priority)
		w.u16(r.Weight)
		w.u16(r.Port)
		return w.writeName(r.Target, false)
	case *dns.TXT:
		return w.strings(r.Txt)
	case *dns.SPF:
		return w.strings(r.Txt)
	case *dns.HINFO:
		if err := w.charString(r.Cpu); err != nil {
			return err
		}
		return w.charString(r.Os)
	case *dns.OPT:
		if done, err := w.options(r.Option); done {
			return err
		}
	case *dns.MB:
		return w.writeName(r.Mb, true)
	case *dns.MD:
		return w.writeName(r.Md, true)
	case *dns.MF:
		return w.writeName(r.Mf, true)
	case *dns.MG:
		return w.writeName(r.Mg, true)
	case *dns.MR:
		return w.writeName(r.Mr, true)
	case *dns.MINFO:
		if err := w.writeName(r.Rmail, true); err != nil {
			return err
		}
		return w.writeName(r.Email, true)
	}
	return w.fallback(rr, start)
}

const v4InV6Prefix = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff"

// addr writes an address as miekg/dns does: the 4 or 16 bytes, or nothing
// for an empty one.
func (w *wireWriter) addr(ip net.IP, size int) error {
	switch {
	case len(ip) == 0:
		return nil
	case size == net.IPv4len && len(ip) == net.IPv6len:
		// ip.To4, as one comparison: zone data holds IPv4 addresses in
		// their 16-byte form.
		if string(ip[:12]) != v4InV6Prefix {
			return errRdata
		}
		ip = ip[12:]
	case size == net.IPv4len && len(ip) == net.IPv4len:
	case size != len(ip):
		ip = nil
	}
	if ip == nil {
		return errRdata
	}
	return w.bytes(ip)
}

func (w *wireWriter) prefName(pref uint16, name string) error {
	if !w.room(2) {
		return errBuf
	}
	w.u16(pref)
	return w.writeName(name, true)
}

func (w *wireWriter) soa(r *dns.SOA) error {
	if err := w.writeName(r.Ns, true); err != nil {
		return err
	}
	if err := w.writeName(r.Mbox, true); err != nil {
		return err
	}
	if !w.room(20) {
		return errBuf
	}
	for _, v := range [...]uint32{r.Serial, r.Refresh, r.Retry, r.Expire, r.Minttl} {
		w.u32(v)
	}
	return nil
}

// strings writes TXT character-strings; no strings at all is empty RDATA,
// as miekg/dns packs it.
func (w *wireWriter) strings(txt []string) error {
	for _, s := range txt {
		if err := w.charString(s); err != nil {
			return err
		}
	}
	return nil
}

// charString writes a <character-string> (RFC 1035 §3.3) from zone-file
// text: \DDD is a byte, \X is X.
func (w *wireWriter) charString(s string) error {
	if strings.IndexByte(s, '\\') < 0 {
		if len(s) > 255 {
			return errRdata
		}
		if !w.room(1 + len(s)) {
			return errBuf
		}
		w.u8(uint8(len(s)))
		w.off += copy(w.buf[w.off:], s)
		return nil
	}
	lenAt := w.off
	if !w.room(1) {
		return errBuf
	}
	w.off++
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' {
			if i++; i == len(s) {
				break
			}
			c = s[i]
			if i+2 < len(s) && isDigit(s[i]) && isDigit(s[i+1]) && isDigit(s[i+2]) {
				c = (s[i]-'0')*100 + (s[i+1]-'0')*10 + (s[i+2] - '0') // wraps as in miekg/dns
				i += 2
			}
		}
		if w.off-lenAt > 255 || !w.room(1) {
			return errRdata
		}
		w.u8(c)
	}
	w.buf[lenAt] = uint8(w.off - lenAt - 1)
	return nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// options writes EDNS options (RFC 6891 §6.1.2) when all are ones written
// here: Client Subnet and raw ones. done is false to leave the record to
// the fallback.
func (w *wireWriter) options(opts []dns.EDNS0) (done bool, err error) {
	for _, o := range opts {
		switch o.(type) {
		case *dns.EDNS0_SUBNET, *dns.EDNS0_LOCAL:
		default:
			return false, nil
		}
	}
	for _, o := range opts {
		var body []byte
		switch e := o.(type) {
		case *dns.EDNS0_SUBNET:
			var b [4 + net.IPv6len]byte
			n, ok := packSubnet(e, &b)
			if !ok {
				return true, errRdata
			}
			body = b[:n]
		case *dns.EDNS0_LOCAL:
			body = e.Data
		}
		if len(body) > 0xFFFF || !w.room(4+len(body)) {
			return true, errBuf
		}
		w.u16(o.Option())
		w.u16(uint16(len(body)))
		w.off += copy(w.buf[w.off:], body)
	}
	return true, nil
}

// packSubnet writes an ECS option's body (RFC 7871 §6): family, prefixes
// and the address cut to its prefix, bits past the prefix zero.
func packSubnet(e *dns.EDNS0_SUBNET, b *[4 + net.IPv6len]byte) (int, bool) {
	addr := e.Address
	switch e.Family {
	case 0:
		if e.SourceNetmask != 0 {
			return 0, false
		}
		*b = [4 + net.IPv6len]byte{3: e.SourceScope}
		return 4, true
	case 1:
		addr = addr.To4()
	case 2:
		if len(addr) != net.IPv6len {
			addr = nil
		}
	default:
		return 0, false
	}
	if addr == nil || int(e.SourceNetmask) > len(addr)*8 {
		return 0, false
	}
	binary.BigEndian.PutUint16(b[0:], e.Family)
	b[2], b[3] = e.SourceNetmask, e.SourceScope
	need := (int(e.SourceNetmask) + 7) / 8
	copy(b[4:], addr[:need])
	if bits := e.SourceNetmask % 8; bits != 0 {
		b[4+need-1] &= 0xFF << (8 - bits)
	}
	return 4 + need, true
}
