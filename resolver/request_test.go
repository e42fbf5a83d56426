package resolver

import (
	"bytes"
	"fmt"
	"net"
	"slices"
	"strings"
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

// FuzzUnpackName: the question-name reader agrees with
// dns.UnpackDomainName on every input: the same name, the same offset, and
// an error exactly when it fails.
func FuzzUnpackName(f *testing.F) {
	f.Add([]byte("\x03www\x07Example\x04test\x00"), 0)
	f.Add([]byte("\x00"), 0)
	f.Add([]byte("\x04a.b\\\x01@\x00"), 0)
	f.Add([]byte("\x01\xff\x01 \xc0\x00"), 0)
	f.Add([]byte("\x03abc\xc0\x00"), 0)
	f.Add([]byte("\x80"), 0)
	f.Add(append(bytes.Repeat([]byte("\x3f"+strings.Repeat("\x7f", 63)), 4), 0), 0)
	f.Fuzz(func(t *testing.T, msg []byte, off int) {
		if off < 0 || off > len(msg) {
			return
		}
		var buf [maxNamePresentation]byte
		name, end, err := unpackName(msg, off, &buf)
		want, wantEnd, wantErr := dns.UnpackDomainName(msg, off)
		require.Equal(t, wantErr != nil, err != nil, "error: %v, miekg/dns: %v", err, wantErr)
		if err == nil {
			require.Equal(t, want, name)
			require.Equal(t, wantEnd, end)
		}
	})
}

// TestQuestionNameNotRetained serves many queries with one Scratch — the
// question name lives in its buffer, rewritten by each query — and checks
// that nothing shared kept a name: the zone's records read as before, and
// each query, asked again on a fresh Scratch, gets the same answer bytes.
func TestQuestionNameNotRetained(t *testing.T) {
	files := fixture(t, "routed")
	files["routed.test.zone"] += "static A 192.0.2.7\nstatic TXT x\n*.any A 192.0.2.8\n*.any MX 10 static\nc CNAME x.wild\n"
	store := loadStore(t, files)
	h := NewHandler(store, nil)
	z, ok := store.View().Closest("routed.test.")
	require.True(t, ok)
	before := fmt.Sprint(z.Records())
	names := []string{"static", "w", "geo", "mv", "fo", "lat", "near", "ipb", "alias", "nothere", "WiLd-x.any", "Y.Wild", "C"}
	s := NewScratch()
	var packets, answers [][]byte
	for i := range 4 * len(names) {
		name := names[i%len(names)] + ".Routed.Test."
		for _, qtype := range []uint16{dns.TypeA, dns.TypeANY} {
			m := new(dns.Msg)
			m.SetQuestion(name, qtype)
			m.SetEdns0(1232, false)
			pkt, err := m.Pack()
			require.NoError(t, err)
			resp, _ := h.Handle(s, Query{Packet: pkt, Client: benchClient, TCP: i%2 == 1})
			require.NotNil(t, resp, name)
			packets, answers = append(packets, pkt), append(answers, bytes.Clone(resp))
		}
	}
	assert.Equal(t, before, fmt.Sprint(z.Records()), "zone records changed by serving")
	for i, pkt := range packets {
		var first, again dns.Msg
		resp, _ := h.Handle(NewScratch(), Query{Packet: pkt, Client: benchClient, TCP: i/2%2 == 1})
		require.NoError(t, first.Unpack(answers[i]))
		require.NoError(t, again.Unpack(resp))
		// Random draws aside, the answer is the same.
		assert.Equal(t, first.Question, again.Question)
		assert.Equal(t, first.Rcode, again.Rcode)
		assert.Equal(t, ownerTypes(first.Answer), ownerTypes(again.Answer), first.Question[0].Name)
		assert.Equal(t, ownerTypes(first.Extra), ownerTypes(again.Extra), first.Question[0].Name)
		assert.Equal(t, ownerTypes(first.Ns), ownerTypes(again.Ns), first.Question[0].Name)
	}
}

// ownerTypes lists the owner names and types of records, sorted.
func ownerTypes(rrs []dns.RR) []string {
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		out = append(out, rr.Header().Name+" "+dns.TypeToString[rr.Header().Rrtype])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestMalformedCorners: Knot's answers to broken sections (as
// TestKnotMalformedCorners compares them), without needing Knot.
func TestMalformedCorners(t *testing.T) {
	h := NewHandler(loadStore(t, map[string]string{"fuzz.test.zone": fuzzZone()}), nil)
	s := NewScratch()
	for what, pkt := range malformedCorners(t, "www.fuzz.test.") {
		resp, _ := h.Handle(s, Query{Packet: pkt, Client: fuzzClient})
		if strings.HasPrefix(what, "question") {
			assert.Nil(t, resp, "%s: dropped, as Knot does", what)
			continue
		}
		var m dns.Msg
		require.NoError(t, m.Unpack(resp), what)
		assert.Equal(t, dns.RcodeFormatError, m.Rcode, what)
		assert.Equal(t, []dns.Question{{Name: "www.fuzz.test.", Qtype: dns.TypeSOA, Qclass: dns.ClassINET}}, m.Question, what)
		assert.Nil(t, m.IsEdns0(), what)
		assert.False(t, m.Authoritative, what)
		assert.Empty(t, m.Answer, what)
	}
}
