package zones

import (
	"net"

	"github.com/miekg/dns"
)

// slabRecords is how many records or addresses one block holds.
const slabRecords = 1024

// rrSlab hands out the records large zones are mostly made of (A and
// AAAA) and their addresses from blocks: one allocation per thousand
// records instead of two per record. A zone's records live and die
// together, so a block kept alive by one record costs little. A nil
// rrSlab allocates each on its own.
type rrSlab struct {
	a    []dns.A
	aaaa []dns.AAAA
	ips  []byte
}

func (s *rrSlab) newA() *dns.A {
	if s == nil {
		return new(dns.A)
	}
	if len(s.a) == 0 {
		s.a = make([]dns.A, slabRecords)
	}
	rr := &s.a[0]
	s.a = s.a[1:]
	return rr
}

func (s *rrSlab) newAAAA() *dns.AAAA {
	if s == nil {
		return new(dns.AAAA)
	}
	if len(s.aaaa) == 0 {
		s.aaaa = make([]dns.AAAA, slabRecords)
	}
	rr := &s.aaaa[0]
	s.aaaa = s.aaaa[1:]
	return rr
}

// ip returns a copy of the 16 bytes of b, the form net.ParseIP gives.
func (s *rrSlab) ip(b [16]byte) net.IP {
	if s == nil {
		ip := make(net.IP, 16)
		copy(ip, b[:])
		return ip
	}
	if len(s.ips) < 16 {
		s.ips = make([]byte, 16*slabRecords)
	}
	ip := net.IP(s.ips[:16:16]) // full: an append cannot reach the next address
	copy(ip, b[:])
	s.ips = s.ips[16:]
	return ip
}
