package resolver

import (
	"net"
	"net/netip"
	"testing"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/answer"
	"github.com/r53d/r53d/geo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const routedZone = `$ORIGIN routed.test.
$TTL 300
@   SOA ns hostmaster 1 7200 900 1209600 60
@   NS  ns
ns  A   192.0.2.53
`

const routedSets = `ResourceRecordSets:
  - {Name: geo.routed.test., Type: A, SetIdentifier: default, GeoLocation: {CountryCode: "*"}, TTL: 60, ResourceRecords: [{Value: 10.0.0.1}]}
  - {Name: geo.routed.test., Type: A, SetIdentifier: europe, GeoLocation: {ContinentCode: EU}, TTL: 60, ResourceRecords: [{Value: 10.0.0.2}]}
  - {Name: geo.routed.test., Type: A, SetIdentifier: germany, GeoLocation: {CountryCode: DE}, TTL: 60, ResourceRecords: [{Value: 10.0.0.3}]}
  - {Name: geo.routed.test., Type: A, SetIdentifier: texas, GeoLocation: {CountryCode: US, SubdivisionCode: TX}, TTL: 60, ResourceRecords: [{Value: 10.0.0.4}]}
  - {Name: geo.routed.test., Type: A, SetIdentifier: us, GeoLocation: {CountryCode: US}, TTL: 60, ResourceRecords: [{Value: 10.0.0.5}]}
  - {Name: lat.routed.test., Type: A, SetIdentifier: use1, Region: us-east-1, TTL: 60, ResourceRecords: [{Value: 10.1.0.1}]}
  - {Name: lat.routed.test., Type: A, SetIdentifier: euc1, Region: eu-central-1, TTL: 60, ResourceRecords: [{Value: 10.1.0.2}]}
  - {Name: lat.routed.test., Type: A, SetIdentifier: apne1, Region: ap-northeast-1, TTL: 60, ResourceRecords: [{Value: 10.1.0.3}]}
  - {Name: near.routed.test., Type: A, SetIdentifier: use1, GeoProximityLocation: {AWSRegion: us-east-1}, TTL: 60, ResourceRecords: [{Value: 10.2.0.1}]}
  - {Name: near.routed.test., Type: A, SetIdentifier: sydney, GeoProximityLocation: {Coordinates: {Latitude: "-33.87", Longitude: "151.21"}}, TTL: 60, ResourceRecords: [{Value: 10.2.0.2}]}
  - {Name: near.routed.test., Type: A, SetIdentifier: saopaulo, GeoProximityLocation: {AWSRegion: sa-east-1, Bias: -99}, TTL: 60, ResourceRecords: [{Value: 10.2.0.3}]}
  - {Name: ipb.routed.test., Type: A, SetIdentifier: office, CidrRoutingConfig: {CollectionId: nets, LocationName: office}, TTL: 60, ResourceRecords: [{Value: 10.3.0.1}]}
  - {Name: ipb.routed.test., Type: A, SetIdentifier: rest, CidrRoutingConfig: {CollectionId: nets, LocationName: "*"}, TTL: 60, ResourceRecords: [{Value: 10.3.0.9}]}
  - {Name: w.routed.test., Type: A, SetIdentifier: a, Weight: 1, TTL: 60, ResourceRecords: [{Value: 10.4.0.1}]}
  - {Name: w.routed.test., Type: A, SetIdentifier: b, Weight: 1, TTL: 60, ResourceRecords: [{Value: 10.4.0.2}]}
  - {Name: w.routed.test., Type: A, SetIdentifier: zero, Weight: 0, TTL: 60, ResourceRecords: [{Value: 10.4.0.3}]}
  - {Name: fo.routed.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: down, TTL: 60, ResourceRecords: [{Value: 10.5.0.1}]}
  - {Name: fo.routed.test., Type: A, SetIdentifier: s, Failover: SECONDARY, TTL: 60, ResourceRecords: [{Value: 10.5.0.2}]}
  - {Name: alias.routed.test., Type: A, AliasTarget: {HostedZoneId: Z1, DNSName: fo.routed.test., EvaluateTargetHealth: true}}
  - {Name: "\\052.wild.routed.test.", Type: A, SetIdentifier: a, Weight: 1, TTL: 60, ResourceRecords: [{Value: 10.6.0.1}]}
`

func multivalueSets() string {
	s := ""
	for i := 1; i <= 12; i++ {
		s += "  - {Name: mv.routed.test., Type: A, SetIdentifier: n" + itoa(i) + ", MultiValueAnswer: true, TTL: 60, ResourceRecords: [{Value: 10.7.0." + itoa(i) + "}]}\n"
	}
	return s
}

func itoa(i int) string { return netip.AddrFrom4([4]byte{0, 0, 0, byte(i)}).String()[6:] }

// downHealth reports the check "down" unhealthy and every other healthy.
type downHealth struct{}

func (downHealth) Healthy(id string) bool { return id != "down" }

func startRouted(t *testing.T) netip.AddrPort {
	t.Helper()
	db, err := geo.Open("../testdata/geoip/city.mmdb")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	store := loadStore(t, map[string]string{
		"routed.test.zone":      routedZone,
		"routed.test.yaml":      routedSets + multivalueSets(),
		"health-checks.yaml":    "HealthChecks:\n  - {Id: down, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: 9}}\n",
		"cidr-collections.yaml": "CidrCollections:\n  - {Id: nets, Name: n, Locations: [{LocationName: office, CidrList: [11.1.0.0/16, 2a11:1::/32]}]}\n",
	})
	return startHandler(t, NewHandler(store, nil, WithRouting(answer.Routing{Health: downHealth{}, Locator: db})))
}

// askECS queries name A with an ECS option for subnet ("" = no option).
func askECS(t *testing.T, addr netip.AddrPort, name, subnet string) *dns.Msg {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeA)
	m.SetEdns0(1232, false)
	if subnet != "" {
		p := netip.MustParsePrefix(subnet)
		family := uint16(1)
		if p.Addr().Is6() {
			family = 2
		}
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: family,
			SourceNetmask: uint8(p.Bits()), Address: net.IP(p.Addr().AsSlice())})
	}
	return exchange(t, addr, "udp", m)
}

func answerIPs(m *dns.Msg) []string {
	var out []string
	for _, rr := range m.Answer {
		if a, ok := rr.(*dns.A); ok {
			out = append(out, a.A.String())
		}
	}
	return out
}

func replyScope(t *testing.T, m *dns.Msg) int {
	t.Helper()
	opt := m.IsEdns0()
	require.NotNil(t, opt)
	for _, o := range opt.Option {
		if s, ok := o.(*dns.EDNS0_SUBNET); ok {
			return int(s.SourceScope)
		}
	}
	return -1
}

func TestRoutingOverTheWire(t *testing.T) {
	addr := startRouted(t)
	tests := []struct {
		name, subnet string
		want         []string
		scope        int // -1: no ECS option in the reply
	}{
		{"geo.routed.test.", "11.1.0.0/24", []string{"10.0.0.4"}, 16},   // Texas
		{"geo.routed.test.", "2a11:1:5::/48", []string{"10.0.0.4"}, 32}, // Texas over IPv6
		{"geo.routed.test.", "11.3.0.0/24", []string{"10.0.0.5"}, 16},   // US without a state: the country record
		{"geo.routed.test.", "11.4.2.0/24", []string{"10.0.0.3"}, 16},   // Germany
		{"geo.routed.test.", "2a11:5::/48", []string{"10.0.0.2"}, 32},   // Great Britain: the continent
		{"geo.routed.test.", "11.200.0.0/24", []string{"10.0.0.1"}, 9},  // nowhere: the default, scope of the database's empty network
		{"geo.routed.test.", "", []string{"10.0.0.1"}, -1},              // no ECS: the socket address 127.0.0.1
		{"geo.routed.test.", "127.0.0.0/24", []string{"10.0.0.1"}, 24},  // loopback ECS is ignored; the answer still depended on the client: the source prefix
		{"geo.routed.test.", "11.1.0.0/0", []string{"10.0.0.1"}, 0},     // source prefix 0 is ignored
		{"lat.routed.test.", "11.6.0.0/24", []string{"10.1.0.3"}, 16},   // Tokyo
		{"lat.routed.test.", "2a11:4::/48", []string{"10.1.0.2"}, 32},   // Frankfurt
		{"lat.routed.test.", "11.1.0.0/24", []string{"10.1.0.1"}, 16},   // Dallas: us-east-1
		{"near.routed.test.", "11.7.0.0/24", []string{"10.2.0.2"}, 16},  // Sydney
		{"near.routed.test.", "11.8.0.0/24", []string{"10.2.0.3"}, 16},  // São Paulo: bias -99 multiplies a few km by 100, still closest
		{"near.routed.test.", "11.10.0.0/24", []string{"10.2.0.2"}, 16}, // Mumbai: Sydney is nearer than Virginia; São Paulo's bias pushes it away
		{"ipb.routed.test.", "11.1.7.0/24", []string{"10.3.0.1"}, 16},   // inside the office block
		{"ipb.routed.test.", "2a11:1:1::/48", []string{"10.3.0.1"}, 32}, // IPv6 office block
		{"ipb.routed.test.", "11.1.0.0/8", []string{"10.3.0.9"}, -2},    // shorter than the block: no match
		{"ipb.routed.test.", "11.9.0.0/24", []string{"10.3.0.9"}, -2},   // elsewhere: "*"
		{"fo.routed.test.", "11.1.0.0/24", []string{"10.5.0.2"}, 0},     // primary unhealthy: secondary, scope 0
		{"alias.routed.test.", "", []string{"10.5.0.2"}, -1},            // alias to the failover group
		{"x.wild.routed.test.", "11.1.0.0/24", []string{"10.6.0.1"}, 0}, // a routed wildcard
	}
	for _, tc := range tests {
		r := askECS(t, addr, tc.name, tc.subnet)
		label := tc.name + " " + tc.subnet
		require.Equal(t, dns.RcodeSuccess, r.Rcode, label)
		assert.True(t, r.Authoritative, label)
		assert.Equal(t, tc.want, answerIPs(r), label)
		for _, rr := range r.Answer {
			assert.Equal(t, tc.name, rr.Header().Name, label+": the owner is the queried name")
		}
		switch {
		case tc.scope >= 0:
			assert.Equal(t, tc.scope, replyScope(t, r), label)
		case tc.scope == -1:
			assert.Equal(t, -1, replyScope(t, r), label+": no ECS option without one in the query")
		default:
			assert.GreaterOrEqual(t, replyScope(t, r), 0, label)
		}
	}
}

func TestWeightedAndMultivalueOverTheWire(t *testing.T) {
	addr := startRouted(t)
	seen := map[string]int{}
	for range 200 {
		r := askECS(t, addr, "w.routed.test.", "")
		require.Len(t, r.Answer, 1)
		seen[answerIPs(r)[0]]++
	}
	assert.Zero(t, seen["10.4.0.3"], "a weight-0 record never answers while others are healthy")
	assert.Greater(t, seen["10.4.0.1"], 50)
	assert.Greater(t, seen["10.4.0.2"], 50)

	for range 20 {
		r := askECS(t, addr, "mv.routed.test.", "")
		ips := answerIPs(r)
		assert.Len(t, ips, 8, "eight of twelve healthy records")
		distinct := map[string]bool{}
		for _, ip := range ips {
			distinct[ip] = true
		}
		assert.Len(t, distinct, 8)
	}
}

func TestMalformedECS(t *testing.T) {
	addr := startRouted(t)
	m := new(dns.Msg)
	m.SetQuestion("geo.routed.test.", dns.TypeA)
	m.SetEdns0(1232, false)
	m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1,
		SourceNetmask: 24, SourceScope: 8, Address: net.IPv4(11, 1, 0, 0)})
	r := exchange(t, addr, "udp", m)
	assert.Equal(t, dns.RcodeFormatError, r.Rcode, "a query's SCOPE PREFIX-LENGTH must be 0 (RFC 7871 §6)")
}
