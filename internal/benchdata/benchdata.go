// Package benchdata writes the benchmark zone and query mix that r53d's
// benchmarks use, in Go so that `go test -bench` and the side-by-side
// script (bench/peers.sh) measure exactly the same data.
package benchdata

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"
)

// Query is one question of the mix and the kind of answer it gets.
type Query struct {
	Kind  string // A, AAAA, MX, TXT, CNAME, wildcard, referral, nxdomain, nodata
	Name  string
	Qtype uint16
}

// Zone is the benchmark zone: apex SOA, NS, A, AAAA, MX and TXT; hosts
// with A and AAAA (every tenth with two A); one- and two-hop CNAMEs and
// out-of-zone ones; TXT and MX names; a wildcard; a delegation with glue
// and many without. About 2.3 records per host.
func Zone(origin string, hosts int) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("$ORIGIN %s\n$TTL 3600\n", origin)
	p("@ IN SOA ns1.%s hostmaster.%s 2024010101 7200 3600 1209600 300\n", origin, origin)
	b.WriteString("@ IN NS ns1\n@ IN NS ns2\n@ IN A 198.18.0.1\n@ IN AAAA 2001:db8::1\n" +
		"@ IN MX 10 mx1\n@ IN MX 20 mx2\n@ IN TXT \"v=spf1 mx -all\"\n" +
		"ns1 IN A 198.19.255.53\nns1 IN AAAA 2001:db8:ffff::53\nns2 IN A 198.19.254.53\nns2 IN AAAA 2001:db8:fffe::53\n" +
		"mx1 IN A 198.19.255.25\nmx2 IN A 198.19.254.25\nsvc IN A 198.19.253.1\n")
	for i := range hosts {
		p("host-%05d 300 IN A 198.18.%d.%d\n", i, i/256%256, i%256)
		if i%10 == 0 {
			p("host-%05d 300 IN A 198.19.%d.%d\n", i, i/256%256, i%256)
		}
		p("host-%05d 300 IN AAAA 2001:db8:1:%x::%x\n", i, i/65536, i%65536)
	}
	na, nc, nt, nm := counts(hosts)
	for i := range na {
		p("alias-%04d IN CNAME host-%05d\n", i, i*7919%hosts)
	}
	for i := range nc {
		p("chain-%03d IN CNAME alias-%04d\n", i, i*37%na)
		p("ext-%03d IN CNAME cdn-%03d.example.net.\n", i, i)
		p("del-%03d IN NS ns1.provider-%d.example.net.\n", i, i%7)
		p("del-%03d IN NS ns2.provider-%d.example.net.\n", i, i%7)
	}
	for i := range nt {
		p("txt-%04d IN TXT \"site-verification=%05d%05d\" \"owner=team-%d\"\n", i, i*40503%65536, (i+17)*7919%65536, i%13)
	}
	for i := range nm {
		p("mail-%03d IN MX 10 mx1\nmail-%03d IN MX 20 mx2\n", i, i)
	}
	b.WriteString("*.wild IN A 198.19.252.1\n*.wild IN TXT \"wildcard\"\n" +
		"sub IN NS ns1.sub\nsub IN NS ns2.sub\nns1.sub IN A 198.19.251.53\nns2.sub IN A 198.19.250.53\n")
	return b.String()
}

// counts is how many aliases, chains, TXT names and MX names a zone of
// hosts has.
func counts(hosts int) (na, nc, nt, nm int) { return hosts / 10, hosts / 100, hosts / 20, hosts / 50 }

// Mix draws count questions from a fixed LCG (the same on every machine):
// per 1000, 650 answers from data (50 of them wildcard), 100 CNAME, 50
// referrals, 120 NXDOMAIN and 80 NODATA.
func Mix(o string, hosts, count int) []Query {
	x := uint32(20240101)
	rnd := func(n int) int { x = x*69069 + 1; return int(x/65536) % n }
	na, nc, nt, nm := counts(hosts)
	out := make([]Query, 0, count)
	add := func(kind string, qtype uint16, format string, args ...any) {
		out = append(out, Query{Kind: kind, Name: fmt.Sprintf(format, args...) + "." + o, Qtype: qtype})
	}
	for range count {
		switch r := rnd(1000); {
		case r < 350:
			add("A", dns.TypeA, "host-%05d", rnd(hosts))
		case r < 500:
			add("AAAA", dns.TypeAAAA, "host-%05d", rnd(hosts))
		case r < 550:
			if rnd(5) == 0 {
				out = append(out, Query{Kind: "MX", Name: o, Qtype: dns.TypeMX})
			} else {
				add("MX", dns.TypeMX, "mail-%03d", rnd(nm))
			}
		case r < 600:
			if rnd(5) == 0 {
				out = append(out, Query{Kind: "TXT", Name: o, Qtype: dns.TypeTXT})
			} else {
				add("TXT", dns.TypeTXT, "txt-%04d", rnd(nt))
			}
		case r < 670:
			add("CNAME", dns.TypeA, "alias-%04d", rnd(na))
		case r < 690:
			add("CNAME", dns.TypeA, "chain-%03d", rnd(nc))
		case r < 700:
			add("CNAME", dns.TypeA, "ext-%03d", rnd(nc))
		case r < 740:
			add("wildcard", dns.TypeA, "w%d.wild", rnd(100000))
		case r < 750:
			add("wildcard", dns.TypeTXT, "w%d.wild", rnd(100000))
		case r < 775:
			add("referral", dns.TypeA, "www%d.sub", rnd(1000))
		case r < 800:
			add("referral", dns.TypeA, "www.del-%03d", rnd(nc))
		case r < 900:
			add("nxdomain", dns.TypeA, "nx-%06d", rnd(1000000))
		case r < 920:
			add("nxdomain", dns.TypeA, "x.host-%05d", rnd(hosts))
		case r < 960:
			add("nodata", dns.TypeMX, "host-%05d", rnd(hosts))
		case r < 980:
			add("nodata", dns.TypeTXT, "host-%05d", rnd(hosts))
		case r < 990:
			out = append(out, Query{Kind: "nodata", Name: "svc." + o, Qtype: dns.TypeAAAA})
		default:
			add("nodata", dns.TypeA, "txt-%04d", rnd(nt))
		}
	}
	return out
}
