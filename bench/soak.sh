#!/bin/sh
# soak.sh - r53d on a bad day, for minutes: dnsperf sends a fixed rate of
# queries while the zones are reloaded, broken and mended, TCP is flooded
# by one client, a health check is forced up and down, and the Route 53
# API changes a record every step (which dig must see at once). At the end it
# reports the queries lost (goal: 0) and the server's memory at the start
# and the end (goal: flat). Everything runs on 127.0.0.1 and stops by
# itself; the server is stopped by its PID.
#
# Needs: go, dnsperf, dig, curl, bash. Environment (defaults in brackets):
#   MINUTES [3]  QPS [20000]  PORT [25600] (admin: +1)  WORK [/tmp/r53d-soak]
set -eu
MINUTES=${MINUTES:-3}
QPS=${QPS:-20000}
PORT=${PORT:-25600}
WORK=${WORK:-/tmp/r53d-soak}
REPO=$(cd "$(dirname "$0")/.." && pwd)
H=127.0.0.1
ADMIN=$H:$((PORT + 1))
SECS=$((MINUTES * 60))

die() { echo "soak.sh: $*" >&2; exit 1; }
for c in go dnsperf dig curl bash; do command -v "$c" >/dev/null || die "missing $c"; done

rm -rf "$WORK"; mkdir -p "$WORK"
(cd "$REPO" && go build -o "$WORK/r53d" ./cmd/r53d && go run ./bench/gen -dir "$WORK/data" -hosts 10000 -queries 100000) || die "build failed"
Z=$WORK/data/zones
cat > "$Z/health-checks.yaml" <<YAML
HealthChecks:
  - Id: soak-up
    CallerReference: soak
    HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: $PORT, RequestInterval: 1, FailureThreshold: 1}
YAML
cat > "$Z/soak.test.yaml" <<YAML
ResourceRecordSets:
  - {Name: soak.test., Type: SOA, TTL: 300, ResourceRecords: [{Value: ns.soak.test. h.soak.test. 1 7200 900 1209600 60}]}
  - {Name: soak.test., Type: NS, TTL: 300, ResourceRecords: [{Value: ns.soak.test.}]}
  - {Name: fo.soak.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: soak-up, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}
  - {Name: fo.soak.test., Type: A, SetIdentifier: s, Failover: SECONDARY, TTL: 60, ResourceRecords: [{Value: 192.0.2.2}]}
YAML

PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

"$WORK/r53d" serve --zones "$Z" --listen "$H:$PORT" --admin "$ADMIN" --log-level warn --rrl-rate 0 > "$WORK/r53d.log" 2>&1 &
SRV=$!; PIDS="$SRV"
i=0
until dig +time=1 +tries=1 +noall +answer @$H -p "$PORT" example.test. SOA 2>/dev/null | grep -q SOA; do
  i=$((i + 1)); [ $i -lt 200 ] || die "r53d does not answer (see $WORK/r53d.log)"; sleep 0.1
done
rss() { awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$SRV/status"; }
RSS0=$(rss)

dnsperf -s $H -p "$PORT" -d "$WORK/data/mix.txt" -l "$SECS" -Q "$QPS" -c 8 -t 2 -e > "$WORK/dnsperf.txt" 2>&1 &
PIDS="$PIDS $!"; PERF=$!

# flood PORT N SECONDS: one client opens N TCP connections and holds them.
flood() {
  bash -c 'for i in $(seq 1 "$2"); do eval "exec $((i + 9))<>/dev/tcp/127.0.0.1/$1" 2>/dev/null || break; done; sleep "$3"' _ "$@" &
}

# The API on the admin port (loopback, no --iam: unsigned requests do).
API=http://$ADMIN/2013-04-01
ZONE=$(curl -sf "$API/hostedzonesbyname?dnsname=soak.test&maxitems=1" | sed -n 's|.*<Id>/hostedzone/\([A-Z0-9]*\)</Id>.*|\1|p')
[ -n "$ZONE" ] || die "the API does not list soak.test"
# upsert N: the API sets api.soak.test A to 198.51.100.N; 1 when dig then
# does not answer it at once.
upsert() {
  curl -sf -o /dev/null -X POST "$API/hostedzone/$ZONE/rrset" --data-binary \
    "<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>api.soak.test.</Name><Type>A</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>198.51.100.$1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>" || return 1
  [ "$(dig +time=1 +tries=2 +short @$H -p "$PORT" api.soak.test. A)" = "198.51.100.$1" ]
}
api_writes=0
api_misses=0

serial=2
step=0
end=$(($(date +%s) + SECS))
while [ "$(date +%s)" -lt "$end" ] && kill -0 "$PERF" 2>/dev/null; do
  case $((step % 5)) in
  0) # a new serial, written the safe way: a finished file renamed in place
    sed "s/2024010101/$((2024010101 + serial))/" "$Z/example.test.zone" > "$WORK/next.zone"
    mv "$WORK/next.zone" "$Z/example.test.zone"; serial=$((serial + 1)) ;;
  1) printf '$ORIGIN broken.test.\n@ 300 IN SOA ns h 1 2 3 4 5\n@ NS ns\nbad record here\n' > "$Z/broken.test.zone" ;;
  2) printf '$ORIGIN broken.test.\n@ 300 IN SOA ns h 2 2 3 4 5\n@ NS ns\nns A 192.0.2.53\n' > "$Z/broken.test.zone" ;;
  3) flood "$PORT" 600 4 ;;
  4) "$WORK/r53d" health --admin "$ADMIN" set soak-up unhealthy >/dev/null
     sleep 1
     "$WORK/r53d" health --admin "$ADMIN" clear soak-up >/dev/null ;;
  esac
  api_writes=$((api_writes + 1))
  upsert $((api_writes % 250 + 1)) || api_misses=$((api_misses + 1))
  step=$((step + 1))
  sleep 2
done
wait "$PERF" || true
RSS1=$(rss)
kill -0 "$SRV" 2>/dev/null || die "r53d died (see $WORK/r53d.log)"
echo "soak: $MINUTES min at $QPS QPS, $step disruptions (reloads, broken and mended zones, TCP floods, forced health)"
echo "API: $api_writes record changes, $api_misses not answered by DNS when the call returned"
grep -E "Queries (sent|completed|lost)" "$WORK/dnsperf.txt"
echo "RSS at start ${RSS0} MiB, at end ${RSS1} MiB"
lost=$(awk '/Queries lost:/ { print $3 }' "$WORK/dnsperf.txt")
[ "${lost:-1}" -eq 0 ] || { echo "soak: $lost queries lost"; exit 1; }
[ "$api_misses" -eq 0 ] || { echo "soak: $api_misses API changes not served at once"; exit 1; }
