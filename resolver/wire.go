package resolver

import (
	"encoding/binary"

	"github.com/miekg/dns"
)

// wireWriter writes DNS messages (RFC 1035 §4.1) into a caller's buffer
// from records that are shared zone data: it only ever reads them. One
// per worker; it allocates nothing once warm, except for record types it
// does not write itself, which are packed from a private copy.
type wireWriter struct {
	buf    []byte // the whole buffer; the message is buf[:off]
	off    int
	comp   compressor
	name   wireName
	recent recentNames
}

// recentNames remembers where the last few compressed names are in the
// message, as the table would answer for them: owners repeat in an RRset
// and targets repeat as owners, and a string comparison is cheaper than
// encoding and hashing the name again.
type recentNames struct {
	names [8]string
	at    [8]uint16
	next  int
}

func (r *recentNames) find(s string) (int, bool) {
	for i := range r.names {
		if r.names[i] == s {
			return int(r.at[i]), true
		}
	}
	return 0, false
}

func (r *recentNames) add(s string, at int) {
	r.names[r.next], r.at[r.next] = s, uint16(at)
	r.next = (r.next + 1) % len(r.names)
}

func (r *recentNames) reset() { *r = recentNames{} }

func (w *wireWriter) reset(buf []byte) {
	w.buf, w.off = buf[:cap(buf)], 0
	w.comp.reset()
	w.recent.reset()
}

// mark is a point to return to: the message length and table size.
type mark struct{ off, entries int }

func (w *wireWriter) mark() mark { return mark{w.off, w.comp.n} }

func (w *wireWriter) rollback(m mark) {
	w.off = m.off
	w.comp.rollback(m.entries)
	w.recent.reset()
}

func (w *wireWriter) room(n int) bool { return w.off+n <= len(w.buf) }

func (w *wireWriter) u8(v uint8) { w.buf[w.off] = v; w.off++ }

func (w *wireWriter) u16(v uint16) {
	binary.BigEndian.PutUint16(w.buf[w.off:], v)
	w.off += 2
}

func (w *wireWriter) u32(v uint32) {
	binary.BigEndian.PutUint32(w.buf[w.off:], v)
	w.off += 4
}

func (w *wireWriter) bytes(b []byte) error {
	if !w.room(len(b)) {
		return errBuf
	}
	w.off += copy(w.buf[w.off:], b)
	return nil
}

// writeName writes s, as a pointer to the longest suffix already in the
// message when compress is set, and remembers its new suffixes.
func (w *wireWriter) writeName(s string, compress bool) error {
	if s == "" {
		return nil // an RDATA name left empty packs to nothing, as in miekg/dns
	}
	if compress && len(s) > 1 { // "" is no name; the root is never a pointer
		if at, ok := w.recent.find(s); ok {
			if !w.room(2) {
				return errBuf
			}
			w.u16(0xC000 | uint16(at))
			return nil
		}
	}
	n := &w.name
	if err := n.encode(s); err != nil {
		return err
	}
	// Find the longest suffix already present (or, not compressing, which
	// suffixes are), then write, then remember what is new.
	cut, at := n.nl, 0
	if compress && w.comp.n > 0 { // the first name (the question) finds nothing
		for i := range n.nl {
			if p, ok := w.comp.find(w.buf, n.suffix(i), n.hash[i]); ok {
				cut, at = i, p
				break
			}
		}
	}
	size := n.n
	if cut < n.nl {
		size = int(n.labels[cut]) + 2
	}
	if !w.room(size) {
		return errBuf
	}
	start := w.off
	if cut < n.nl {
		w.off += copy(w.buf[w.off:], n.b[:n.labels[cut]])
		w.u16(0xC000 | uint16(at))
	} else {
		w.off += copy(w.buf[w.off:], n.b[:n.n])
	}
	whole := w.remember(start, cut, compress)
	switch {
	case !compress || n.nl == 0:
	case cut == 0:
		w.recent.add(s, at)
	case whole >= 0:
		w.recent.add(s, whole)
	}
	return nil
}

// remember adds the suffixes of the name just written at start, up to
// label cut, that the table lacks. It returns where the whole name is now
// known (-1: nowhere).
func (w *wireWriter) remember(start, cut int, known bool) int {
	n := &w.name
	whole := -1
	for i := range cut {
		off := start + int(n.labels[i])
		if off >= maxPointer {
			break
		}
		if !known {
			// Not looked up while writing: only add what is missing.
			if p, ok := w.comp.find(w.buf, n.suffix(i), n.hash[i]); ok {
				if i == 0 {
					whole = p
				}
				continue
			}
		}
		if w.comp.insert(n.hash[i], off) && i == 0 {
			whole = off
		}
	}
	return whole
}

// registerName remembers the suffixes of an uncompressed name at off, as
// miekg/dns does for the names in RDATA it does not compress. A name that
// does not read back is skipped: it only costs compression.
func (w *wireWriter) registerName(off int) {
	n := &w.name
	end := off
	for end < w.off && w.buf[end] != 0 {
		end += int(w.buf[end]) + 1
	}
	if end >= w.off || end+1-off > maxNameWire {
		return
	}
	copy(n.b[:], w.buf[off:end+1])
	if n.scan(end+1-off) == nil {
		w.remember(off, n.nl, false)
	}
}

// header writes the 12-byte header (RFC 1035 §4.1.1) at the start.
func (w *wireWriter) header(m *dns.Msg, tc bool, qd, an, ns, ar int) {
	bits := uint16(m.Opcode)<<11 | uint16(m.Rcode&0xF)
	flag := func(set bool, bit uint16) {
		if set {
			bits |= bit
		}
	}
	flag(m.Response, 1<<15)
	flag(m.Authoritative, 1<<10)
	flag(tc || m.Truncated, 1<<9)
	flag(m.RecursionDesired, 1<<8)
	flag(m.RecursionAvailable, 1<<7)
	flag(m.Zero, 1<<6)
	flag(m.AuthenticatedData, 1<<5)
	flag(m.CheckingDisabled, 1<<4)
	h := binary.BigEndian
	h.PutUint16(w.buf[0:], m.Id)
	h.PutUint16(w.buf[2:], bits)
	h.PutUint16(w.buf[4:], uint16(qd))
	h.PutUint16(w.buf[6:], uint16(an))
	h.PutUint16(w.buf[8:], uint16(ns))
	h.PutUint16(w.buf[10:], uint16(ar))
}

func (w *wireWriter) question(q dns.Question) error {
	if q.Name == "" {
		return errName
	}
	if err := w.writeName(q.Name, true); err != nil {
		return err
	}
	if !w.room(4) {
		return errBuf
	}
	w.u16(q.Qtype)
	w.u16(q.Qclass)
	return nil
}
