package resolver

import (
	"net"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzReadQuery: whatever readFast accepts, miekg/dns's parser reads the
// same way (the fast path only ever declines, never disagrees).
func FuzzReadQuery(f *testing.F) {
	add := func(m *dns.Msg) {
		b, err := m.Pack()
		require.NoError(f, err)
		f.Add(b)
	}
	m := new(dns.Msg)
	m.SetQuestion("www.Example.test.", dns.TypeA)
	add(m)
	m.SetEdns0(1232, true)
	add(m)
	m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1, SourceNetmask: 24, Address: net.IPv4(11, 4, 0, 0).To4()},
		&dns.EDNS0_COOKIE{Code: dns.EDNS0COOKIE, Cookie: "0102030405060708"})
	add(m)
	m.IsEdns0().Option = []dns.EDNS0{&dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 2, SourceNetmask: 56, Address: net.ParseIP("2a11:4::")}}
	add(m)
	m.IsEdns0().Option = []dns.EDNS0{&dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1, SourceNetmask: 0, Address: net.IPv4zero.To4()}}
	add(m)
	f.Add([]byte{0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 3, 'w', 'w', 'w', 0, 0, 1, 0, 1, 0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 8, 0, 8, 0, 4, 0, 1, 33, 0})
	f.Fuzz(func(t *testing.T, pkt []byte) {
		if len(pkt) < headerLen {
			return
		}
		s := NewScratch()
		if !s.readFast(pkt) || s.badECS {
			return // declined, or a malformed ECS option: FORMERR, where the parser would drop
		}
		var full dns.Msg
		require.NoError(t, full.Unpack(pkt), "the fast path accepted what the parser rejects")
		fast := &s.req
		assert.Equal(t, full.Id, fast.Id)
		assert.Equal(t, full.Opcode, fast.Opcode)
		assert.Equal(t, full.RecursionDesired, fast.RecursionDesired)
		assert.Equal(t, full.CheckingDisabled, fast.CheckingDisabled)
		assert.Equal(t, full.Question, fast.Question)
		fo, fn := findOPT(fast.Extra)
		po, pn := findOPT(full.Extra)
		require.Equal(t, pn, fn)
		if po == nil {
			return
		}
		assert.Equal(t, po.Hdr.Class, fo.Hdr.Class)
		assert.Equal(t, po.Hdr.Ttl, fo.Hdr.Ttl)
		pe, pok := clientSubnet(po)
		fe, fok := clientSubnet(fo)
		require.Equal(t, pok, fok)
		require.Equal(t, pe == nil, fe == nil)
		if pe != nil {
			assert.Equal(t, pe.Family, fe.Family)
			assert.Equal(t, pe.SourceNetmask, fe.SourceNetmask)
			assert.Equal(t, pe.SourceScope, fe.SourceScope)
			assert.True(t, pe.Address.Equal(fe.Address), "%v vs %v", pe.Address, fe.Address)
		}
	})
}
