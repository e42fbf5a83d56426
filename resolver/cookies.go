package resolver

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"time"

	"github.com/miekg/dns"
)

// DNS Cookies (RFC 7873) with the interoperable server cookie of RFC 9018:
// version 1, three reserved bytes, a 32-bit timestamp, and SipHash-2-4 of
// client cookie | version | reserved | timestamp | client IP under a server
// secret.
const (
	clientCookieLen  = 8
	serverCookieLen  = 16 // the RFC 9018 format
	maxCookieLen     = 40 // client cookie and the longest server cookie (RFC 7873 §4)
	cookieVersion    = 1
	cookieLifetime   = 3600 // seconds a server cookie stays valid (RFC 9018 §4.3)
	cookieClockAhead = 300  // seconds a timestamp may be in the future
)

// cookieSecret is the server secret of one Handler, random per start.
type cookieSecret struct{ k0, k1 uint64 }

func newCookieSecret() cookieSecret {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go 1.24)
	return cookieSecret{binary.LittleEndian.Uint64(b[:]), binary.LittleEndian.Uint64(b[8:])}
}

// requestCookie is the COOKIE option of a request, as read: how many there
// were and the first one's bytes.
type requestCookie struct {
	count int
	n     int // the option's length; only the first maxCookieLen bytes are kept
	b     [maxCookieLen]byte
}

func (c *requestCookie) note(body []byte) {
	c.count++
	if c.count == 1 {
		c.n = len(body)
		copy(c.b[:], body)
	}
}

// noteHex takes the option as miekg/dns reads it (hex), for requests the
// full parser read.
func (c *requestCookie) noteHex(h string) {
	c.count++
	if c.count == 1 {
		c.n = len(h) / 2
		if c.n <= maxCookieLen {
			if _, err := hex.Decode(c.b[:], []byte(h)); err != nil {
				c.n = 0
			}
		}
	}
}

// malformed is true for several COOKIE options or one whose length is
// neither a client cookie alone nor a client cookie with a server cookie
// of 8 to 32 bytes: the query gets FORMERR (RFC 7873 §5.2.2).
func (c *requestCookie) malformed() bool {
	return c.count > 1 || (c.count == 1 && c.n != clientCookieLen && (c.n < clientCookieLen+8 || c.n > maxCookieLen))
}

// serverCookie writes the RFC 9018 server cookie for a client cookie, a
// client address and a time into dst.
func (k cookieSecret) serverCookie(dst []byte, client []byte, ip netip.Addr, ts uint32) {
	dst[0], dst[1], dst[2], dst[3] = cookieVersion, 0, 0, 0
	binary.BigEndian.PutUint32(dst[4:], ts)
	var in [clientCookieLen + 8 + 16]byte
	n := copy(in[:], client[:clientCookieLen])
	n += copy(in[n:], dst[:8])
	ip = ip.Unmap()
	if ip.Is4() {
		a := ip.As4()
		n += copy(in[n:], a[:])
	} else {
		a := ip.As16()
		n += copy(in[n:], a[:])
	}
	binary.LittleEndian.PutUint64(dst[8:], sipHash24(k.k0, k.k1, in[:n]))
}

// valid is true when the request carries a server cookie this secret made
// for this client cookie and address, at most an hour ago and at most five
// minutes ahead of now (RFC 9018 §4.3).
func (k cookieSecret) valid(c *requestCookie, ip netip.Addr, now uint32) bool {
	if c.count != 1 || c.n != clientCookieLen+serverCookieLen || c.b[clientCookieLen] != cookieVersion {
		return false
	}
	got := c.b[clientCookieLen:c.n]
	ts := binary.BigEndian.Uint32(got[4:])
	if age := int32(now - ts); age > cookieLifetime || age < -cookieClockAhead {
		return false
	}
	var want [serverCookieLen]byte
	k.serverCookie(want[:], c.b[:clientCookieLen], ip, ts)
	return subtle.ConstantTimeCompare(want[:], got) == 1
}

// replyCookie is the COOKIE option of a response: the client cookie echoed
// with a fresh server cookie (RFC 7873 §5.2.3-5). It is the worker's own
// option, reused: valid until the next query.
func (s *Scratch) replyCookie(k cookieSecret, ip netip.Addr, now time.Time) *dns.EDNS0_LOCAL {
	out := s.cookieOut[:clientCookieLen+serverCookieLen]
	copy(out, s.cookie.b[:clientCookieLen])
	k.serverCookie(out[clientCookieLen:], s.cookie.b[:], ip, uint32(now.Unix()))
	s.cookieOpt = dns.EDNS0_LOCAL{Code: dns.EDNS0COOKIE, Data: out}
	return &s.cookieOpt
}
