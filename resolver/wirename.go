package resolver

import (
	"encoding/binary"
	"errors"
	"math/bits"
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
	b      [maxNameWire + 1 + 8]byte // 8 spare bytes: labels are hashed in 8-byte loads
	n      int
	labels [128]uint8
	nl     int
	hash   [129]uint32 // hash[i]: the suffix starting at label i
}

// encode fills w from a presentation-format name. Names without escapes
// are copied at once and their dots turned into label lengths; escaped
// ones go through miekg/dns so every escape means what it means there.
func (w *wireName) encode(s string) error {
	if s == "." {
		w.b[0], w.n, w.nl = 0, 1, 0
		return nil
	}
	if len(s) == 0 || len(s) > maxNameWire-1 || s[len(s)-1] != '.' || strings.IndexByte(s, '\\') >= 0 {
		return w.encodeEscaped(s)
	}
	b := w.b[:len(s)+1]
	copy(b[1:], s)
	start, nl := 0, 0
	for i := 1; i < len(b); i++ {
		if b[i] != '.' {
			continue
		}
		l := i - start - 1
		if l == 0 || l > 63 {
			return errName
		}
		b[start] = byte(l)
		w.labels[nl] = uint8(start)
		nl++
		start = i
	}
	b[start] = 0
	w.n, w.nl = len(b), nl
	w.hashSuffixes()
	return nil
}

func (w *wireName) encodeEscaped(s string) error {
	if len(s) == 0 || s[0] == '.' || s[len(s)-1] != '.' {
		return errName
	}
	n, err := dns.PackDomainName(s, w.b[:maxNameWire+1], 0, nil, false)
	if err != nil || n > maxNameWire {
		return errName
	}
	return w.scan(n)
}

// scan records the label starts of the n bytes in w.b.
func (w *wireName) scan(n int) error {
	w.n, w.nl = n, 0
	for p := 0; w.b[p] != 0; p += int(w.b[p]) + 1 {
		if w.b[p] > 63 || p+int(w.b[p])+1 >= n {
			return errName
		}
		w.labels[w.nl] = uint8(p)
		w.nl++
	}
	w.hashSuffixes()
	return nil
}

// hashSuffixes hashes every suffix, from the root up, label by label.
func (w *wireName) hashSuffixes() {
	h := uint32(0)
	w.hash[w.nl] = h
	for i := w.nl - 1; i >= 0; i-- {
		h = (bits.RotateLeft32(h, 7) ^ w.hashLabel(int(w.labels[i]))) * 0x9E3779B1
		w.hash[i] = h
	}
}

// hashLabel hashes the label at p with its length byte, eight bytes at a
// time; the spare bytes after a name make the last load safe.
func (w *wireName) hashLabel(p int) uint32 {
	n := int(w.b[p]) + 1
	h := uint64(n) * 0x9E3779B97F4A7C15
	for ; n > 8; p, n = p+8, n-8 {
		h = (h ^ binary.LittleEndian.Uint64(w.b[p:])) * 0xFF51AFD7ED558CCD
	}
	h = (h ^ binary.LittleEndian.Uint64(w.b[p:])&(^uint64(0)>>(64-8*n))) * 0xC4CEB9FE1A85EC53
	return uint32(h ^ h>>32)
}

// suffix is the wire form from label i to the root.
func (w *wireName) suffix(i int) []byte { return w.b[w.labels[i]:w.n] }
