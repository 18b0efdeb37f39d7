#!/usr/bin/env bash
# ASan + UBSan job: builds everything with -fsanitize=address,undefined into its own build dir and
# runs the unit suite and the integration suite (the real server binary, sanitized) in it.
# Any sanitizer report fails the run (halt_on_error, no UBSan recovery).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${LEVER_ASAN_BUILD_DIR:-$ROOT/build-asan}
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp}

# -O1 -g1 (line tables only): reports keep function names and file:line, and the build is much faster
# than -O2 with full debug info (-O1 is also what the ASan docs recommend). A unity build (sources
# of a target compiled in batches of 8) parses the heavy gRPC/protobuf/json headers once per batch:
# the job took ~16 minutes on 2 cores, ~10 as a unity build (build ~8, tests ~2). So sources
# must not define the same name in their anonymous namespaces (generated protos are excluded).
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DLEVER_SANITIZE=address,undefined \
  -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target lever-server lever_unit_tests lever_integration_tests
"$BUILD_DIR/tests/unit/lever_unit_tests"
LEVER_SERVER_BIN="$BUILD_DIR/server/app/lever-server" "$BUILD_DIR/tests/integration/lever_integration_tests"
