package policy

import (
	"testing"

	"github.com/miekg/dns"
)

func benchSelect(b *testing.B, set *Set, c Client, env *Env) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		if r := Select(set, c, env); len(r.RRs) == 0 {
			b.Fatal("no answer")
		}
	}
}

func BenchmarkSelectWeighted(b *testing.B) {
	set := weightedSet(b, "a 10 hc1", "b 20 hc2", "c 20 hc3", "d 0 -")
	benchSelect(b, set, client("198.51.100.0/24"), &Env{Health: down("hc3"), Rand: seeded()})
}

func BenchmarkSelectFailover(b *testing.B) {
	benchSelect(b, failoverSet(b, "hp", "-"), client("198.51.100.0/24"), &Env{Health: down("hp"), Rand: seeded()})
}

func BenchmarkSelectGeolocation(b *testing.B) {
	set := geoSet(b, "US-TX", "US", "NA", "*", "FR", "DE", "JP", "EU", "AS", "US-CA", "US-NY")
	benchSelect(b, set, client("11.1.0.1/32"), &Env{Health: down("hc-US-TX"), Locator: places, Rand: seeded()})
}

func BenchmarkSelectMultivalue(b *testing.B) {
	benchSelect(b, multiSet(b, 12, false), client("198.51.100.0/24"), &Env{Health: down("hc-3"), Rand: seeded()})
}

func BenchmarkSelectMultivalueOne(b *testing.B) {
	benchSelect(b, multiSet(b, 3, false), client("198.51.100.0/24"), &Env{Health: down("hc-1", "hc-2"), Rand: seeded()})
}

func BenchmarkSelectIPBased(b *testing.B) {
	benchSelect(b, ipSet(b, "wide", "narrow", "deep", "*"), client("10.1.2.0/24"), &Env{CIDR: testCollections(b), Rand: seeded()})
}

func BenchmarkSelectLatency(b *testing.B) {
	m := &meter{ms: map[string]float64{"us-east-1": 80, "eu-west-1": 12, "ap-northeast-1": 200}, ok: true}
	benchSelect(b, latencySet(b, "us-east-1", "eu-west-1", "ap-northeast-1"), client("11.1.0.1/32"), &Env{Latency: m, Rand: seeded()})
}

func BenchmarkSelectGeoproximity(b *testing.B) {
	set := proxSet(b, prox{"a", 150, 50}, prox{"b", -100, 0}, prox{"c", 3000, 10})
	benchSelect(b, set, client("11.9.0.1/32"), &Env{Locator: origin, Rand: seeded()})
}

func BenchmarkSelectSimpleShuffled(b *testing.B) {
	set := &Set{Name: sname, Type: dns.TypeA, Kind: Simple, Records: []Record{{RRs: a(b, sname, "192.0.2.1", "192.0.2.2", "192.0.2.3")}}}
	benchSelect(b, set, client("198.51.100.0/24"), &Env{Rand: seeded()})
}

func BenchmarkSelectAliasFailover(b *testing.B) {
	env := &Env{Health: down("hc-b1"), Rand: seeded(), Targets: targets{"backends." + zone: backends(b)}}
	benchSelect(b, aliasFailover(b, true, ""), client("198.51.100.0/24"), env)
}
