#!/bin/sh
# routed.sh DIR - writes the benchmark zones directory for policy-routed
# answers into DIR: the shared bench zone (../../../shared/bench/gen-zone.sh,
# example.test., 10,000 hosts) plus example.test.yaml with 100 weighted,
# 100 geolocation and 100 multivalue names, and three dnsperf query files:
#   static.txt    host-NNNNN A          (static answers)
#   routed.txt    w-/g-/m-NNN A, 1:1:1  (policy-routed answers)
#   geo.txt       g-NNN A               (geolocation only)
# Serve DIR with --geoip-db testdata/geoip/city.mmdb and send every query
# with the same ECS option (dnsperf -E 8:000118000b0400 = 11.4.0.0/24,
# Frankfurt) so both runs parse ECS and only the answer differs.
set -eu
DIR=${1:?usage: routed.sh DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH=${BENCH:-$HERE/../../../shared/bench}
mkdir -p "$DIR"
"$BENCH/gen-zone.sh" example.test. 10000 > "$DIR/example.test.zone"
awk 'BEGIN {
  print "ResourceRecordSets:"
  for (i = 0; i < 100; i++) {
    n = sprintf("%03d", i)
    printf "  - {Name: w-%s.example.test., Type: A, SetIdentifier: a, Weight: 70, TTL: 60, ResourceRecords: [{Value: 198.18.1.%d}]}\n", n, i
    printf "  - {Name: w-%s.example.test., Type: A, SetIdentifier: b, Weight: 30, TTL: 60, ResourceRecords: [{Value: 198.18.2.%d}]}\n", n, i
    printf "  - {Name: w-%s.example.test., Type: A, SetIdentifier: c, Weight: 0, TTL: 60, ResourceRecords: [{Value: 198.18.3.%d}]}\n", n, i
    printf "  - {Name: g-%s.example.test., Type: A, SetIdentifier: default, GeoLocation: {CountryCode: \"*\"}, TTL: 60, ResourceRecords: [{Value: 198.18.4.%d}]}\n", n, i
    printf "  - {Name: g-%s.example.test., Type: A, SetIdentifier: eu, GeoLocation: {ContinentCode: EU}, TTL: 60, ResourceRecords: [{Value: 198.18.5.%d}]}\n", n, i
    printf "  - {Name: g-%s.example.test., Type: A, SetIdentifier: de, GeoLocation: {CountryCode: DE}, TTL: 60, ResourceRecords: [{Value: 198.18.6.%d}]}\n", n, i
    printf "  - {Name: g-%s.example.test., Type: A, SetIdentifier: tx, GeoLocation: {CountryCode: US, SubdivisionCode: TX}, TTL: 60, ResourceRecords: [{Value: 198.18.7.%d}]}\n", n, i
    for (j = 1; j <= 10; j++)
      printf "  - {Name: m-%s.example.test., Type: A, SetIdentifier: n%d, MultiValueAnswer: true, TTL: 60, ResourceRecords: [{Value: 198.19.%d.%d}]}\n", n, j, j, i
  }
}' > "$DIR/example.test.yaml"
awk 'BEGIN { x = 7; for (q = 0; q < 30000; q++) { x = (x * 69069 + 1) % 4294967296; printf "host-%05d.example.test. A\n", int(x / 65536) % 10000 } }' > "$DIR/static.txt"
awk 'BEGIN { x = 7; split("w g m", k, " "); for (q = 0; q < 30000; q++) { x = (x * 69069 + 1) % 4294967296; printf "%s-%03d.example.test. A\n", k[q % 3 + 1], int(x / 65536) % 100 } }' > "$DIR/routed.txt"
awk 'BEGIN { x = 7; for (q = 0; q < 30000; q++) { x = (x * 69069 + 1) % 4294967296; printf "g-%03d.example.test. A\n", int(x / 65536) % 100 } }' > "$DIR/geo.txt"
echo "wrote $DIR"
