package resolver

import (
	"github.com/miekg/dns"
)

// pack writes m to wire form in s.out. Over UDP (limit > 0) an answer that
// does not fit first loses its optional additional records; if it still
// does not fit it goes out with TC=1, the question and no RRsets at all,
// so a client never caches a partial RRset (RFC 2181 §9).
func (h *Handler) pack(s *Scratch, m *dns.Msg, limit int, tcp bool, required int) []byte {
	m.Compress = true
	if tcp || limit == 0 {
		limit = dns.MaxMsgSize
	}
	out, err := m.PackBuffer(s.out[:cap(s.out)])
	if err == nil && len(out) <= limit {
		return out
	}
	opt, _ := findOPT(m.Extra)
	m.Extra = m.Extra[:min(required, len(m.Extra))]
	if opt != nil {
		m.Extra = append(m.Extra, opt)
	}
	out, err = m.PackBuffer(s.out[:cap(s.out)])
	if err == nil && len(out) <= limit {
		return out
	}
	m.Truncated = true
	m.Answer, m.Ns, m.Extra = m.Answer[:0], m.Ns[:0], m.Extra[:0]
	if opt != nil {
		m.Extra = append(m.Extra, opt)
	}
	out, err = m.PackBuffer(s.out[:cap(s.out)])
	if err != nil {
		return nil
	}
	return out
}
