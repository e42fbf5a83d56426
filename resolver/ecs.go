package resolver

import (
	"net/netip"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
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

// routingClient is who a policy decision is for (answer.ClientOf), the
// option's address read in its own family: an IPv4 address sent as IPv6
// stays an IPv4-mapped IPv6 address.
func routingClient(ecs *dns.EDNS0_SUBNET, socket netip.Addr) policy.Client {
	var subnet netip.Prefix
	if ecs != nil {
		if a, ok := netip.AddrFromSlice(ecs.Address); ok {
			a = a.Unmap()
			if ecs.Family == 2 && a.Is4() {
				a = netip.AddrFrom16(a.As16())
			}
			if p, err := a.Prefix(int(ecs.SourceNetmask)); err == nil {
				subnet = p
			}
		}
	}
	return answer.ClientOf(subnet, socket)
}

// ecsScope is the SCOPE PREFIX-LENGTH of the reply to a query with ECS
// option ecs whose answer is res.
func ecsScope(ecs *dns.EDNS0_SUBNET, client policy.Client, res *answer.Result) int {
	mapped := ecs.Family == 2 && client.Subnet.Addr().Is4In6()
	return res.ECSScope(client, int(ecs.SourceNetmask), mapped)
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
