package resolver

import (
	"encoding/binary"

	"github.com/miekg/dns"
)

// shape is what checkShape makes of a packet's structure.
type shape int

const (
	shapeParse   shape = iota // leave it to the full parser
	shapeDrop                 // no response: the question cannot be read
	shapeFormErr              // FORMERR: the question is readable, the rest is not a query
)

// checkShape walks the sections of a packet the fast reader declined, as
// Knot reads a query: a question whose name is not followed by a type and
// class is no question at all (dropped; miekg/dns would invent type 0 and
// class 0), while header counts that promise more records than the packet
// holds, or an OPT outside the additional section (RFC 6891 §6.1.1), make
// a readable query malformed (FORMERR). Everything else — pointers,
// record contents — is the full parser's to judge. A packet that ends at
// its header is left to the parser too: no question, FORMERR.
func checkShape(pkt []byte) shape {
	h := binary.BigEndian
	var buf [maxNamePresentation]byte
	off := headerLen
	if off == len(pkt) {
		return shapeParse
	}
	for range h.Uint16(pkt[4:]) {
		_, end, err := unpackName(pkt, off, &buf)
		if err != nil || end+4 > len(pkt) {
			return shapeDrop
		}
		off = end + 4
	}
	an, ns, ar := int(h.Uint16(pkt[6:])), int(h.Uint16(pkt[8:])), int(h.Uint16(pkt[10:]))
	for i := range an + ns + ar {
		if off == len(pkt) {
			return shapeFormErr // the counts promise records that are not there
		}
		_, end, err := unpackName(pkt, off, &buf)
		if err != nil || end+10 > len(pkt) {
			return shapeParse
		}
		if i < an+ns && h.Uint16(pkt[end:]) == dns.TypeOPT {
			return shapeFormErr
		}
		off = end + 10 + int(h.Uint16(pkt[end+8:]))
		if off > len(pkt) {
			return shapeParse
		}
	}
	return shapeParse
}
