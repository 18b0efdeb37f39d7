#!/usr/bin/env bash
# bench/run.sh must fail, and say why, when a peer or lever-server cannot be started (issue 7:
# "exits non-zero if a peer could not be started"). Each case breaks one program and runs the
# smoke benchmark; everything else stays real. A stand-in that exits at once takes the place of
# nginx or etcd on PATH, and of lever-server through LEVER_SERVER_BIN.
#   bash tests/bench/run_sh_test.sh [BUILD_DIR]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${1:-${LEVER_BUILD_DIR:-$ROOT/build}}
STUBS=$(mktemp -d)
trap 'rm -rf "$STUBS"' EXIT
printf '#!/bin/sh\nexit 1\n' >"$STUBS/exits-at-once"
chmod +x "$STUBS/exits-at-once"
failures=0

# expect_failure NAME WANTED_MESSAGE [VAR=VALUE...]: runs the smoke benchmark with the variables
# set; it must exit non-zero with WANTED_MESSAGE on stderr.
expect_failure() {
  local name=$1 wanted=$2; shift 2
  local out rc
  out=$(env "$@" timeout 180 bash "$ROOT/bench/run.sh" --smoke --no-build --build-dir "$BUILD_DIR" 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" = 0 ]; then
    echo "FAIL $name: bench/run.sh exited 0"; failures=$((failures + 1))
  elif [ "$rc" = 124 ]; then
    echo "FAIL $name: bench/run.sh did not stop within 180 s"; failures=$((failures + 1))
  elif ! grep -qF "$wanted" <<<"$out"; then
    echo "FAIL $name: exit $rc without \"$wanted\"; its last lines:"; tail -5 <<<"$out"; failures=$((failures + 1))
  else
    echo "ok   $name: exit $rc, \"$wanted\""
  fi
}

mkdir -p "$STUBS/no-nginx" "$STUBS/no-etcd"
ln -s "$STUBS/exits-at-once" "$STUBS/no-nginx/nginx"
ln -s "$STUBS/exits-at-once" "$STUBS/no-etcd/etcd"
expect_failure "nginx does not start" "nginx could not be started" PATH="$STUBS/no-nginx:$PATH"
expect_failure "etcd does not start" "etcd could not be started" PATH="$STUBS/no-etcd:$PATH"
expect_failure "lever-server does not start" "did not become ready" LEVER_SERVER_BIN="$STUBS/exits-at-once"
expect_failure "lever-server is missing" "build first" LEVER_SERVER_BIN="$STUBS/missing"

# No peer may outlive a failed run: the etcd case started a real nginx, which run.sh must stop.
if pgrep -f "nginx -p /tmp/lever-bench-" >/dev/null; then
  echo "FAIL an nginx of a failed run is still running"; failures=$((failures + 1))
fi
[ "$failures" = 0 ] && echo "bench/run.sh failure cases: all passed"
[ "$failures" = 0 ]
