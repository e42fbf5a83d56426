package resolver

import (
	"errors"
	"net"
	"net/netip"
	"os"
)

// udpBatch is how many datagrams one system call reads or writes where the
// platform can batch (recvmmsg/sendmmsg on Linux): under load the socket
// call, not the answer, is most of a query's cost.
const udpBatch = 32

// maxUDPQuery is the largest query read whole; a longer datagram is
// truncated by the kernel, fails to parse and is dropped.
const maxUDPQuery = 4096

// datagram is one query read and, once answered, the response sent back to
// the same peer. Its buffers belong to one worker and are reused.
type datagram struct {
	in   []byte // capacity maxUDPQuery; in[:n] after a read
	n    int
	peer netip.AddrPort
	out  []byte // the response; empty when the query is dropped
}

// serveUDP is one worker: read a batch of queries, answer each, write the
// answers back. Several workers share the socket; each owns its buffers.
func (s *Server) serveUDP() {
	defer s.udpWG.Done()
	b, err := newUDPBatcher(s.udp)
	if err != nil {
		s.log.Error("udp worker", "err", err)
		return
	}
	scratch := NewScratch()
	var sampled sampler
	for {
		batch, err := b.read()
		if err != nil {
			if errors.Is(err, net.ErrClosed) || errors.Is(err, os.ErrDeadlineExceeded) {
				return
			}
			continue
		}
		for i := range batch {
			d := &batch[i]
			resp, _ := s.handler.Handle(scratch, Query{Packet: d.in[:d.n], Client: d.peer.Addr(), TCP: false})
			// resp lives in scratch until the next query: keep a copy
			// (none when the query is dropped).
			d.out = append(d.out[:0], resp...)
			s.queryLog.record(&sampled, d.in[:d.n], resp, d.peer.Addr(), false)
		}
		b.write(batch)
		s.queryLog.flush(&sampled)
	}
}
