package resolver

import (
	"net/netip"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/policy"
)

// clientSubnet reads the EDNS Client Subnet option (RFC 7871) of a query.
// ok is false when the option is malformed (the query gets FORMERR,
// RFC 7871 §7.1.2); ecs is nil when there is none.
func clientSubnet(opt *dns.OPT) (ecs *dns.EDNS0_SUBNET, ok bool) {
	if opt == nil {
		return nil, true
	}
	for _, o := range opt.Option {
		s, isECS := o.(*dns.EDNS0_SUBNET)
		if !isECS {
			continue
		}
		if ecs != nil || s.SourceScope != 0 {
			return nil, false
		}
		bits := 32
		if s.Family == 2 {
			bits = 128
		}
		if (s.Family != 1 && s.Family != 2) || int(s.SourceNetmask) > bits {
			return nil, false
		}
		ecs = s
	}
	return ecs, true
}

// routingClient is who a policy decision is for: the ECS subnet unless its
// source prefix is 0 or it is loopback, unspecified or link-local (private
// ranges count: labs use them); otherwise the socket address.
func routingClient(ecs *dns.EDNS0_SUBNET, socket netip.Addr) policy.Client {
	if ecs != nil && ecs.SourceNetmask > 0 {
		if a, ok := netip.AddrFromSlice(ecs.Address); ok {
			a = a.Unmap()
			if ecs.Family == 2 && a.Is4() {
				a = netip.AddrFrom16(a.As16())
			}
			if !a.IsLoopback() && !a.IsUnspecified() && !a.IsLinkLocalUnicast() {
				if p, err := a.Prefix(int(ecs.SourceNetmask)); err == nil {
					return policy.Client{Subnet: p, FromECS: true}
				}
			}
		}
	}
	socket = socket.Unmap()
	return policy.Client{Subnet: netip.PrefixFrom(socket, socket.BitLen())}
}

// replySubnet is the ECS option of a response: the query's family, source
// prefix and address, with the scope of the decision (RFC 7871 §7.2.1).
// It is the worker's own option, reused: valid until the next query.
func (s *Scratch) replySubnet(q *dns.EDNS0_SUBNET, scope int) *dns.EDNS0_SUBNET {
	bits := 32
	if q.Family == 2 {
		bits = 128
	}
	s.subnet = dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: q.Family, SourceNetmask: q.SourceNetmask,
		SourceScope: uint8(min(scope, bits)), Address: q.Address}
	return &s.subnet
}
