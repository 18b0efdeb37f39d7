#!/usr/bin/env bash
# Lever side by side with etcd and nginx on this machine (issue 7, docs/benchmarks.md).
#
#   bash bench/run.sh            build, run every scenario (~3 min on 2 cores), print every
#                                DESIGN.md goal with PASS/FAIL, write docs/benchmarks.md + docs/bench/
#   bash bench/run.sh --smoke    every scenario tiny (< 2 min, CI): checks the tool works, not timings;
#                                writes nothing into the tree
# Options: --build-dir DIR (default $LEVER_BUILD_DIR or build/), --no-build, --keep (keep the work dir).
# Env: LEVER_SERVER_BIN, LEVER_BENCH_BIN (binaries other than the build dir's), LEVER_BENCH_ETCD_10K=10000
# (also run etcd watch with 10,000 watchers, one connection each; off by default: DESIGN.md names no
# etcd figure for that row and it costs minutes).
# Exits non-zero if a peer (etcd, nginx) or lever-server cannot be started or a scenario fails;
# an unmet goal is reported, not an error.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${LEVER_BUILD_DIR:-$ROOT/build}
SMOKE=0 BUILD=1 KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --build-dir) BUILD_DIR=$2; shift ;;
    --build-dir=*) BUILD_DIR=${1#*=} ;;
    --no-build) BUILD=0 ;;
    --keep) KEEP=1 ;;
    *) echo "usage: bash bench/run.sh [--smoke] [--build-dir DIR] [--no-build] [--keep]" >&2; exit 2 ;;
  esac
  shift
done

WORK=$(mktemp -d /tmp/lever-bench-XXXXXX)
chmod 755 "$WORK"
PIDS=()
CLUSTER_DIR=""
cleanup() {
  if [ -n "$CLUSTER_DIR" ]; then bash "$ROOT/tests/cluster/local_cluster.sh" stop "$CLUSTER_DIR" || true; fi
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$KEEP" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
log() { printf '\n== %s\n' "$*" >&2; }
die() { echo "bench/run.sh: $*" >&2; exit 1; }

# -- sizes: full run vs smoke --------------------------------------------------------------------
if [ "$SMOKE" = 1 ]; then
  DUR=1 WARM=0.2 ROUNDS=2 L1K=5 L10K=10 ETCD_L10K=0 CONNS=50 SEED_IDLE=200 SEED_START=500 SETTLE=0.5
  OUT=$WORK/out
else
  DUR=10 WARM=1 ROUNDS=5 L1K=1000 L10K=10000 ETCD_L10K=${LEVER_BENCH_ETCD_10K:-0} CONNS=10000
  SEED_IDLE=10000 SEED_START=100000 SETTLE=3
  OUT=$ROOT/docs/bench
fi
mkdir -p "$OUT"
RESULTS=$WORK/results.jsonl

# -- build ---------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  if [ "$SMOKE" = 1 ]; then bash "$ROOT/cmake/lever.sh" deps test; else bash "$ROOT/cmake/lever.sh" deps bench; fi
  LEVER_BUILD_DIR=$BUILD_DIR bash "$ROOT/cmake/lever.sh" build >&2
fi
SERVER=${LEVER_SERVER_BIN:-$BUILD_DIR/server/app/lever-server}
BENCH=${LEVER_BENCH_BIN:-$BUILD_DIR/bench/lever-bench}
SNAPSHOT_BENCH=$(find "$BUILD_DIR/bench" -name lever_snapshot_bench -type f -perm -u+x 2>/dev/null | head -1)
[ -x "$SERVER" ] || die "no $SERVER (build first)"
[ -x "$BENCH" ] || die "no $BENCH (build first)"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# Ports for peers come from 28600 up to the start of the kernel's ephemeral range: a port in that
# range can be taken at any moment by an outgoing connection, which a connect probe cannot see
# (seen once: etcd failing with "address already in use"). 20000-28600 is left to the cluster.
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
[ "$EPHEMERAL_LOW" -gt 29600 ] 2>/dev/null || EPHEMERAL_LOW=32768
free_port() {
  local p
  while :; do
    p=$((28600 + RANDOM % (EPHEMERAL_LOW - 28600)))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    if command -v ss >/dev/null && [ -n "$(ss -Htan "sport = :$p" 2>/dev/null)" ]; then continue; fi
    echo "$p"; return
  done
}

# Records one scenario: `record NAME lever-bench-args...`; a failing scenario fails the run.
record() {
  local name=$1; shift
  log "$name: lever-bench $*"
  local line
  line=$("$BENCH" "$@") || die "scenario $name failed"
  echo "$line" >&2
  printf '%s\t%s\n' "$name" "$line" >>"$RESULTS"
}

# -- Lever ---------------------------------------------------------------------------------------
# start_lever NAME DATA_DIR [extra flags]: sets LEVER_PID, LEVER_HTTP, LEVER_GRPC.
start_lever() {
  local name=$1 data=$2; shift 2
  local logfile=$WORK/$name.log
  "$SERVER" --data-dir="$data" --port=0 --grpc-port=0 --auth=off "$@" >"$logfile" 2>&1 &
  LEVER_PID=$!
  PIDS+=("$LEVER_PID")
  for _ in $(seq 300); do
    if grep -q "event=ready" "$logfile"; then
      local line; line=$(grep -m1 "event=ready" "$logfile")
      LEVER_HTTP=$(sed -E 's/.*http_port=([0-9]+).*/\1/' <<<"$line")
      LEVER_GRPC=$(sed -E 's/.*grpc_port=([0-9]+).*/\1/' <<<"$line")
      return 0
    fi
    kill -0 "$LEVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  tail -20 "$logfile" >&2
  die "lever-server ($name) did not become ready"
}
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# -- peers ---------------------------------------------------------------------------------------
start_nginx() {
  command -v nginx >/dev/null || die "nginx is not installed (apt-get install nginx-light)"
  NGINX_PORT=$(free_port)
  mkdir -p "$WORK/nginx/html" "$WORK/nginx/tmp"
  cp "$1" "$WORK/nginx/html/config.txt"
  cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes $(nproc);
daemon off;
user root;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  default_type text/plain;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/nginx/html; }
}
CONF
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr.log" &
  PIDS+=($!)
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$NGINX_PORT/config.txt" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$WORK/nginx/error.log" "$WORK/nginx/stderr.log" >&2 || true
  die "nginx could not be started"
}

start_etcd() {
  command -v etcd >/dev/null || die "etcd is not installed (apt-get install etcd-server)"
  ETCD_PORT=$(free_port)
  local peer; peer=$(free_port)
  # Single node, fsync on (etcd's default; --unsafe-no-fsync is not set), its own temp data dir.
  etcd --name bench --data-dir "$WORK/etcd" --log-level warn --logger zap \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "bench=http://127.0.0.1:$peer" >"$WORK/etcd.log" 2>&1 &
  ETCD_PID=$!
  PIDS+=("$ETCD_PID")
  for _ in $(seq 150); do
    curl -sf "http://127.0.0.1:$ETCD_PORT/health" 2>/dev/null | grep -q true && return 0
    kill -0 "$ETCD_PID" 2>/dev/null || break
    sleep 0.1
  done
  tail -20 "$WORK/etcd.log" >&2
  die "etcd could not be started"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$SECONDS

# -- config GET: Lever vs nginx, the same 200 bytes ------------------------------------------------
start_lever main "$WORK/lever-main"
MAIN_PID=$LEVER_PID MAIN_HTTP=$LEVER_HTTP MAIN_GRPC=$LEVER_GRPC
VALUE=$(head -c 200 /dev/zero | tr '\0' 'x' | sed 's/^x\{10\}/otel.trace/')
curl -sf -X POST "http://127.0.0.1:$MAIN_HTTP/nacos/v1/cs/configs" \
  --data "dataId=bench-get&group=bench&content=$VALUE" >/dev/null || die "cannot publish bench-get"
curl -sf "http://127.0.0.1:$MAIN_HTTP/nacos/v1/cs/configs?dataId=bench-get&group=bench" >"$WORK/config.txt"
[ "$(wc -c <"$WORK/config.txt")" = 200 ] || die "Lever served $(wc -c <"$WORK/config.txt") bytes, not 200"
start_nginx "$WORK/config.txt"
start_etcd

GET_ARGS=(--connections=64 --threads=2 --duration=$DUR --warmup=$WARM)
record get_lever get --target=127.0.0.1:$MAIN_HTTP --path="/nacos/v1/cs/configs?dataId=bench-get&group=bench" "${GET_ARGS[@]}"
record get_nginx get --target=127.0.0.1:$NGINX_PORT --path=/config.txt "${GET_ARGS[@]}"
if [ "$SMOKE" = 0 ] && command -v wrk >/dev/null; then
  # Cross-check of the load generator with wrk (same connections, 5 s).
  for peer in lever nginx; do
    if [ $peer = lever ]; then url="http://127.0.0.1:$MAIN_HTTP/nacos/v1/cs/configs?dataId=bench-get&group=bench"
    else url="http://127.0.0.1:$NGINX_PORT/config.txt"; fi
    rps=$(wrk -t2 -c64 -d5s "$url" | awk '/Requests\/sec/ {print $2}')
    log "wrk $peer: $rps req/s"
    printf 'wrk_get_%s\t{"qps":%s}\n' $peer "${rps:-0}" >>"$RESULTS"
  done
fi

# -- durable publishes: Lever (HTTP, gRPC) vs etcd put, 64 clients, 200-byte values ---------------
PUB_ARGS=(--clients=64 --value-size=200 --duration=$DUR --warmup=$WARM)
# --server-pid: the publish and watch-latency scenarios also report the server's CPU and their own,
# per write (over the measured window) or per notified listener (over the rounds).
LEVER_CPU=(--server-pid=$MAIN_PID) ETCD_CPU=(--server-pid=$ETCD_PID)
record publish_lever_http publish --via=http --http=127.0.0.1:$MAIN_HTTP "${LEVER_CPU[@]}" "${PUB_ARGS[@]}"
record publish_lever_grpc publish --via=grpc --grpc=127.0.0.1:$MAIN_GRPC "${LEVER_CPU[@]}" "${PUB_ARGS[@]}"
record publish_etcd publish --via=etcd --etcd=127.0.0.1:$ETCD_PORT "${ETCD_CPU[@]}" "${PUB_ARGS[@]}"

# -- publish -> notified ------------------------------------------------------------------------
record watch_grpc_1 watch-latency --via=grpc --grpc=127.0.0.1:$MAIN_GRPC --listeners=1 --rounds=$((ROUNDS * 4)) "${LEVER_CPU[@]}"
record watch_etcd_1 watch-latency --via=etcd --etcd=127.0.0.1:$ETCD_PORT --listeners=1 --rounds=$((ROUNDS * 4)) "${ETCD_CPU[@]}"
record watch_grpc_1k watch-latency --via=grpc --grpc=127.0.0.1:$MAIN_GRPC --listeners=$L1K --rounds=$ROUNDS "${LEVER_CPU[@]}"
record watch_etcd_1k watch-latency --via=etcd --etcd=127.0.0.1:$ETCD_PORT --listeners=$L1K --rounds=$ROUNDS "${ETCD_CPU[@]}"
record watch_longpoll_1k watch-latency --via=long-poll --http=127.0.0.1:$MAIN_HTTP --listeners=$L1K --rounds=$ROUNDS "${LEVER_CPU[@]}"
record watch_grpc_10k watch-latency --via=grpc --grpc=127.0.0.1:$MAIN_GRPC --listeners=$L10K --rounds=$ROUNDS "${LEVER_CPU[@]}"
if [ "$ETCD_L10K" -gt 0 ]; then
  record watch_etcd_10k watch-latency --via=etcd --etcd=127.0.0.1:$ETCD_PORT --listeners=$ETCD_L10K --rounds=$ROUNDS "${ETCD_CPU[@]}"
fi
stop_pid "$MAIN_PID"

# -- memory per idle gRPC connection (a fresh server) ---------------------------------------------
start_lever conns "$WORK/lever-conns"
record connections connections --grpc=127.0.0.1:$LEVER_GRPC --pid=$LEVER_PID --count=$CONNS --settle=$SETTLE
stop_pid "$LEVER_PID"

# -- idle RSS with 10,000 configs; start to ready with 100,000 --------------------------------------
# Seeding skips fsync (throwaway data); the measured start runs with the defaults.
seed_dir() {
  start_lever "seed-$2" "$1" --sync-writes=false
  record "seed_$2" seed --http=127.0.0.1:$LEVER_HTTP --count="$2" --value-size=200
  stop_pid "$LEVER_PID"
}
seed_dir "$WORK/lever-10k" "$SEED_IDLE"
record idle_10k startup --server-bin="$SERVER" --data-dir="$WORK/lever-10k" --settle=$SETTLE
seed_dir "$WORK/lever-100k" "$SEED_START"
record startup_100k startup --server-bin="$SERVER" --data-dir="$WORK/lever-100k" --settle=$SETTLE

# -- cluster: 3 Lever nodes on 3 etcd members (tests/cluster/local_cluster.sh) ----------------------
# DESIGN.md sets no goal here; publish TPS and cross-node notify latency are reported for the record.
CLUSTER_DIR=$WORK/cluster
# Below free_port's range and the ephemeral one: etcd members use 6 ports from the first, nodes
# HTTP ports from the second and gRPC = HTTP + 1000.
LEVER_SERVER_BIN=$SERVER LEVER_CLUSTER_ETCD_PORT=$((20000 + RANDOM % 3000)) \
  LEVER_CLUSTER_HTTP_PORT=$((24000 + RANDOM % 3000)) \
  bash "$ROOT/tests/cluster/local_cluster.sh" start "$CLUSTER_DIR" 3 >&2 || die "the cluster could not be started"
mapfile -t NODE_LINES <"$CLUSTER_DIR/nodes"
node_port() { sed -E "s/.*$2=([0-9]+).*/\1/" <<<"${NODE_LINES[$1]}"; }
record cluster_publish publish --via=http --http=127.0.0.1:"$(node_port 0 http)" "${PUB_ARGS[@]}"
record cluster_watch_grpc watch-latency --via=grpc --grpc=127.0.0.1:"$(node_port 1 grpc)" \
  --publish-grpc=127.0.0.1:"$(node_port 0 grpc)" --listeners=$L1K --rounds=$ROUNDS
bash "$ROOT/tests/cluster/local_cluster.sh" stop "$CLUSTER_DIR"
CLUSTER_DIR=""

# -- client snapshot read (liblever), when built ---------------------------------------------------
if [ -n "$SNAPSHOT_BENCH" ]; then
  log "snapshot: $SNAPSHOT_BENCH --json"
  SNAP_ARGS=(--json)
  [ "$SMOKE" = 1 ] && SNAP_ARGS+=(--smoke)
  line=$("$SNAPSHOT_BENCH" "${SNAP_ARGS[@]}" | tr -d '\n') || die "lever_snapshot_bench failed"
  printf 'snapshot\t%s\n' "$line" >>"$RESULTS"
fi

# -- results ---------------------------------------------------------------------------------------
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
{
  printf '{"meta":{"date":"%s","commit":"%s","smoke":%s,"cpu":"%s","cores":%s,"mem_mb":%s,"kernel":"%s","load_before":"%s","load_after":"%s","seconds":%s}' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "$([ "$SMOKE" = 1 ] && echo true || echo false)" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" "$(nproc)" \
    "$(($(grep MemTotal /proc/meminfo | awk '{print $2}') / 1024))" "$(uname -r)" "$LOAD_BEFORE" "$LOAD_AFTER" \
    $((SECONDS - STARTED))
  while IFS=$'\t' read -r name line; do printf ',"%s":%s' "$name" "$line"; done <"$RESULTS"
  echo '}'
} >"$OUT/results.json"

log "goals (DESIGN.md)"
REPORT_ARGS=(--results="$OUT/results.json" --markdown="$OUT/goals.md")
[ "$SMOKE" = 1 ] && REPORT_ARGS+=(--smoke)
"$BENCH" report "${REPORT_ARGS[@]}" >"$WORK/report.json"
if [ "$SMOKE" = 1 ]; then
  # The tool works when every Lever goal got a measurement (timings are not judged here).
  want=0
  [ -z "$SNAPSHOT_BENCH" ] && want=1  # the snapshot goal needs lever_snapshot_bench
  grep -q "\"not_measured\":$want" "$WORK/report.json" || die "some goals were not measured: $(cat "$WORK/report.json")"
  [ "$(grep -o '"what":"cluster' "$WORK/report.json" | wc -l)" = 2 ] || die "cluster figures missing: $(cat "$WORK/report.json")"
  for name in publish_lever_http publish_lever_grpc publish_etcd watch_grpc_1k watch_etcd_1k watch_longpoll_1k \
    watch_grpc_10k; do
    grep "^$name"$'\t' "$RESULTS" | grep -q '"server_us_per_op"' || die "$name reports no server CPU: $(cat "$RESULTS")"
  done
  # ... and the report turns those into the publish budgets and the fan-outs' CPU floors.
  [ "$(grep -o 'budget for 1.2 x' "$WORK/report.json" | wc -l)" = 2 ] || die "publish budgets missing: $(cat "$WORK/report.json")"
  [ "$(grep -o 'CPU floor p99' "$WORK/report.json" | wc -l)" -ge 3 ] || die "CPU floors missing: $(cat "$WORK/report.json")"
  log "smoke run done in $((SECONDS - STARTED)) s"
  exit 0
fi
bash "$ROOT/bench/publish_results.sh" "$OUT" "$ROOT/docs/benchmarks.md"
log "full run done in $((SECONDS - STARTED)) s; docs/benchmarks.md updated"
