#!/bin/sh
# load.sh [HOSTS] - how long r53d and Knot take to serve a big zone, and
# the memory it costs them: each server is started on the zone written by
# go run ./bench/gen (HOSTS hosts, default 430000: about a million
# records), timed until it answers the apex SOA, and its peak and settled
# resident memory read from /proc. Rounds alternate Knot and r53d.
#
# Needs: go, dig, and knotd for the peer (apt-get install knot bind9-dnsutils).
# Environment: ROUNDS [3]  PORT [25500]  WORK [/tmp/r53d-load]
set -eu
HOSTS=${1:-430000}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-25500}
WORK=${WORK:-/tmp/r53d-load}
REPO=$(cd "$(dirname "$0")/.." && pwd)
H=127.0.0.1

die() { echo "load.sh: $*" >&2; exit 1; }
for c in go dig; do command -v "$c" >/dev/null || die "missing $c"; done
KNOTD=$(command -v knotd || echo /usr/sbin/knotd)

rm -rf "$WORK"; mkdir -p "$WORK/knot/db"
(cd "$REPO" && go build -o "$WORK/r53d" ./cmd/r53d && go run ./bench/gen -dir "$WORK/data" -hosts "$HOSTS" -queries 1) || die "build failed"
ZONES=$WORK/data/zones
echo "zone: $(wc -l < "$ZONES/example.test.zone") lines"
cat > "$WORK/knot/knot.conf" <<CONF
server:
  listen: $H@$((PORT + 1))
  udp-workers: 1
  background-workers: 1
  rundir: "$WORK/knot"
database:
  storage: "$WORK/knot/db"
log:
  - target: stderr
    any: error
template:
  - id: default
    storage: "$ZONES"
    semantic-checks: off
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: example.test.
    file: example.test.zone
CONF

PID=""
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true' EXIT

# run NAME PORT CMD...: seconds until the SOA answers, peak and settled RSS
run() {
  name=$1; port=$2; shift 2
  rm -rf "$WORK/knot/db"/*
  t0=$(date +%s.%N)
  "$@" > "$WORK/$name.log" 2>&1 &
  PID=$!
  i=0
  until dig +time=1 +tries=1 +noall +answer @$H -p "$port" example.test. SOA 2>/dev/null | grep -q SOA; do
    kill -0 "$PID" 2>/dev/null || die "$name stopped (see $WORK/$name.log)"
    i=$((i + 1)); [ $i -lt 3000 ] || die "$name not ready after 150 s"
    sleep 0.05
  done
  t1=$(date +%s.%N)
  sleep 3 # settled: what it keeps once loading is over
  peak=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$PID/status")
  now=$(awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$PID/status")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  echo "$name $(echo "$t1 $t0" | awk '{ printf "%.2f", $1 - $2 }') $peak $now" | tee -a "$WORK/runs.txt"
}

r=1
while [ $r -le "$ROUNDS" ]; do
  [ -x "$KNOTD" ] && run knot $((PORT + 1)) "$KNOTD" -c "$WORK/knot/knot.conf"
  run r53d "$PORT" "$WORK/r53d" serve --zones "$ZONES" --listen "$H:$PORT" --admin "" --log-level error
  r=$((r + 1))
done
echo
echo "| server | ready (s, median) | peak RSS MiB | RSS after load MiB |"
echo "| --- | --- | --- | --- |"
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
for s in knot r53d; do
  grep -q "^$s " "$WORK/runs.txt" || continue
  col() { awk -v s="$s" -v c="$1" '$1 == s { print $c }' "$WORK/runs.txt" | median; }
  echo "| $s | $(col 2) | $(col 3) | $(col 4) |"
done
