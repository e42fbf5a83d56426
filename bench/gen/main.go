// Command gen writes the benchmark data of bench/peers.sh into a
// directory: zones/example.test.zone (and, with -routed, the routed record
// sets beside it) and dnsperf query files (mix.txt, static.txt, routed.txt).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/miekg/dns"
	"github.com/r53d/r53d/internal/benchdata"
)

func main() {
	dir := flag.String("dir", "bench-data", "directory to write into")
	origin := flag.String("origin", "example.test.", "zone origin")
	hosts := flag.Int("hosts", 10000, "hosts in the zone (about 2.3 records each)")
	count := flag.Int("queries", 100000, "questions per query file")
	routed := flag.Bool("routed", false, "also write routed record sets (weighted, geolocation, multivalue)")
	flag.Parse()
	if err := run(*dir, dns.Fqdn(*origin), *hosts, *count, *routed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir, origin string, hosts, count int, routed bool) error {
	zones := filepath.Join(dir, "zones")
	if err := os.MkdirAll(zones, 0o755); err != nil {
		return err
	}
	files := map[string]string{
		filepath.Join(zones, origin+"zone"): benchdata.Zone(origin, hosts),
		filepath.Join(dir, "mix.txt"):       queryFile(benchdata.Mix(origin, hosts, count)),
		filepath.Join(dir, "static.txt"):    queryFile(benchdata.StaticMix(origin, hosts, count)),
	}
	if routed {
		files[filepath.Join(zones, origin+"yaml")] = benchdata.RoutedRecordSets(origin)
		files[filepath.Join(dir, "routed.txt")] = queryFile(benchdata.RoutedMix(origin, count))
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// queryFile is the dnsperf form: "name TYPE" per line.
func queryFile(qs []benchdata.Query) string {
	b := make([]byte, 0, len(qs)*32)
	for _, q := range qs {
		b = fmt.Appendf(b, "%s %s\n", q.Name, dns.TypeToString[q.Qtype])
	}
	return string(b)
}
