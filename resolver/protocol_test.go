package resolver

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigZone has a TXT RRset of about 900 bytes and one of about 2,000.
func bigZone(t testing.TB) string {
	var b strings.Builder
	b.WriteString(exampleZone(t))
	for i := range 8 {
		fmt.Fprintf(&b, "big TXT \"%02d %s\"\n", i, strings.Repeat("x", 100))
	}
	for i := range 18 {
		fmt.Fprintf(&b, "huge TXT \"%02d %s\"\n", i, strings.Repeat("y", 100))
	}
	return b.String()
}

func TestTruncation(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": bigZone(t)})
	tests := []struct {
		name     string
		qname    string
		edns     uint16 // 0: no EDNS
		network  string
		wantTC   bool
		wantRRs  int
		wantSize int // upper bound of the response
	}{
		{name: "no EDNS: 512", qname: "big.example.test.", network: "udp", wantTC: true, wantSize: 512},
		{name: "EDNS 1232 fits 900", qname: "big.example.test.", edns: 1232, network: "udp", wantRRs: 8, wantSize: 1232},
		{name: "EDNS 4096 capped at 1232", qname: "huge.example.test.", edns: 4096, network: "udp", wantTC: true, wantSize: 1232},
		{name: "EDNS under 512 counts as 512", qname: "big.example.test.", edns: 100, network: "udp", wantTC: true, wantSize: 512},
		{name: "TCP carries it all", qname: "huge.example.test.", network: "tcp", wantRRs: 18},
		{name: "small fits without EDNS", qname: "www.example.test.", network: "udp", wantRRs: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := new(dns.Msg)
			m.SetQuestion(tc.qname, dns.TypeTXT)
			if tc.edns > 0 {
				m.SetEdns0(tc.edns, false)
			}
			r := exchange(t, addr, tc.network, m)
			assert.Equal(t, tc.wantTC, r.Truncated)
			assert.Equal(t, tc.wantRRs, len(r.Answer))
			require.Len(t, r.Question, 1, "a truncated answer keeps the question")
			if tc.wantTC {
				assert.Empty(t, r.Ns)
				assert.Equal(t, tc.edns > 0, r.IsEdns0() != nil, "the OPT stays")
			}
			if tc.wantSize > 0 {
				assert.LessOrEqual(t, r.Len(), tc.wantSize)
			}
		})
	}
}

// TestReferralGlueTruncates: in-domain glue is not optional (RFC 9471).
func TestReferralGlueTruncates(t *testing.T) {
	var b strings.Builder
	b.WriteString(exampleZone(t))
	for i := range 13 {
		fmt.Fprintf(&b, "big NS a-very-long-name-server-label-%02d.big\n", i)
		fmt.Fprintf(&b, "a-very-long-name-server-label-%02d.big AAAA 2001:db8::%x\n", i, i)
		fmt.Fprintf(&b, "a-very-long-name-server-label-%02d.big A 192.0.2.%d\n", i, i)
	}
	addr := startServer(t, map[string]string{"example.test.zone": b.String()})
	m := new(dns.Msg)
	m.SetQuestion("www.big.example.test.", dns.TypeA)
	r := exchange(t, addr, "udp", m)
	assert.True(t, r.Truncated, "glue does not fit 512 bytes")
	r = exchange(t, addr, "tcp", m)
	assert.False(t, r.Truncated)
	assert.Len(t, r.Ns, 13)
	assert.Len(t, r.Extra, 26)
}

func TestEDNS(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": exampleZone(t)})
	t.Run("echo OPT with our size, DO kept, unknown options dropped", func(t *testing.T) {
		m := new(dns.Msg)
		m.SetQuestion("www.example.test.", dns.TypeA)
		m.SetEdns0(4096, true)
		opt := m.IsEdns0()
		opt.Option = append(opt.Option, &dns.EDNS0_LOCAL{Code: 65001, Data: []byte{1, 2}}, &dns.EDNS0_NSID{Code: dns.EDNS0NSID})
		opt.Hdr.Ttl |= 0x4000 // an undefined flag bit
		r := exchange(t, addr, "udp", m)
		ropt := r.IsEdns0()
		require.NotNil(t, ropt)
		assert.Equal(t, uint16(Advertised), ropt.UDPSize())
		assert.True(t, ropt.Do())
		assert.Empty(t, ropt.Option)
		assert.Equal(t, uint32(0x8000), ropt.Hdr.Ttl&0xFFFF, "only DO among the flags")
	})
	t.Run("version 1 gets BADVERS with version 0", func(t *testing.T) {
		m := new(dns.Msg)
		m.SetQuestion("www.example.test.", dns.TypeA)
		m.SetEdns0(1232, false)
		m.IsEdns0().SetVersion(1)
		r := exchange(t, addr, "udp", m)
		assert.Equal(t, dns.RcodeBadVers, r.Rcode)
		require.NotNil(t, r.IsEdns0())
		assert.Equal(t, uint8(0), r.IsEdns0().Version())
		assert.Empty(t, r.Answer)
	})
	t.Run("two OPT records: FORMERR", func(t *testing.T) {
		m := new(dns.Msg)
		m.SetQuestion("www.example.test.", dns.TypeA)
		m.SetEdns0(1232, false)
		m.Extra = append(m.Extra, m.Extra[0])
		r := exchange(t, addr, "udp", m)
		assert.Equal(t, dns.RcodeFormatError, r.Rcode)
	})
	t.Run("no EDNS, no OPT", func(t *testing.T) {
		m := new(dns.Msg)
		m.SetQuestion("www.example.test.", dns.TypeA)
		r := exchange(t, addr, "udp", m)
		assert.Nil(t, r.IsEdns0())
	})
}

func TestHeaderChecks(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": exampleZone(t)})
	t.Run("opcodes other than QUERY: NOTIMP, clean flags", func(t *testing.T) {
		for _, op := range []int{dns.OpcodeNotify, dns.OpcodeUpdate, dns.OpcodeStatus, dns.OpcodeIQuery} {
			m := new(dns.Msg)
			m.SetQuestion("example.test.", dns.TypeSOA)
			m.Opcode = op
			m.AuthenticatedData = true
			r := exchange(t, addr, "udp", m)
			assert.Equal(t, dns.RcodeNotImplemented, r.Rcode, dns.OpcodeToString[op])
			assert.Equal(t, op, r.Opcode)
			assert.False(t, r.Authoritative || r.AuthenticatedData || r.Truncated || r.RecursionAvailable)
		}
	})
	t.Run("class CH: REFUSED", func(t *testing.T) {
		m := new(dns.Msg)
		m.SetQuestion("version.bind.", dns.TypeTXT)
		m.Question[0].Qclass = dns.ClassCHAOS
		r := exchange(t, addr, "udp", m)
		assert.Equal(t, dns.RcodeRefused, r.Rcode)
		assert.False(t, r.Authoritative)
	})
	t.Run("QDCOUNT 0 and 2: FORMERR", func(t *testing.T) {
		m := new(dns.Msg)
		m.Id = 7
		r := exchange(t, addr, "udp", m)
		assert.Equal(t, dns.RcodeFormatError, r.Rcode)
		m.SetQuestion("example.test.", dns.TypeSOA)
		m.Question = append(m.Question, m.Question[0])
		r = exchange(t, addr, "udp", m)
		assert.Equal(t, dns.RcodeFormatError, r.Rcode)
	})
	t.Run("RD is copied, RA never set", func(t *testing.T) {
		m := new(dns.Msg)
		m.SetQuestion("www.example.test.", dns.TypeA)
		m.RecursionDesired = true
		r := exchange(t, addr, "udp", m)
		assert.True(t, r.RecursionDesired)
		assert.False(t, r.RecursionAvailable)
	})
}

// TestDropped: responses and garbage get no answer, and the server keeps
// answering afterwards.
func TestDropped(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": exampleZone(t)})
	conn, err := net.Dial("udp", addr.String())
	require.NoError(t, err)
	defer conn.Close()
	resp := new(dns.Msg)
	resp.SetQuestion("www.example.test.", dns.TypeA)
	resp.Response = true
	packed, err := resp.Pack()
	require.NoError(t, err)
	for _, pkt := range [][]byte{packed, {1, 2, 3}, {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1}} {
		_, err := conn.Write(pkt)
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(150*time.Millisecond)))
		_, err = conn.Read(make([]byte, 512))
		require.Error(t, err, "no answer to %x", pkt)
	}
	m := new(dns.Msg)
	m.SetQuestion("www.example.test.", dns.TypeA)
	assert.Len(t, exchange(t, addr, "udp", m).Answer, 2)

	// A header that promises a question and carries none is readable:
	// it gets FORMERR, as from the reference servers.
	_, err = conn.Write([]byte{0, 9, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0})
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(2*time.Second)))
	buf := make([]byte, 512)
	n, err := conn.Read(buf)
	require.NoError(t, err)
	r := new(dns.Msg)
	require.NoError(t, r.Unpack(buf[:n]))
	assert.Equal(t, dns.RcodeFormatError, r.Rcode)
}

func TestTCPSeveralQueriesPerConnection(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": exampleZone(t)})
	conn, err := net.DialTimeout("tcp", addr.String(), 2*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second)))
	// Pipeline three queries before reading any answer.
	for i := range 3 {
		m := new(dns.Msg)
		m.SetQuestion("www.example.test.", dns.TypeA)
		m.Id = uint16(100 + i)
		b, err := m.Pack()
		require.NoError(t, err)
		_, err = conn.Write(append(binary.BigEndian.AppendUint16(nil, uint16(len(b))), b...))
		require.NoError(t, err)
	}
	for i := range 3 {
		var l [2]byte
		_, err := io.ReadFull(conn, l[:])
		require.NoError(t, err)
		b := make([]byte, binary.BigEndian.Uint16(l[:]))
		_, err = io.ReadFull(conn, b)
		require.NoError(t, err)
		r := new(dns.Msg)
		require.NoError(t, r.Unpack(b))
		assert.Equal(t, uint16(100+i), r.Id)
		assert.Len(t, r.Answer, 2)
	}
}

func TestAXFR(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": bigZone(t)}, netip.MustParsePrefix("127.0.0.0/8"))
	tr := &dns.Transfer{DialTimeout: 2 * time.Second, ReadTimeout: 2 * time.Second}
	m := new(dns.Msg)
	m.SetAxfr("example.test.")
	env, err := tr.In(m, addr.String())
	require.NoError(t, err)
	var rrs []dns.RR
	for e := range env {
		require.NoError(t, e.Error)
		rrs = append(rrs, e.RR...)
	}
	require.Greater(t, len(rrs), 40)
	assert.Equal(t, dns.TypeSOA, rrs[0].Header().Rrtype)
	assert.Equal(t, dns.TypeSOA, rrs[len(rrs)-1].Header().Rrtype)
	assert.Len(t, rrs, 23+8+18+1, "every record, the SOA twice")

	t.Run("over UDP: REFUSED", func(t *testing.T) {
		r := exchange(t, addr, "udp", m)
		assert.Equal(t, dns.RcodeRefused, r.Rcode)
	})
	t.Run("not the apex: REFUSED", func(t *testing.T) {
		q := new(dns.Msg)
		q.SetAxfr("www.example.test.")
		assert.Equal(t, dns.RcodeRefused, exchange(t, addr, "tcp", q).Rcode)
	})
}

func TestAXFRRefusedOutsideAllowList(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": exampleZone(t)}, netip.MustParsePrefix("192.0.2.0/24"))
	m := new(dns.Msg)
	m.SetAxfr("example.test.")
	r := exchange(t, addr, "tcp", m)
	assert.Equal(t, dns.RcodeRefused, r.Rcode)
	assert.Empty(t, r.Answer)
}

// TestIPv6Listener: the batched UDP path and TCP work on ::1 too.
func TestIPv6Listener(t *testing.T) {
	ln, err := net.ListenPacket("udp6", "[::1]:0")
	if err != nil {
		needs(t, fmt.Sprintf("an IPv6 loopback (::1) on this machine: %v", err))
	}
	ln.Close()
	srv, err := Listen("[::1]:0", NewHandler(loadStore(t, map[string]string{"example.test.zone": exampleZone(t)}), nil), slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	srv.Serve()
	defer srv.Shutdown(context.Background())
	m := new(dns.Msg)
	m.SetQuestion("www.example.test.", dns.TypeA)
	for _, network := range []string{"udp", "tcp"} {
		r := exchange(t, srv.Addr(), network, m)
		assert.Len(t, r.Answer, 2, network)
	}
}

// TestErrorsKeepOPT: every response to a query with an OPT has one
// (RFC 6891 §6.1.1), errors included; malformed ECS options get FORMERR
// (RFC 7871 §7.1.2).
func TestErrorsKeepOPT(t *testing.T) {
	addr := startServer(t, map[string]string{"example.test.zone": exampleZone(t)})
	m := new(dns.Msg)
	m.SetQuestion("example.test.", dns.TypeSOA)
	m.SetEdns0(1232, false)
	m.Opcode = dns.OpcodeStatus
	r := exchange(t, addr, "udp", m)
	assert.Equal(t, dns.RcodeNotImplemented, r.Rcode)
	assert.NotNil(t, r.IsEdns0(), "NOTIMP keeps the OPT")

	m.Opcode = dns.OpcodeQuery
	m.Question = append(m.Question, m.Question[0])
	r = exchange(t, addr, "udp", m)
	assert.Equal(t, dns.RcodeFormatError, r.Rcode)
	assert.NotNil(t, r.IsEdns0(), "FORMERR keeps the OPT")

	conn, err := net.Dial("udp", addr.String())
	require.NoError(t, err)
	defer conn.Close()
	for _, body := range [][]byte{
		{0, 1, 33, 0, 11, 1, 0, 0, 0}, // IPv4 source prefix 33
		{0, 3, 24, 0, 11, 1, 0},       // family 3
		{0, 1, 24},                    // too short
		{0, 1, 24, 0, 11, 1},          // too few address bytes
		{0, 1, 24, 0, 11, 1, 0, 0},    // too many
		{0, 1, 20, 0, 11, 1, 255},     // bits past the prefix
		{0, 1, 24, 8, 11, 1, 0},       // a scope in a query
	} {
		q := new(dns.Msg)
		q.SetQuestion("www.example.test.", dns.TypeA)
		q.SetEdns0(1232, false)
		q.IsEdns0().Option = []dns.EDNS0{&dns.EDNS0_LOCAL{Code: dns.EDNS0SUBNET, Data: body}}
		pkt, err := q.Pack()
		require.NoError(t, err)
		_, err = conn.Write(pkt)
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(2*time.Second)))
		buf := make([]byte, 1232)
		n, err := conn.Read(buf)
		require.NoError(t, err, "% x gets an answer", body)
		resp := new(dns.Msg)
		require.NoError(t, resp.Unpack(buf[:n]))
		assert.Equal(t, dns.RcodeFormatError, resp.Rcode, "% x", body)
		assert.NotNil(t, resp.IsEdns0())
	}
}
