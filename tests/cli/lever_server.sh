# Sourced by the CLI and example tests: start the real lever-server on free ports with a temp data
# dir, wait for its ready line (deadline), and stop it on exit.
#   start_server <name> [extra server flags...]  sets <name>_HTTP, <name>_GRPC, <name>_PID
#   wait_for <seconds> <command...>             polls a condition until it holds or the deadline
SERVER_BIN=${LEVER_SERVER_BIN:-$LEVER_BUILD_DIR/server/app/lever-server}
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lever-cli-XXXXXX")
STARTED_PIDS=()

cleanup() {
  for pid in "${STARTED_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${STARTED_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  [ -n "${LEVER_TEST_KEEP:-}" ] || rm -rf "$TEST_TMP"
}
trap cleanup EXIT

wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.05
  done
}

start_server() {
  local name=$1; shift
  mkdir -p "$TEST_TMP/$name"
  "$SERVER_BIN" --port=0 --grpc-port=0 --data-dir="$TEST_TMP/$name/data" --log-level=info "$@" \
    >"$TEST_TMP/$name/server.log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  if ! wait_for 20 grep -q "event=ready" "$TEST_TMP/$name/server.log"; then
    echo "server $name did not start:"; tail -20 "$TEST_TMP/$name/server.log"; return 1
  fi
  local line
  line=$(grep -m1 "event=ready" "$TEST_TMP/$name/server.log")
  printf -v "${name}_HTTP" '%s' "$(sed -n 's/.*http_port=\([0-9]*\).*/\1/p' <<<"$line")"
  printf -v "${name}_GRPC" '%s' "$(sed -n 's/.*grpc_port=\([0-9]*\).*/\1/p' <<<"$line")"
  printf -v "${name}_PID" '%s' "$pid"
}

FAILURES=0
check() {  # check <description> <command...>: the command must succeed
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; FAILURES=$((FAILURES + 1)); fi
}
