#!/bin/sh
# peers.sh - r53d beside NSD and Knot on this machine, in one run.
#
# Builds r53d, writes the benchmark zone and query files (go run ./bench/gen),
# starts r53d, NSD and Knot on 127.0.0.1 (each pinned to CPU 0 with one
# worker), then loads each with dnsperf pinned to CPU 1 in interleaved
# rounds (r53d nsd knot r53d nsd knot ...), so machine drift hits all
# alike. It prints, per server, the median QPS, the server's CPU time per
# answered query and the ratio of that to NSD's, and the resident memory.
# A second table compares routed answers (weighted, geolocation, latency,
# multivalue, alias; every query carrying an ECS option) with static ones on
# r53d. Every server it starts is stopped by its PID on exit.
#
# Needs: go, dnsperf, taskset, and for the peers nsd and knot
# (apt-get install dnsperf nsd knot). Environment (defaults in brackets):
#   ROUNDS [5]  DURATION [8] seconds per measurement  PEERS ["nsd knot"]
#   PORT [25400] (r53d; nsd +1, knot +2, r53d with routed records +3)  WORK [/tmp/r53d-bench]
set -eu
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-8}
PEERS=${PEERS:-"nsd knot"}
PORT=${PORT:-25400}
WORK=${WORK:-/tmp/r53d-bench}
REPO=$(cd "$(dirname "$0")/.." && pwd)
H=127.0.0.1
# 11.4.0.0/24 (Frankfurt in the test GeoIP database) as a dnsperf EDNS option.
ECS="-E 8:000118000b0400"

die() { echo "peers.sh: $*" >&2; exit 1; }
for c in go dnsperf taskset; do command -v "$c" >/dev/null || die "missing $c"; done
[ "$(nproc)" -ge 2 ] || die "needs two CPUs (server on 0, dnsperf on 1)"

rm -rf "$WORK"; mkdir -p "$WORK"
(cd "$REPO" && go build -o "$WORK/r53d" ./cmd/r53d && go run ./bench/gen -dir "$WORK/data" -routed) || die "build failed"
ZONE=$WORK/data/zones/example.test.zone
# The peers and r53d serve the same zone; a second r53d serves it with the
# routed record sets beside it, for the routed-vs-static table.
mkdir -p "$WORK/routed"
cp "$ZONE" "$WORK/routed/"
mv "$WORK/data/zones/example.test.yaml" "$WORK/routed/"

PIDS=""
stop_all() {
  for p in $PIDS; do kill -TERM "$p" 2>/dev/null || true; done
  for p in $PIDS; do
    i=0; while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
    kill -KILL "$p" 2>/dev/null || true
  done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

start_r53d() { # name port zonesdir
  taskset -c 0 "$WORK/r53d" serve --zones "$3" --listen "$H:$2" --admin "" --rrl-rate 0 \
    --geoip-db "$REPO/testdata/geoip/city.mmdb" --log-level error > "$WORK/$1.log" 2>&1 &
  PIDS="$PIDS $!"; eval "PID_$1=$!"
}

start_nsd() { # port
  d=$WORK/nsd; mkdir -p "$d"; cp "$ZONE" "$d/"
  cat > "$d/nsd.conf" <<CONF
server:
  ip-address: $H@$1
  do-ip6: no
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "$d"
  database: ""
  zonelistfile: "$d/zone.list"
  xfrdfile: "$d/xfrd.state"
  pidfile: "$d/nsd.pid"
  logfile: "$d/nsd.log"
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: example.test.
  zonefile: example.test.zone
CONF
  taskset -c 0 nsd -d -c "$d/nsd.conf" > "$d/out.log" 2>&1 &
  PIDS="$PIDS $!"; PID_nsd=$!
}

start_knot() { # port
  d=$WORK/knot; mkdir -p "$d/db"; cp "$ZONE" "$d/"
  cat > "$d/knot.conf" <<CONF
server:
  listen: $H@$1
  udp-workers: 1
  tcp-workers: 1
  background-workers: 1
  rundir: "$d"
database:
  storage: "$d/db"
log:
  - target: stderr
    any: error
template:
  - id: default
    storage: "$d"
    semantic-checks: off
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: example.test.
    file: example.test.zone
CONF
  taskset -c 0 knotd -c "$d/knot.conf" > "$d/out.log" 2>&1 &
  PIDS="$PIDS $!"; PID_knot=$!
}

ready() { # port: wait (bounded) until the server answers the apex SOA
  i=0
  while [ $i -lt 150 ]; do
    dnsperf -s $H -p "$1" -d /dev/stdin -l 1 -t 1 -n 1 2>/dev/null <<Q | grep -q 'Queries completed: *1 ' && return 0
example.test. SOA
Q
    sleep 0.2; i=$((i + 1))
  done
  return 1
}

# tree: the PID and its descendants (NSD answers from a forked child).
tree() { ps -e -o pid= -o ppid= | awk -v r="$1" '{ k[$2] = k[$2] " " $1 }
  END { q[1] = r; n = 1; for (i = 1; i <= n; i++) { print q[i]; m = split(k[q[i]], c, " "); for (j = 1; j <= m; j++) q[++n] = c[j] } }'; }
ticks() { t=0; for p in $(tree "$1"); do t=$((t + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }'))); done; echo $t; }
rss_mib() { k=0; for p in $(tree "$1"); do k=$((k + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null))); done; echo $((k / 1024)); }

# measure name port pid queries [dnsperf args]: one line "qps us_per_query"
measure() {
  n=$1; p=$2; pid=$3; q=$4; shift 4
  t0=$(ticks "$pid")
  out=$(taskset -c 1 dnsperf -s $H -p "$p" -d "$q" -l "$DURATION" -c 8 -q 100 -T 1 -t 1 -e "$@" 2>&1)
  t1=$(ticks "$pid")
  echo "$out" | awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
    /Queries completed:/ { c = $3 } /Queries per second:/ { q = $4 }
    END { if (c == 0) { print "0 0"; exit } printf "%.0f %.3f\n", q, t / hz / c * 1e6 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

SERVERS="r53d"
start_r53d r53d "$PORT" "$WORK/data/zones"
ready "$PORT" || die "r53d does not answer (see $WORK/r53d.log)"
RPORT=$((PORT + 3))
start_r53d routed "$RPORT" "$WORK/routed"
ready "$RPORT" || die "r53d (routed) does not answer (see $WORK/routed.log)"
for peer in $PEERS; do
  case $peer in
  nsd) command -v nsd >/dev/null || { echo "skip nsd: not installed"; continue; }; start_nsd $((PORT + 1)) ;;
  knot) command -v knotd >/dev/null || { echo "skip knot: not installed"; continue; }; start_knot $((PORT + 2)) ;;
  *) die "unknown peer $peer" ;;
  esac
  SERVERS="$SERVERS $peer"
done
port_of() { case $1 in r53d) echo "$PORT" ;; nsd) echo $((PORT + 1)) ;; knot) echo $((PORT + 2)) ;; esac; }
for s in $SERVERS; do ready "$(port_of "$s")" || die "$s does not answer"; done

echo "static mix: $ROUNDS rounds of ${DURATION}s each, servers: $SERVERS"
r=1
while [ $r -le "$ROUNDS" ]; do
  for s in $SERVERS; do
    eval "pid=\$PID_$s"
    line=$(measure "$s" "$(port_of "$s")" "$pid" "$WORK/data/mix.txt")
    echo "$s $line" >> "$WORK/static.txt"
    echo "round $r $s: $line"
  done
  # Routed against static on r53d, both with ECS, so only the answer differs.
  echo "static $(measure routed "$RPORT" "$PID_routed" "$WORK/data/static.txt" $ECS)" >> "$WORK/routed.txt"
  echo "routed $(measure routed "$RPORT" "$PID_routed" "$WORK/data/routed.txt" $ECS)" >> "$WORK/routed.txt"
  r=$((r + 1))
done

ref_us=$(awk '$1 == "nsd" { print $3 }' "$WORK/static.txt" | median)
echo
echo "| server | QPS (median) | server µs/query (median) | CPU/query vs NSD | RSS MiB |"
echo "| --- | --- | --- | --- | --- |"
for s in $SERVERS; do
  eval "pid=\$PID_$s"
  qps=$(awk -v s="$s" '$1 == s { print $2 }' "$WORK/static.txt" | median)
  us=$(awk -v s="$s" '$1 == s { print $3 }' "$WORK/static.txt" | median)
  ratio=$(awk -v a="$us" -v b="${ref_us:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
  echo "| $s | $qps | $us | $ratio | $(rss_mib "$pid") |"
done
st=$(awk '$1 == "static" { print $3 }' "$WORK/routed.txt" | median)
ro=$(awk '$1 == "routed" { print $3 }' "$WORK/routed.txt" | median)
echo
echo "| r53d, every query with ECS | server µs/query (median) | vs static |"
echo "| --- | --- | --- |"
echo "| static A | $st | 1.00 |"
echo "| routed A (weighted, geolocation, multivalue, latency, alias) | $ro | $(awk -v a="$ro" -v b="$st" 'BEGIN { printf "%.2f", a / b }') |"
