#!/usr/bin/env bash
# Runs every test suite against an existing build and prints one summary line:
# "suites: N passed, M failed". Each suite is a command; a suite passes when it exits 0.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-$ROOT/build}
export LEVER_SERVER_BIN="$BUILD_DIR/server/app/lever-server"
export LEVER_BUILD_DIR="$BUILD_DIR"
passed=0 failed=0 failed_names=()

suite() {
  local name=$1; shift
  printf '\n== suite %s\n' "$name"
  local started=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); printf '== suite %s passed (%ss)\n' "$name" $((SECONDS - started))
  else
    failed=$((failed + 1)); failed_names+=("$name"); printf '== suite %s FAILED (%ss)\n' "$name" $((SECONDS - started))
  fi
}

suite unit "$BUILD_DIR/tests/unit/lever_unit_tests"
suite integration "$BUILD_DIR/tests/integration/lever_integration_tests"
[ -x "$BUILD_DIR/tests/cluster/lever_cluster_tests" ] && suite cluster "$BUILD_DIR/tests/cluster/lever_cluster_tests"
[ -x "$BUILD_DIR/tests/client/lever_client_tests" ] && suite client "$BUILD_DIR/tests/client/lever_client_tests"
[ -x "$ROOT/tests/compat/npm/run.sh" ] && suite compat-npm bash "$ROOT/tests/compat/npm/run.sh"
[ -f "$ROOT/web/package.json" ] && suite web-unit bash -c "cd '$ROOT/web' && npm test --silent"
[ -x "$ROOT/tests/e2e/run.sh" ] && suite e2e-console bash "$ROOT/tests/e2e/run.sh"
[ -x "$ROOT/bench/run.sh" ] && suite bench-smoke bash "$ROOT/bench/run.sh" --smoke --no-build --build-dir "$BUILD_DIR"
[ -x "$ROOT/bench/run.sh" ] && suite bench-failures bash "$ROOT/tests/bench/run_sh_test.sh" "$BUILD_DIR"
[ -x "$ROOT/tests/client/tsan.sh" ] && suite client-tsan bash "$ROOT/tests/client/tsan.sh"
[ -x "$BUILD_DIR/client/cli/lever" ] && suite cli bash "$ROOT/tests/cli/cli_test.sh"
[ -x "$BUILD_DIR/examples/pipeline_worker" ] && suite pipeline-worker bash "$ROOT/tests/examples/pipeline_worker_test.sh"
[ -x "$ROOT/tests/sanitizers.sh" ] && suite sanitizers bash "$ROOT/tests/sanitizers.sh"
[ -x "$ROOT/tests/fuzz/run.sh" ] && suite fuzz bash "$ROOT/tests/fuzz/run.sh"

echo
[ ${#failed_names[@]} -gt 0 ] && echo "failed suites: ${failed_names[*]}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
