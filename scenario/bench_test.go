package scenario

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkRunCases runs a file of 1,000 cases of the demo zone, static
// and routed, clients by subnet and by place (no distributions: their
// draws are counted by BenchmarkDistribution). Report: cases/s.
func BenchmarkRunCases(b *testing.B) {
	r := demoRunner(b)
	var text strings.Builder
	text.WriteString("cases:\n")
	questions := []string{
		"www.demo.test A\n    expect: {answer: [192.0.2.10, 192.0.2.11]}",
		"geo.demo.test A\n    client: {country: DE}\n    expect: {answer: [192.0.2.132]}",
		"latency.demo.test A\n    client: 11.6.0.0/24\n    expect: {answer: [192.0.2.113]}",
		"failover.demo.test A\n    health: {unhealthy: [demo-up]}\n    expect: {answer: [192.0.2.122]}",
		"nope.demo.test A\n    expect: {rcode: NXDOMAIN}",
	}
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&text, "  - name: case %d\n    question: %s\n", i, questions[i%len(questions)])
	}
	f, err := Parse("bench.yaml", []byte(text.String()))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, res := range r.Run(f) {
			if res.Status != Pass {
				b.Fatal(res.Case.Name, res.Problems)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(f.Cases))/b.Elapsed().Seconds(), "cases/s")
}

// BenchmarkDistribution checks the demo's 70/30 split to ±2 points.
func BenchmarkDistribution(b *testing.B) {
	r := demoRunner(b)
	f, err := Parse("w.yaml", []byte("cases:\n  - question: weighted.demo.test\n    expect:\n      distribution: {shares: {192.0.2.101: 70, 192.0.2.102: 30}}\n"))
	if err != nil {
		b.Fatal(err)
	}
	draws := 0
	for b.Loop() {
		res := r.Run(f)[0]
		if res.Status != Pass {
			b.Fatal(res.Problems)
		}
		draws += res.Draws
	}
	b.ReportMetric(float64(draws)/float64(b.N), "draws/op")
	b.ReportMetric(float64(draws)/b.Elapsed().Seconds(), "draws/s")
}
