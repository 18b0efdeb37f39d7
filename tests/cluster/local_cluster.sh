#!/usr/bin/env bash
# A local Lever cluster on loopback for benchmarks and manual tries: three etcd members and N
# lever-server nodes (--store=etcd, --auth=off).
#
#   tests/cluster/local_cluster.sh start DIR [NODES]   # prints one "http=<port> grpc=<port>" line per node
#   tests/cluster/local_cluster.sh stop DIR
#
# Environment: LEVER_SERVER_BIN (default build/server/app/lever-server), LEVER_ETCD_BIN (etcd),
# LEVER_CLUSTER_ETCD_PORT (first etcd port, default 23790; members use 6 consecutive ports),
# LEVER_CLUSTER_HTTP_PORT (first node's HTTP port, default 18848; gRPC = HTTP + 1000).
# DIR receives the logs, etcd data, `pids` and `nodes` (the node lines printed on start).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [NODES]" >&2; exit 2; }

if [ "$cmd" = stop ]; then
  [ -f "$dir/pids" ] || exit 0
  # shellcheck disable=SC2046
  kill $(cat "$dir/pids") 2>/dev/null || true
  for pid in $(cat "$dir/pids"); do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  rm -f "$dir/pids"
  exit 0
fi
[ "$cmd" = start ] || { echo "unknown command $cmd" >&2; exit 2; }

nodes=${3:-3}
server=${LEVER_SERVER_BIN:-$ROOT/build/server/app/lever-server}
etcd=${LEVER_ETCD_BIN:-etcd}
etcd_base=${LEVER_CLUSTER_ETCD_PORT:-23790}
http_base=${LEVER_CLUSTER_HTTP_PORT:-18848}
mkdir -p "$dir"
: > "$dir/pids"; : > "$dir/nodes"

wait_for() {  # url, what
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "$2 did not come up ($1); see $dir" >&2; exit 1
}

cluster="" endpoints=""
for i in 0 1 2; do
  cluster+="${cluster:+,}m$i=http://127.0.0.1:$((etcd_base + 2 * i + 1))"
  endpoints+="${endpoints:+,}127.0.0.1:$((etcd_base + 2 * i))"
done
for i in 0 1 2; do
  client=$((etcd_base + 2 * i)) peer=$((etcd_base + 2 * i + 1))
  "$etcd" --name="m$i" --data-dir="$dir/etcd-$i" \
    --listen-client-urls="http://127.0.0.1:$client" --advertise-client-urls="http://127.0.0.1:$client" \
    --listen-peer-urls="http://127.0.0.1:$peer" --initial-advertise-peer-urls="http://127.0.0.1:$peer" \
    --initial-cluster="$cluster" --initial-cluster-token=lever-local --initial-cluster-state=new \
    --max-txn-ops=10000 --max-request-bytes=33554432 --logger=zap --log-level=warn \
    > "$dir/etcd-$i.log" 2>&1 &
  echo $! >> "$dir/pids"
done
for i in 0 1 2; do wait_for "http://127.0.0.1:$((etcd_base + 2 * i))/health" "etcd member $i"; done

for n in $(seq 0 $((nodes - 1))); do
  port=$((http_base + n))
  "$server" --store=etcd --etcd-endpoints="$endpoints" --host=127.0.0.1 --port="$port" \
    --grpc-port=$((port + 1000)) --auth=off --log-level=warn > "$dir/lever-$n.log" 2>&1 &
  echo $! >> "$dir/pids"
  echo "http=$port grpc=$((port + 1000))" >> "$dir/nodes"
done
for n in $(seq 0 $((nodes - 1))); do
  wait_for "http://127.0.0.1:$((http_base + n))/nacos/v1/console/health/readiness" "lever node $n"
done
# A node that could not bind its port has exited even if something else answers there.
for pid in $(cat "$dir/pids"); do
  kill -0 "$pid" 2>/dev/null || { echo "a process exited at start (port in use?); see $dir/*.log" >&2; exit 1; }
done
cat "$dir/nodes"
