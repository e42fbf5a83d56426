package answer

import (
	"net/netip"

	"github.com/r53d/r53d/policy"
)

// ClientOf is who a routing decision is for: the EDNS Client Subnet ecs
// (invalid when the query had none) unless its source prefix is 0 or its
// address is loopback, unspecified or link-local (private ranges count:
// labs use them); otherwise the socket address.
func ClientOf(ecs netip.Prefix, socket netip.Addr) policy.Client {
	if a := ecs.Addr(); ecs.IsValid() && ecs.Bits() > 0 && !a.IsLoopback() && !a.IsUnspecified() && !a.IsLinkLocalUnicast() {
		return policy.Client{Subnet: ecs.Masked(), FromECS: true}
	}
	socket = socket.Unmap()
	return policy.Client{Subnet: netip.PrefixFrom(socket, socket.BitLen())}
}

// ECSScope is the SCOPE PREFIX-LENGTH a reply carries for a query whose
// ECS option had source prefix length source (RFC 7871 §7.2.1): 0 when
// the answer did not depend on the client, else the deciding prefix. When
// the decision was made on the socket address (the option's address was
// unusable), the answer still depended on who asked, so it holds only for
// the source prefix asked: scope 0 would let a caching resolver give it to
// every client. mappedIPv4 is true when the option's family is IPv6 and
// the decision was made in the bits of an IPv4 address mapped into it.
func (r *Result) ECSScope(client policy.Client, source int, mappedIPv4 bool) int {
	switch {
	case r.Scope == 0:
		return 0
	case !client.FromECS:
		return source
	case mappedIPv4:
		return r.Scope + 96 // decided in IPv4 bits; the option speaks IPv6
	}
	return r.Scope
}
