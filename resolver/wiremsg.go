package resolver

import (
	"github.com/miekg/dns"
)

// owners gives records of the answer and additional sections another
// owner name than their own without copying them (answer.Result's
// AnswerOwners and AdditionalOwners): entry i, when present and not "",
// is the owner record i of its section is written under.
type owners struct{ answer, extra []string }

// packMsg writes m into buf (its whole capacity) and returns the message,
// or nil when it cannot be written at all. A message longer than limit
// first loses the additional records past the first required ones (the
// OPT is kept); if it is still too long it goes out with TC=1, the
// question and the OPT only, so a client never caches a partial RRset
// (RFC 2181 §9). Each step reuses what the one before wrote: the shorter
// message is a prefix of the longer one.
func (w *wireWriter) packMsg(buf []byte, m *dns.Msg, own owners, limit, required int) []byte {
	out := w.pack(buf, m, own, limit, required)
	w.recent.reset() // hold no zone data between queries
	return out
}

func (w *wireWriter) pack(buf []byte, m *dns.Msg, own owners, limit, required int) []byte {
	first, last := optRecords(m.Extra)
	if m.Rcode < 0 || m.Rcode > 0xFFF || (m.Rcode > 0xF && first == nil) {
		return nil // an extended RCODE needs an OPT (RFC 6891 §6.1.3)
	}
	w.reset(buf)
	if !w.room(headerLen) {
		return nil
	}
	w.off = headerLen
	for _, q := range m.Question {
		if w.question(q) != nil {
			return nil
		}
	}
	qd := len(m.Question)
	afterQuestion := w.mark()
	required = max(0, min(required, len(m.Extra)))
	extra, extraOwners := own.extra, []string(nil)
	if len(extra) > required {
		extra, extraOwners = extra[:required], extra[required:]
	}
	if w.section(m.Answer, own.answer, limit, m.Rcode, nil) && w.section(m.Ns, nil, limit, m.Rcode, nil) {
		keep := w.mark()
		if w.section(m.Extra[:required], extra, limit, m.Rcode, last) {
			keep = w.mark()
			if w.section(m.Extra[required:], extraOwners, limit, m.Rcode, last) {
				w.header(m, false, qd, len(m.Answer), len(m.Ns), len(m.Extra))
				return w.buf[:w.off]
			}
			// Without the optional additional records.
			w.rollback(keep)
			n := required
			if first == nil || w.optFits(first, m.Rcode, limit) {
				if first != nil {
					n++
				}
				w.header(m, false, qd, len(m.Answer), len(m.Ns), n)
				return w.buf[:w.off]
			}
		}
	}
	w.rollback(afterQuestion)
	ar := 0
	if first != nil {
		if w.rr(first, "", extendedTTL(first, m.Rcode)) != nil {
			return nil
		}
		ar = 1
	}
	w.header(m, true, qd, 0, 0, ar)
	return w.buf[:w.off]
}

// section writes rrs, under the owner names in owners where given, and
// reports whether they all fit within limit. The OPT ext, if among them,
// carries the upper bits of rcode.
func (w *wireWriter) section(rrs []dns.RR, owners []string, limit, rcode int, ext *dns.OPT) bool {
	for i, rr := range rrs {
		ttl := rr.Header().Ttl
		if o, ok := rr.(*dns.OPT); ok && o == ext {
			ttl = extendedTTL(o, rcode)
		}
		owner := ""
		if i < len(owners) {
			owner = owners[i]
		}
		if w.rr(rr, owner, ttl) != nil || w.off > limit {
			return false
		}
	}
	return true
}

func (w *wireWriter) optFits(o *dns.OPT, rcode, limit int) bool {
	return w.rr(o, "", extendedTTL(o, rcode)) == nil && w.off <= limit
}

// extendedTTL is an OPT's TTL field with the upper 8 bits of the RCODE in
// its top byte (RFC 6891 §6.1.3), computed without writing to the OPT.
func extendedTTL(o *dns.OPT, rcode int) uint32 {
	return o.Hdr.Ttl&0x00FFFFFF | uint32(rcode>>4)<<24
}

// optRecords returns the first OPT of extra (the one a truncated answer
// keeps) and the last (the one that carries the extended RCODE, as
// miekg/dns chooses).
func optRecords(extra []dns.RR) (first, last *dns.OPT) {
	for _, rr := range extra {
		if o, ok := rr.(*dns.OPT); ok {
			if first == nil {
				first = o
			}
			last = o
		}
	}
	return first, last
}
