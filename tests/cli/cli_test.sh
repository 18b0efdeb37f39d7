#!/usr/bin/env bash
# The `lever` CLI against the real lever-server, over gRPC and HTTP: get/put/rm, CAS conflicts,
# watch, history, rollback, ns list, environment variables, exit codes and usage errors.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LEVER_BUILD_DIR=${LEVER_BUILD_DIR:-$HERE/../../build}
LEVER=${LEVER_CLI_BIN:-$LEVER_BUILD_DIR/client/cli/lever}
source "$HERE/lever_server.sh"

start_server main --auth=off || exit 1
export LEVER_GRPC_PORT_OFFSET=$((main_GRPC - main_HTTP))

# exit_is <code> <command...>: runs the command (stdout/stderr to $OUT/$ERR), compares its exit code.
OUT=$TEST_TMP/out ERR=$TEST_TMP/err
exit_is() {
  local want=$1; shift
  "$@" >"$OUT" 2>"$ERR"
  local got=$?
  [ "$got" -eq "$want" ] || { echo "  exit $got, wanted $want: $*"; cat "$ERR"; return 1; }
}
out_is() { [ "$(cat "$OUT")" == "$1" ] || { echo "  stdout: $(cat "$OUT")"; return 1; }; }
err_has() { grep -q -- "$1" "$ERR" || { echo "  stderr: $(cat "$ERR")"; return 1; }; }
lines_in() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }

for transport in grpc http; do
  L=("$LEVER" --server "127.0.0.1:$main_HTTP" --transport "$transport")
  id="cli-$transport.properties"
  echo "-- transport $transport"
  check "get of a missing config exits 1 with NotFound" exit_is 1 "${L[@]}" get "$id"
  check "  ... and says so" err_has "NotFound"
  check "put from stdin" exit_is 0 bash -c 'printf "a=1\nb=2" | "$@" put '"$id"' --type properties' _ "${L[@]}"
  check "get prints the content exactly" exit_is 0 "${L[@]}" get "$id"
  check "  ... content" out_is $'a=1\nb=2'
  printf 'a=2\n' >"$TEST_TMP/v2.properties"
  check "put from a file" exit_is 0 "${L[@]}" put "$id" "$TEST_TMP/v2.properties"
  check "get after put from a file" exit_is 0 "${L[@]}" get "$id"
  check "  ... content" out_is "a=2"
  check "put with a stale --cas md5 exits 3" exit_is 3 bash -c 'echo x | "$@" put '"$id"' --cas 0123456789abcdef0123456789abcdef' _ "${L[@]}"
  check "  ... and says Conflict" err_has "Conflict"
  md5=$(printf 'a=2\n' | md5sum | cut -d' ' -f1)
  check "put with the current --cas md5 succeeds" exit_is 0 bash -c 'printf "a=3" | "$@" put '"$id"' --cas '"$md5" _ "${L[@]}"

  # watch: the first line is the current value, the next one the change made while it runs.
  "${L[@]}" watch "$id" --count 2 >"$TEST_TMP/watch-$transport" 2>"$TEST_TMP/watch-$transport.err" &
  watch_pid=$!
  STARTED_PIDS+=("$watch_pid")
  check "watch prints the current version" wait_for 15 lines_in "$TEST_TMP/watch-$transport" 1
  printf 'a=4' | "${L[@]}" put "$id"
  check "watch prints the new version and exits after --count" wait_for 15 lines_in "$TEST_TMP/watch-$transport" 2
  wait_for 10 bash -c "! kill -0 $watch_pid 2>/dev/null"
  wait "$watch_pid"; check "watch exits 0" test $? -eq 0
  check "  ... first line carries a=3" grep -q '"content":"a=3"' <(sed -n 1p "$TEST_TMP/watch-$transport")
  check "  ... second line carries a=4" grep -q '"content":"a=4"' <(sed -n 2p "$TEST_TMP/watch-$transport")

  # watch of a config that does not exist yet: nothing until it is created, then its deletion.
  "${L[@]}" watch "new-$id" --count 2 >"$TEST_TMP/watch-new-$transport" 2>/dev/null &
  watch_pid=$!
  STARTED_PIDS+=("$watch_pid")
  check "watch of a missing config follows its creation" wait_for 15 bash -c \
    'printf "n=1" | "$@" put new-'"$id"' && grep -q "\"content\":\"n=1\"" '"$TEST_TMP/watch-new-$transport" _ "${L[@]}"
  "${L[@]}" rm "new-$id"
  check "  ... and its deletion" wait_for 15 grep -q '"deleted":true' "$TEST_TMP/watch-new-$transport"
  wait "$watch_pid"

  check "history lists every change, newest first" exit_is 0 "${L[@]}" history "$id"
  check "  ... 4 entries" test "$(wc -l <"$OUT")" -eq 4
  first_nid=$(tail -1 "$OUT" | cut -f1)     # the insert of a=1
  second_nid=$(sed -n 3p "$OUT" | cut -f1)  # the update that replaced a=1\nb=2
  check "  ... oldest is an insert" test "$(tail -1 "$OUT" | cut -f2)" == "I"
  check "history --json" exit_is 0 "${L[@]}" history "$id" --json --limit 2
  check "  ... is a JSON list of 2" test "$(grep -c '"nid"' "$OUT")" -eq 2
  check "rollback to an update entry republishes its content" exit_is 0 "${L[@]}" rollback "$id" "$second_nid"
  check "  ... get shows the old content" exit_is 0 "${L[@]}" get "$id"
  check "  ... content" out_is $'a=1\nb=2'
  check "rollback to the insert entry deletes the config" exit_is 0 "${L[@]}" rollback "$id" "$first_nid"
  check "  ... get is NotFound" exit_is 1 "${L[@]}" get "$id"

  printf 'z=1' | "${L[@]}" put "$id"
  check "rm" exit_is 0 "${L[@]}" rm "$id"
  check "  ... get is NotFound" exit_is 1 "${L[@]}" get "$id"
  check "rm of a missing config succeeds" exit_is 0 "${L[@]}" rm "$id"
done

echo "-- watch until SIGTERM"
printf 'w=1' | "$LEVER" --server "127.0.0.1:$main_HTTP" put sig.properties
"$LEVER" --server "127.0.0.1:$main_HTTP" watch sig.properties >"$TEST_TMP/watch-sig" 2>/dev/null &
watch_pid=$!
STARTED_PIDS+=("$watch_pid")
check "watch runs until a signal" wait_for 15 lines_in "$TEST_TMP/watch-sig" 1
kill -TERM "$watch_pid"
wait "$watch_pid"
check "  ... and exits 0 on SIGTERM" test $? -eq 0

echo "-- namespaces, environment, usage, unavailable, auth"
check "ns list" exit_is 0 "$LEVER" --server "127.0.0.1:$main_HTTP" ns list
check "  ... shows public" grep -q "^public" "$OUT"
curl -sf -X POST "http://127.0.0.1:$main_HTTP/nacos/v1/console/namespaces" \
  -d customNamespaceId=team-a -d namespaceName=TeamA >/dev/null
check "ns list --json shows a new namespace" exit_is 0 "$LEVER" --server "127.0.0.1:$main_HTTP" ns list --json
check "  ... team-a" grep -q '"id": "team-a"' "$OUT"
check "put in a namespace from LEVER_SERVER/LEVER_NAMESPACE" exit_is 0 \
  env LEVER_SERVER="127.0.0.1:$main_HTTP" LEVER_NAMESPACE=team-a bash -c 'printf "ns=1" | "$0" put env.properties' "$LEVER"
check "  ... get in that namespace" exit_is 0 env LEVER_SERVER="127.0.0.1:$main_HTTP" "$LEVER" --namespace team-a get env.properties
check "  ... content" out_is "ns=1"
check "  ... not in public" exit_is 1 "$LEVER" --server "127.0.0.1:$main_HTTP" get env.properties

check "no command is a usage error (2)" exit_is 2 "$LEVER"
check "unknown command (2)" exit_is 2 "$LEVER" frobnicate
check "unknown option (2)" exit_is 2 "$LEVER" --bogus get x
check "missing dataId (2)" exit_is 2 "$LEVER" --server "127.0.0.1:$main_HTTP" get
check "non-numeric nid (2)" exit_is 2 "$LEVER" --server "127.0.0.1:$main_HTTP" rollback x notanumber
check "--help exits 0" exit_is 0 "$LEVER" --help

# Port 1 (tcpmux) is privileged and unused: connections are refused.
dead_port=1
check "no server answers: exit 5 (http)" exit_is 5 "$LEVER" --server 127.0.0.1:$dead_port --transport http --timeout 1000 get x
check "no server answers: exit 5 (grpc)" exit_is 5 "$LEVER" --server 127.0.0.1:$dead_port --timeout 1000 get x

LEVER_ADMIN_PASSWORD=cli-secret-pw start_server secured --auth=on || exit 1
S=("$LEVER" --server "127.0.0.1:$secured_HTTP" --grpc-port-offset $((secured_GRPC - secured_HTTP)))
check "auth on, no credentials: exit 4" exit_is 4 "${S[@]}" --transport http get x
check "auth on, wrong password: exit 4" exit_is 4 "${S[@]}" --user nacos --password wrong get x
check "auth on, right credentials from the environment" exit_is 1 \
  env LEVER_USER=nacos LEVER_PASSWORD=cli-secret-pw "${S[@]}" get x
check "  ... reached the server (NotFound)" err_has "NotFound"

echo
[ "$FAILURES" -eq 0 ] && echo "cli tests passed" || echo "cli tests: $FAILURES failed"
[ "$FAILURES" -eq 0 ]
