#!/usr/bin/env bash
# Builds only lever_client and lever_client_tests with ThreadSanitizer (-DLEVER_SANITIZE=thread) in
# their own build dir and runs the client tests against the normal build's lever-server
# (LEVER_SERVER_BIN, default build/server/app/lever-server): concurrent Watched<T> readers, the
# listener executor, reconnects and both transports. Exits non-zero on any race report.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${LEVER_TSAN_BUILD_DIR:-$ROOT/build-tsan}
export LEVER_SERVER_BIN=${LEVER_SERVER_BIN:-$ROOT/build/server/app/lever-server}
[ -x "$LEVER_SERVER_BIN" ] || { echo "tsan.sh: no lever-server at $LEVER_SERVER_BIN (build it first)" >&2; exit 1; }

cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEVER_SANITIZE=thread >/dev/null
cmake --build "$BUILD_DIR" --target lever_client_tests -- -j"${LEVER_JOBS:-2}"

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$ROOT/tests/client/tsan.supp ${TSAN_OPTIONS:-}"
"$BUILD_DIR/tests/client/lever_client_tests" "$@"
