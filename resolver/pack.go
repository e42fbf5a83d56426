package resolver

import (
	"github.com/miekg/dns"
)

// pack writes m to wire form in s.out. Over UDP (limit > 0) an answer that
// does not fit first loses its optional additional records; if it still
// does not fit it goes out with TC=1, the question and no RRsets at all,
// so a client never caches a partial RRset (RFC 2181 §9).
func (h *Handler) pack(s *Scratch, m *dns.Msg, own owners, limit int, tcp bool, required int) []byte {
	if tcp || limit == 0 {
		limit = dns.MaxMsgSize
	}
	if s.wire == nil {
		s.wire = new(wireWriter)
	}
	return s.wire.packMsg(s.out[:cap(s.out)], m, own, limit, required)
}
