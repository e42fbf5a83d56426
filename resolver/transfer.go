package resolver

import (
	"github.com/miekg/dns"
	"github.com/r53d/r53d/zones"
)

// transferChunk is how many bytes of records one AXFR message carries:
// well under 64 KiB so every message fits a TCP frame.
const transferChunk = 16 * 1024

// Transfer streams zone z as an AXFR response (RFC 5936 §2.2): the SOA,
// every record, the SOA again, in as many messages as it takes. The
// request is the one Handle last read into s.
func (h *Handler) Transfer(s *Scratch, z *zones.Zone, write func([]byte) error) error {
	records := append(append([]dns.RR{}, z.Records()...), z.SOA)
	for len(records) > 0 {
		m := &dns.Msg{}
		m.Id, m.Response, m.Authoritative = s.req.Id, true, true
		m.Question = s.req.Question
		m.Compress = true
		size := 0
		for len(records) > 0 && (size == 0 || size+dns.Len(records[0]) < transferChunk) {
			size += dns.Len(records[0])
			m.Answer = append(m.Answer, records[0])
			records = records[1:]
		}
		out, err := m.PackBuffer(s.out[:cap(s.out)])
		if err != nil {
			return err
		}
		if err := write(out); err != nil {
			return err
		}
	}
	return nil
}
