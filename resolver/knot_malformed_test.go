package resolver

import (
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// malformedCorners are queries whose structure is broken past a readable
// question, or whose question stops after its name.
func malformedCorners(t testing.TB, name string) map[string][]byte {
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeSOA)
	m.Id = 0x1234
	base, err := m.Pack()
	require.NoError(t, err)
	m.SetEdns0(1232, false)
	withOPT, err := m.Pack()
	require.NoError(t, err)
	optRR := withOPT[len(base):]
	optInAnswer := concat(base, optRR)
	optInAnswer[7] = 1
	optInAuthority := concat(base, optRR)
	optInAuthority[9] = 1
	arcountTwo := concat(withOPT)
	arcountTwo[11] = 2
	arcountNothing := concat(base)
	arcountNothing[11] = 1
	return map[string][]byte{
		"OPT in the answer section":       optInAnswer,
		"OPT in the authority section":    optInAuthority,
		"ARCOUNT 2, one OPT":              arcountTwo,
		"ARCOUNT 1, no record":            arcountNothing,
		"question without type and class": base[:len(base)-4],
		"question without class":          base[:len(base)-2],
		"question with half a type":       base[:len(base)-3],
	}
}

// TestKnotMalformedCorners sends each malformed corner to r53d and Knot
// and requires the same bytes back, or no answer from both.
func TestKnotMalformedCorners(t *testing.T) {
	t.Parallel()
	zs, ours, theirs := serveDiffZones(t)
	for what, pkt := range malformedCorners(t, zs[0].Origin) {
		want, got := rawExchange(t, theirs, pkt), rawExchange(t, ours, pkt)
		assert.Equal(t, want, got, "%s: Knot %x, r53d %x", what, want, got)
	}
}

// rawExchange sends pkt over UDP, up to three times, and returns the
// reply, or nil when none comes.
func rawExchange(t *testing.T, addr netip.AddrPort, pkt []byte) []byte {
	t.Helper()
	for range 3 {
		if r := rawExchangeOnce(t, addr, pkt); r != nil {
			return r
		}
	}
	return nil
}

func rawExchangeOnce(t *testing.T, addr netip.AddrPort, pkt []byte) []byte {
	t.Helper()
	conn, err := net.Dial("udp", addr.String())
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Write(pkt)
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(500*time.Millisecond)))
	buf := make([]byte, 1500)
	n, err := conn.Read(buf)
	if err != nil {
		return nil
	}
	return buf[:n]
}
