package zones

import "github.com/miekg/dns"

// Match is where a name falls in a zone (RFC 1034 §4.3.2 step 3).
type Match struct {
	// Exact is the node at the name itself (possibly an empty non-terminal),
	// nil when the name does not exist.
	Exact *Node
	// Cut is the delegation point closest to the apex at or above the name,
	// nil when the name is not at or below a delegation.
	Cut *Node
	// Encloser is the closest encloser (RFC 4592 §3.3.1).
	Encloser *Node
	// Wildcard is the source of synthesis "*.<encloser>" when the name does
	// not exist and such a node does.
	Wildcard *Node
}

// Find locates name (lower case, inside the zone) without allocating on
// the paths of names that exist.
func (z *Zone) Find(name string) Match {
	var m Match
	off := 0
	for {
		s := name[off:]
		if n, ok := z.nodes[s]; ok {
			if m.Encloser == nil {
				m.Encloser = n
				if off == 0 {
					m.Exact = n
				}
			}
			if n.Cut {
				m.Cut = n
			}
		}
		if len(s) <= len(z.Origin) {
			break
		}
		var end bool
		if off, end = dns.NextLabel(name, off); end {
			break
		}
	}
	if m.Exact == nil && m.Cut == nil && m.Encloser != nil {
		m.Wildcard = z.wildcardOf(m.Encloser.Name)
	}
	return m
}

// wildcardOf is the node "*.<name>", if any. The key is built on the stack
// (a name has at most 255 octets), so long names do not allocate either.
func (z *Zone) wildcardOf(name string) *Node {
	var buf [2 + 255 + 1]byte
	key := append(append(buf[:0], "*."...), trimRoot(name)...)
	return z.nodes[string(key)]
}

// trimRoot turns the root name "." into "" so "*."+name is well formed.
func trimRoot(name string) string {
	if name == "." {
		return ""
	}
	return name
}
