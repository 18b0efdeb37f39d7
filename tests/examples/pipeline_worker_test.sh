#!/usr/bin/env bash
# examples/pipeline_worker end to end against the real lever-server: the worker follows config
# changes made with the `lever` CLI while it runs — sampler (parent-based, then ratio 0.5, 0.2),
# minimum event timestamp, an invalid version (ignored), and the sink path — and its counts and
# sink files follow exactly.
#
# Events are deterministic: event i (0..99) of every batch has event_timestamp 1700000000+i and a
# trace id whose low 56 bits are R_i ~ (i + 0.5) / 100 * 2^56. TraceIdRatioBased(r) samples
# R >= 2^56 - round(r * 2^56), i.e. the events i >= 100 * (1 - r): ratio 0.5 keeps i = 50..99
# (50 events), 0.2 keeps i = 80..99 (20). A minimum timestamp of 1700000090 then rejects i < 90.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LEVER_BUILD_DIR=${LEVER_BUILD_DIR:-$HERE/../../build}
LEVER=${LEVER_CLI_BIN:-$LEVER_BUILD_DIR/client/cli/lever}
WORKER=${PIPELINE_WORKER_BIN:-$LEVER_BUILD_DIR/examples/pipeline_worker}
ROOT=$(cd "$HERE/../.." && pwd)
source "$HERE/../cli/lever_server.sh"

start_server main --auth=off || exit 1
export LEVER_SERVER="127.0.0.1:$main_HTTP" LEVER_GRPC_PORT_OFFSET=$((main_GRPC - main_HTTP))
DATA_ID=spark-hudi-pipeline.properties
STATS=$TEST_TMP/stats.jsonl
FIFO=$TEST_TMP/events.fifo
LAKE=$TEST_TMP/lake

# batch <n> <flags>: 100 events; <flags> "01" (sampled parent), "00" or "alt" (01 for even i).
batch() {
  local n=$1 flags=$2 i r flag
  for ((i = 0; i < 100; i++)); do
    r=$(( (2 * i + 1) * (72057594037927936 / 200) ))
    flag=$flags; [ "$flags" == alt ] && { [ $((i % 2)) -eq 0 ] && flag=01 || flag=00; }
    printf '{"traceparent":"00-%016x5a%014x-00f067aa0ba902b7-%s","user_id":"u-%d","event_timestamp":%d,"amount":%d}\n' \
      $((n * 1000 + i + 1)) "$r" "$flag" "$i" $((1700000000 + i)) "$i"
  done
}

last_stat() {  # last_stat <key>: the key's value in the newest stats line
  tail -1 "$STATS" 2>/dev/null | sed -n "s/.*\"$1\":\([0-9a-z\"]*\).*/\1/p"
}
stat_is() { [ "$(last_stat "$1")" == "$2" ]; }
lines_are() { [ -f "$1" ] && [ "$(wc -l <"$1")" -eq "$2" ]; }

# config <ratio> <min ts> <table path> [sampler]: publishes a pipeline config with the CLI.
config() {
  printf '%s\n' \
    "otel.exporter.otlp.endpoint=http://otel-collector:4317" \
    "otel.traces.sampler=${4:-traceidratio}" "otel.traces.sampler.arg=$1" \
    "data.quality.validation.enabled=true" "data.quality.min.event.timestamp.epoch=$2" \
    "data.quality.required.fields=user_id" "data.quality.range.amount=0..1000" \
    "hudi.table.path=$3" "hudi.table.name=user_events" "hudi.table.type=MERGE_ON_READ" |
    "$LEVER" put "$DATA_ID" --type properties
}

# change <expected settings version> <config args...>: publish, then wait until the worker runs it.
change() {
  local version=$1; shift
  local started=$(date +%s%N)
  config "$@" || return 1
  wait_for 10 stat_is settings_version "$version" || return 1
  echo "     (the worker ran version $version $(( ($(date +%s%N) - started) / 1000000 )) ms after the put)"
}

# feed <n> <flags> <expected total read>: writes a batch and waits until every event is counted.
feed() { batch "$1" "$2" >&3; wait_for 15 stat_is read "$3"; }

"$LEVER" put "$DATA_ID" --type properties "$ROOT/examples/spark-hudi-pipeline.properties" || exit 1
mkfifo "$FIFO"
"$WORKER" --data-id "$DATA_ID" --input "$FIFO" --workers 4 --stats-interval-ms 100 \
  --remote-sink-root "$TEST_TMP/remote" >"$STATS" 2>"$TEST_TMP/worker.log" &
WORKER_PID=$!
STARTED_PIDS+=("$WORKER_PID")
# The worker opens its input once it holds a valid config; it must not have died before that.
worker_opens_input() { grep -q "event=input_opening" "$TEST_TMP/worker.log" || ! kill -0 "$WORKER_PID"; }
wait_for 20 worker_opens_input
kill -0 "$WORKER_PID" 2>/dev/null || { echo "the worker exited:"; cat "$TEST_TMP/worker.log"; exit 1; }
exec 3>"$FIFO"

echo "-- the shipped fixture: parentbased_traceidratio 0.2, oss:// table path"
check "fixture parsed: ParentBased sampler" wait_for 10 grep -q 'ParentBased{root=TraceIdRatioBased{0.200000}}' "$STATS"
check "alternating sampled flags: the parent decides, 100 read" feed 0 alt 100
check "  ... 50 accepted" stat_is accepted 50
check "  ... 50 sampled out" stat_is sampled_out 50
REMOTE_FILE=$TEST_TMP/remote/oss/my-datalake-bucket/hudi_user_events/user_events.jsonl
check "  ... oss:// written under the local remote root" wait_for 10 lines_are "$REMOTE_FILE" 50

echo "-- traceidratio 0.5, local file:// sink"
check "config change reaches the worker" change 2 0.5 1672531200 "file://$LAKE/v1"
check "batch read" feed 1 00 200
check "  ... +50 accepted (i >= 50), the parent's flag ignored" stat_is accepted 100
check "  ... +50 sampled out" stat_is sampled_out 100
check "  ... written to the new file:// sink" wait_for 10 lines_are "$LAKE/v1/user_events.jsonl" 50

echo "-- ratio 0.2"
check "config change reaches the worker" change 3 0.2 1672531200 "file://$LAKE/v1"
check "batch read" feed 2 01 300
check "  ... +20 accepted (i >= 80)" stat_is accepted 120
check "  ... +80 sampled out" stat_is sampled_out 180
check "  ... nothing rejected yet" stat_is rejected 0

echo "-- minimum event timestamp 1700000090"
check "config change reaches the worker" change 4 0.2 1700000090 "file://$LAKE/v1"
check "batch read" feed 3 01 400
check "  ... +10 accepted (i >= 90)" stat_is accepted 130
check "  ... +10 rejected as too old (80..89)" stat_is rejected 10
check "  ... counted as too_old" stat_is too_old 10
check "  ... v1 sink holds 50 + 20 + 10 events" wait_for 10 lines_are "$LAKE/v1/user_events.jsonl" 80

echo "-- an invalid version (ratio 1.7) is rejected; the last good one stays"
config 1.7 0 "file://$LAKE/bad" >/dev/null
check "the rejection is reported" wait_for 10 stat_is settings_rejected 1
check "  ... and logged with the key" grep -q 'otel.traces.sampler.arg: ratio 1.7 is outside' "$TEST_TMP/worker.log"
check "batch read" feed 4 01 500
check "  ... same outcome as before: +10 accepted" stat_is accepted 140
check "  ... +10 rejected" stat_is rejected 20
check "  ... settings version unchanged" stat_is settings_version 4
check "  ... still written to the v1 sink (80 + 10)" wait_for 10 lines_are "$LAKE/v1/user_events.jsonl" 90
check "  ... the rejected version's sink was never opened" test ! -e "$LAKE/bad"

echo "-- a new sink path: the worker reopens"
check "config change reaches the worker" change 5 0.2 1700000090 "$LAKE/v2"
check "batch read" feed 5 01 600
check "  ... +10 accepted" stat_is accepted 150
check "  ... written to the new plain-path sink" wait_for 10 lines_are "$LAKE/v2/user_events.jsonl" 10
check "  ... the old sink is untouched" lines_are "$LAKE/v1/user_events.jsonl" 90
check "  ... with only accepted events (i >= 90)" test "$(grep -c '"event_timestamp":170000009' "$LAKE/v2/user_events.jsonl")" -eq 10

echo "-- end of input"
exec 3>&-
check "the worker exits 0 at end of input" wait "$WORKER_PID"
check "the final stats line" grep -q '"final":true' <(tail -1 "$STATS")
check "  ... counts every event" stat_is read 600
check "  ... accepted + sampled_out + rejected = read" \
  test $(( $(last_stat accepted) + $(last_stat sampled_out) + $(last_stat rejected) )) -eq 600
check "  ... no malformed events or write errors" test "$(last_stat malformed)$(last_stat write_errors)" == "00"

echo
[ "$FAILURES" -eq 0 ] && echo "pipeline_worker tests passed" || { echo "pipeline_worker tests: $FAILURES failed"; tail -20 "$TEST_TMP/worker.log"; }
[ "$FAILURES" -eq 0 ]
