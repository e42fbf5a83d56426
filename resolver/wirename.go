package resolver

import (
	"errors"
	"strings"

	"github.com/miekg/dns"
)

// Name compression (RFC 1035 §4.1.4) done the way miekg/dns does it, so a
// message is never longer than miekg/dns would make it: names match
// byte for byte (case-sensitively), the longest known suffix wins, and
// every suffix of a name written in full is remembered — also the names in
// RDATA that are not compressed themselves (SRV targets and the like).
//
// The table is per worker and reset per message by bumping a generation,
// so it never allocates and never needs clearing.

const (
	compSlots      = 4096              // a power of two
	compMaxEntries = compSlots / 4 * 3 // keep probe chains short
	maxPointer     = 1 << 14           // a pointer holds 14 bits of offset
	maxNameWire    = 255               // RFC 1035 §3.1
)

var (
	errName = errors.New("invalid domain name")
	errBuf  = errors.New("message buffer full")
)

type compSlot struct {
	gen uint32
	tag uint16 // high bits of the hash, to skip most comparisons
	off uint16 // where the suffix starts in the message
}

// compressor maps name suffixes already in the message to their offsets.
type compressor struct {
	gen   uint32
	n     int
	log   [compMaxEntries]uint16 // slots in insertion order, for rollback
	slots [compSlots]compSlot
}

func (c *compressor) reset() {
	c.gen++
	if c.gen == 0 { // wrapped: stale entries could look current
		clear(c.slots[:])
		c.gen = 1
	}
	c.n = 0
}

// find returns the offset of a suffix equal to wire (uncompressed, ending
// in the root label) in msg.
func (c *compressor) find(msg, wire []byte, h uint32) (int, bool) {
	for i := h & (compSlots - 1); c.slots[i].gen == c.gen; i = (i + 1) & (compSlots - 1) {
		s := c.slots[i]
		if s.tag == uint16(h>>16) && nameAt(msg, int(s.off), wire) {
			return int(s.off), true
		}
	}
	return 0, false
}

func (c *compressor) insert(h uint32, off int) bool {
	if c.n == compMaxEntries {
		return false // only compression is lost
	}
	i := h & (compSlots - 1)
	for c.slots[i].gen == c.gen {
		i = (i + 1) & (compSlots - 1)
	}
	c.slots[i] = compSlot{gen: c.gen, tag: uint16(h >> 16), off: uint16(off)}
	c.log[c.n] = uint16(i)
	c.n++
	return true
}

// rollback forgets every suffix inserted after the first n. Removing in
// reverse order keeps linear probing intact: an older entry's probe chain
// never runs through a younger one's slot.
func (c *compressor) rollback(n int) {
	for c.n > n {
		c.n--
		c.slots[c.log[c.n]].gen = 0
	}
}

// nameAt reports whether the name at msg[off:] (following pointers, which
// always point back) is byte for byte the uncompressed name wire.
func nameAt(msg []byte, off int, wire []byte) bool {
	j := 0
	for {
		b := msg[off]
		if b&0xC0 == 0xC0 {
			off = int(b&0x3F)<<8 | int(msg[off+1])
			continue
		}
		if j >= len(wire) || wire[j] != b {
			return false
		}
		if b == 0 {
			return true
		}
		n := int(b) + 1
		if string(msg[off+1:off+n]) != string(wire[j+1:j+n]) {
			return false
		}
		off, j = off+n, j+n
	}
}

// wireName is one name in uncompressed wire form with its label starts.
type wireName struct {
	b      [maxNameWire + 1]byte
	n      int
	labels [128]uint8
	nl     int
	hash   [129]uint32 // hash[i]: the suffix starting at label i
}

// encode fills w from a presentation-format name. Names without escapes
// take a direct loop; escaped ones go through miekg/dns so every escape
// means what it means there.
func (w *wireName) encode(s string) error {
	if s == "." {
		w.b[0], w.n, w.nl = 0, 1, 0
		return nil
	}
	if len(s) == 0 || s[len(s)-1] != '.' || s[0] == '.' {
		return errName
	}
	if strings.IndexByte(s, '\\') >= 0 {
		n, err := dns.PackDomainName(s, w.b[:], 0, nil, false)
		if err != nil || n > maxNameWire {
			return errName
		}
		return w.scan(n)
	}
	n, begin := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != '.' {
			continue
		}
		l := i - begin
		if l == 0 || l > 63 || n+1+l+1 > maxNameWire {
			return errName
		}
		w.b[n] = byte(l)
		copy(w.b[n+1:], s[begin:i])
		n += 1 + l
		begin = i + 1
	}
	w.b[n] = 0
	return w.scan(n + 1)
}

// scan records the label starts of the n bytes in w.b and hashes every
// suffix, from the root up.
func (w *wireName) scan(n int) error {
	w.n, w.nl = n, 0
	for p := 0; w.b[p] != 0; p += int(w.b[p]) + 1 {
		if w.b[p] > 63 || p+int(w.b[p])+1 >= n {
			return errName
		}
		w.labels[w.nl] = uint8(p)
		w.nl++
	}
	h := uint32(2166136261) // FNV-1a, label by label
	w.hash[w.nl] = h
	for i := w.nl - 1; i >= 0; i-- {
		p := int(w.labels[i])
		for _, c := range w.b[p : p+int(w.b[p])+1] {
			h = (h ^ uint32(c)) * 16777619
		}
		w.hash[i] = h
	}
	return nil
}

// suffix is the wire form from label i to the root.
func (w *wireName) suffix(i int) []byte { return w.b[w.labels[i]:w.n] }
