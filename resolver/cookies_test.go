package resolver

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServerCookieVectors checks the examples of RFC 9018 Appendix A.
func TestServerCookieVectors(t *testing.T) {
	secret, err := hex.DecodeString("e5e973e5a6b2a43f48e7dc849e37bfcf")
	require.NoError(t, err)
	k := cookieSecret{binary.LittleEndian.Uint64(secret), binary.LittleEndian.Uint64(secret[8:])}
	for _, v := range []struct {
		client, ip string
		ts         uint32
		want       string
	}{
		{"2464c4abcf10c957", "198.51.100.100", 1559731985, "010000005cf79f111f8130c3eee29480"},
	} {
		client, err := hex.DecodeString(v.client)
		require.NoError(t, err)
		got := make([]byte, serverCookieLen)
		k.serverCookie(got, client, netip.MustParseAddr(v.ip), v.ts)
		assert.Equal(t, v.want, hex.EncodeToString(got), v.ip)
	}
}

// cookieQuery packs a query for www.fuzz.test. with the given COOKIE
// options (hex); slow adds an unknown option so the full parser reads it.
func cookieQuery(t *testing.T, slow bool, cookies ...string) []byte {
	m := new(dns.Msg)
	m.SetQuestion("www.fuzz.test.", dns.TypeA)
	m.SetEdns0(1232, false)
	for _, c := range cookies {
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_COOKIE{Code: dns.EDNS0COOKIE, Cookie: c})
	}
	if slow {
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_LOCAL{Code: 65001, Data: []byte{1}})
	}
	pkt, err := m.Pack()
	require.NoError(t, err)
	return pkt
}

// responseCookie returns the rcode of resp and its COOKIE option (hex).
func responseCookie(t *testing.T, resp []byte) (int, string) {
	var m dns.Msg
	require.NoError(t, m.Unpack(resp))
	if o := m.IsEdns0(); o != nil {
		for _, e := range o.Option {
			if c, ok := e.(*dns.EDNS0_COOKIE); ok {
				return m.Rcode, c.Cookie
			}
		}
	}
	return m.Rcode, ""
}

func TestCookies(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	h := NewHandler(loadStore(t, map[string]string{"fuzz.test.zone": fuzzZone()}), nil,
		WithClock(func() time.Time { return now }))
	client := netip.MustParseAddr("192.0.2.1")
	const cc = "0102030405060708"
	for _, slow := range []bool{false, true} {
		s := NewScratch()
		ask := func(from netip.Addr, cookies ...string) (int, string, bool) {
			resp, _ := h.Handle(s, Query{Packet: cookieQuery(t, slow, cookies...), Client: from})
			require.NotNil(t, resp)
			rcode, c := responseCookie(t, resp)
			return rcode, c, s.cookieValid
		}
		rcode, c, valid := ask(client, cc)
		require.Equal(t, dns.RcodeSuccess, rcode)
		require.Len(t, c, 48, "client cookie and a 16-byte server cookie")
		assert.True(t, strings.HasPrefix(c, cc+"01000000"), "the client cookie echoed, version 1: %s", c)
		assert.Equal(t, "6b49d200", c[24:32], "the timestamp is the clock's")
		assert.False(t, valid, "a client cookie alone proves nothing")

		_, _, valid = ask(client, c)
		assert.True(t, valid, "slow=%v: our own server cookie", slow)
		_, _, valid = ask(netip.MustParseAddr("192.0.2.2"), c)
		assert.False(t, valid, "the server cookie of another address")
		_, _, valid = ask(client, "ff"+c[2:])
		assert.False(t, valid, "another client cookie")

		issued := now
		now = issued.Add(time.Hour)
		_, renewed, valid := ask(client, c)
		assert.True(t, valid, "an hour old")
		assert.NotEqual(t, c, renewed, "a fresh server cookie")
		now = issued.Add(time.Hour + time.Second)
		_, _, valid = ask(client, c)
		assert.False(t, valid, "older than an hour")
		now = issued.Add(-5 * time.Minute)
		_, _, valid = ask(client, c)
		assert.True(t, valid, "five minutes ahead")
		now = issued.Add(-5*time.Minute - time.Second)
		_, _, valid = ask(client, c)
		assert.False(t, valid, "more than five minutes ahead")
		now = issued

		rcode, c, _ = ask(client, cc+strings.Repeat("ab", 8))
		assert.Equal(t, dns.RcodeSuccess, rcode, "a server cookie of another server")
		assert.Len(t, c, 48)
		rcode, _, _ = ask(client, cc+strings.Repeat("ab", 32))
		assert.Equal(t, dns.RcodeSuccess, rcode, "40 bytes")

		for _, bad := range [][]string{{"0102030405"}, {cc + "0102"}, {cc + strings.Repeat("ab", 7)}, {cc + strings.Repeat("ab", 33)}, {cc, cc}} {
			rcode, c, _ := ask(client, bad...)
			assert.Equal(t, dns.RcodeFormatError, rcode, "slow=%v: %v", slow, bad)
			assert.Empty(t, c, "no cookie in the FORMERR")
		}
	}
}

// TestCookieSecretPerHandler: two servers do not accept each other's
// cookies.
func TestCookieSecretPerHandler(t *testing.T) {
	assert.NotEqual(t, newCookieSecret(), newCookieSecret())
}
