//go:build !linux

package resolver

import "net"

// udpBatcher reads one datagram at a time where recvmmsg is not available.
type udpBatcher struct {
	c   *net.UDPConn
	dgs [1]datagram
}

func newUDPBatcher(c *net.UDPConn) (*udpBatcher, error) {
	b := &udpBatcher{c: c}
	b.dgs[0].in = make([]byte, maxUDPQuery)
	b.dgs[0].out = make([]byte, 0, Advertised)
	return b, nil
}

func (b *udpBatcher) read() ([]datagram, error) {
	n, peer, err := b.c.ReadFromUDPAddrPort(b.dgs[0].in)
	if err != nil {
		return nil, err
	}
	b.dgs[0].n, b.dgs[0].peer = n, peer
	return b.dgs[:], nil
}

func (b *udpBatcher) write(batch []datagram) {
	for _, d := range batch {
		if len(d.out) > 0 {
			_, _ = b.c.WriteToUDPAddrPort(d.out, d.peer)
		}
	}
}
