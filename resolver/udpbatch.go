package resolver

import (
	"errors"
	"net"
	"os"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

// udpBatch is how many datagrams one system call reads or writes
// (recvmmsg/sendmmsg on Linux): under load the socket call, not the answer,
// is most of a query's cost.
const udpBatch = 32

// maxUDPQuery is the largest query read whole; a longer datagram is
// truncated by the kernel, fails to parse and is dropped.
const maxUDPQuery = 4096

// batchConn reads and writes several datagrams per call; ipv4.PacketConn
// and ipv6.PacketConn both are one (their Message types are the same).
type batchConn interface {
	ReadBatch(ms []ipv4.Message, flags int) (int, error)
	WriteBatch(ms []ipv4.Message, flags int) (int, error)
}

func newBatchConn(c *net.UDPConn) batchConn {
	if a, ok := c.LocalAddr().(*net.UDPAddr); ok && a.IP.To4() == nil {
		return ipv6.NewPacketConn(c)
	}
	return ipv4.NewPacketConn(c)
}

// serveUDP is one worker: read a batch of queries, answer each, write the
// answers back in one call. Several workers share the socket; each owns
// its buffers.
func (s *Server) serveUDP() {
	defer s.udpWG.Done()
	conn := newBatchConn(s.udp)
	scratch := NewScratch()
	in := make([]ipv4.Message, udpBatch)
	out := make([]ipv4.Message, udpBatch)
	for i := range in {
		in[i].Buffers = [][]byte{make([]byte, maxUDPQuery)}
		out[i].Buffers = [][]byte{make([]byte, 0, Advertised)}
	}
	for {
		n, err := conn.ReadBatch(in, 0)
		if err != nil {
			if errors.Is(err, net.ErrClosed) || errors.Is(err, os.ErrDeadlineExceeded) {
				return
			}
			continue
		}
		k := 0
		for _, m := range in[:n] {
			from, ok := m.Addr.(*net.UDPAddr)
			if !ok {
				continue
			}
			resp, _ := s.handler.Handle(scratch, Query{Packet: m.Buffers[0][:m.N], Client: from.AddrPort().Addr(), TCP: false})
			if resp == nil {
				continue
			}
			// resp lives in scratch until the next query: keep a copy.
			out[k].Buffers[0] = append(out[k].Buffers[0][:0], resp...)
			out[k].Addr = m.Addr
			k++
		}
		writeAll(conn, out[:k])
	}
}

// writeAll sends every answer of a batch; one that cannot be sent is
// dropped, as a lost datagram would be.
func writeAll(conn batchConn, ms []ipv4.Message) {
	for len(ms) > 0 {
		n, err := conn.WriteBatch(ms, 0)
		if err != nil {
			n = max(n, 1) // skip the datagram that failed
		}
		ms = ms[n:]
	}
}
