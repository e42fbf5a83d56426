package cmd

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chaosTXT asks NAME TXT CH with ECS 11.5.0.0/24, as
// dig @ADDR NAME TXT CH +subnet=11.5.0.0/24 does.
func chaosTXT(t *testing.T, addr, name string) *dns.Msg {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeTXT)
	m.Question[0].Qclass = dns.ClassCHAOS
	m.SetEdns0(1232, false)
	m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{Code: dns.EDNS0SUBNET, Family: 1, SourceNetmask: 24, Address: net.IPv4(11, 5, 0, 0).To4()})
	c := &dns.Client{Timeout: 2 * time.Second}
	r, _, err := c.Exchange(m, addr)
	require.NoError(t, err)
	return r
}

// TestServeExplainOverDNS: serve's flag turns it on; without it CHAOS
// stays refused.
func TestServeExplainOverDNS(t *testing.T) {
	on, _ := startServeWith(t, ServeOptions{Listen: "127.0.0.1:0", GeoIPDB: testGeoDB, ExplainOverDNS: true, LogLevel: "error", Log: io.Discard})
	r := chaosTXT(t, on.String(), "geo.demo.test.")
	require.Equal(t, dns.RcodeSuccess, r.Rcode)
	require.NotEmpty(t, r.Answer)
	first := r.Answer[0].(*dns.TXT).Txt[0]
	assert.Equal(t, "geo.demo.test. A, geolocation routing, client 11.5.0.0/24 (ECS)", first)
	var text []string
	for _, rr := range r.Answer {
		text = append(text, rr.(*dns.TXT).Txt...)
	}
	assert.Contains(t, strings.Join(text, "\n"), "\n  rule: geolocation: ")

	off, _ := startServeWith(t, ServeOptions{Listen: "127.0.0.1:0", GeoIPDB: testGeoDB, LogLevel: "error", Log: io.Discard})
	assert.Equal(t, dns.RcodeRefused, chaosTXT(t, off.String(), "geo.demo.test.").Rcode)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := runServe(ctx, ServeOptions{Listen: "127.0.0.1:0", ExplainOverDNSFrom: []string{"10.0.0.0/8"}, LogLevel: "error", Log: io.Discard})
	assert.ErrorContains(t, err, "--explain-over-dns-from needs --explain-over-dns")
	err = runServe(ctx, ServeOptions{Listen: "127.0.0.1:0", ExplainOverDNS: true, ExplainOverDNSFrom: []string{"10.0.0.0/99"}, LogLevel: "error", Log: io.Discard})
	assert.ErrorContains(t, err, "--explain-over-dns-from")
}
