// unbound_test.go puts a real Unbound with its ECS subnet cache in front of
// r53d: the scope r53d answers with decides which clients Unbound serves a
// cached answer to (RFC 7871 §7.3.1), and a scope that is too wide hands
// one client's routed answer to others.

package resolver

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const unboundZone = `$ORIGIN ecs.test.
$TTL 300
@   SOA ns hostmaster 1 7200 900 1209600 60
@   NS  ns
ns  A   192.0.2.53
`

const unboundSets = `ResourceRecordSets:
  - {Name: geo.ecs.test., Type: A, SetIdentifier: default, GeoLocation: {CountryCode: "*"}, TTL: 300, ResourceRecords: [{Value: 10.0.0.1}]}
  - {Name: geo.ecs.test., Type: A, SetIdentifier: us, GeoLocation: {CountryCode: US}, TTL: 300, ResourceRecords: [{Value: 10.0.0.5}]}
`

// TestUnboundSubnetCache is the sequence that once served the default
// answer to a US client: a client without ECS asks Unbound first, Unbound
// sends r53d its own loopback address as ECS (127.0.0.0/24), r53d ignores
// that address and routes on the socket address to the default record. If
// that answer carries scope 0 ("valid for every client"), Unbound caches
// it for everyone, and the US client that asks next gets the default.
func TestUnboundSubnetCache(t *testing.T) {
	unbound := unboundPath(t)
	db := testGeoIP(t)
	store := loadStore(t, map[string]string{"ecs.test.zone": unboundZone, "ecs.test.yaml": unboundSets})
	auth := startHandler(t, NewHandler(store, nil, WithRouting(answer.Routing{Locator: db})))
	recursor := startUnbound(t, unbound, "ecs.test.", auth)

	first := askECS(t, recursor, "geo.ecs.test.", "")
	require.Equal(t, dns.RcodeSuccess, first.Rcode)
	assert.Equal(t, []string{"10.0.0.1"}, answerIPs(first), "a loopback client is nowhere: the default record")

	us := askECS(t, recursor, "geo.ecs.test.", "11.3.0.0/24")
	require.Equal(t, dns.RcodeSuccess, us.Rcode)
	assert.Equal(t, []string{"10.0.0.5"}, answerIPs(us),
		"a US client behind Unbound gets the US record, not the default cached for the loopback client")

	again := askECS(t, recursor, "geo.ecs.test.", "")
	assert.Equal(t, []string{"10.0.0.1"}, answerIPs(again), "the loopback client still gets the default")
}

// unboundPath finds Debian's unbound, in /usr/sbin (often not in PATH).
func unboundPath(t *testing.T) string {
	t.Helper()
	return sbinPath(t, "unbound", "unbound")
}

// startUnbound runs unbound in the foreground on a free loopback port,
// resolving zone from auth with ECS, and returns once it answers the
// zone's SOA. The process is killed by its PID when the test ends.
func startUnbound(t *testing.T, unbound, zone string, auth netip.AddrPort) netip.AddrPort {
	t.Helper()
	dir := t.TempDir()
	addr := netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), freePort(t))
	conf := filepath.Join(dir, "unbound.conf")
	require.NoError(t, os.WriteFile(conf, []byte(unboundConf(dir, addr.Port(), zone, auth)), 0o600))
	d := startDaemon(t, dir, unbound, "-d", "-c", conf)
	d.waitSOA(t, addr, zone, func(r *dns.Msg) bool { return len(r.Answer) > 0 })
	return addr
}

// unboundConf configures a resolver that answers only for zone, from the
// authoritative server auth, sending it ECS (a /24 at most for IPv4) and
// caching answers by their ECS scope; no validation, no root, no chroot,
// no privilege drop, nothing outside dir.
func unboundConf(dir string, port uint16, zone string, auth netip.AddrPort) string {
	var b strings.Builder
	fmt.Fprintf(&b, "server:\n  directory: %q\n  chroot: \"\"\n  username: \"\"\n  pidfile: \"\"\n", dir)
	b.WriteString("  use-syslog: no\n  logfile: \"\"\n  verbosity: 1\n  num-threads: 1\n")
	fmt.Fprintf(&b, "  interface: 127.0.0.1\n  port: %d\n  do-ip6: no\n", port)
	b.WriteString("  access-control: 127.0.0.0/8 allow\n  do-not-query-localhost: no\n")
	b.WriteString("  module-config: \"subnetcache iterator\"\n")
	b.WriteString("  send-client-subnet: 127.0.0.1\n  send-client-subnet: ::1\n")
	b.WriteString("  client-subnet-always-forward: yes\n  max-client-subnet-ipv4: 24\n  max-client-subnet-ipv6: 56\n")
	// test. is one of Unbound's built-in empty zones (RFC 6761).
	b.WriteString("  local-zone: \"test.\" nodefault\n")
	fmt.Fprintf(&b, "stub-zone:\n  name: %q\n  stub-addr: %s@%d\n", zone, auth.Addr(), auth.Port())
	b.WriteString("remote-control:\n  control-enable: no\n")
	return b.String()
}
