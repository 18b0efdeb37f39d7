#!/usr/bin/env bash
# The fuzz job: builds the libFuzzer targets of tests/fuzz with clang into their own build dir
# (build-fuzz, only those targets), replays every saved crash in tests/fuzz/regressions/<target>/,
# then fuzzes each target for LEVER_FUZZ_SECONDS (60) starting from tests/fuzz/corpus/<target>/.
# Targets run two at a time (one per core). Any crash, leak, sanitizer report or timeout fails
# the run; the input that caused it is left in build-fuzz/artifacts/<target>/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${LEVER_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
FUZZ_SECONDS=${LEVER_FUZZ_SECONDS:-60}
PARALLEL=${LEVER_FUZZ_PARALLEL:-2}
FUZZ_DIR=$ROOT/tests/fuzz

cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DLEVER_FUZZ=ON >/dev/null
read -r -a targets <<<"$(tr ';' ' ' <"$BUILD_DIR/tests/fuzz/targets.txt")"
cmake --build "$BUILD_DIR" -j "$(nproc)" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Replays the saved crashes of one target (each must now pass), then fuzzes it.
fuzz_one() {
  local target=$1 bin="$BUILD_DIR/tests/fuzz/$1"
  local regressions="$FUZZ_DIR/regressions/$target" work="$BUILD_DIR/corpus/$target"
  local artifacts="$BUILD_DIR/artifacts/$target/"
  mkdir -p "$work" "$artifacts"
  if compgen -G "$regressions/*" >/dev/null; then
    "$bin" "$regressions"/* >"$BUILD_DIR/$target.replay.log" 2>&1 ||
      { echo "fuzz $target: a saved regression input fails again"; tail -40 "$BUILD_DIR/$target.replay.log"; return 1; }
  fi
  # New inputs go to the work dir (first corpus dir), never into the repository's seeds.
  if "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$artifacts" "$work" "$FUZZ_DIR/corpus/$target" \
      >"$BUILD_DIR/$target.log" 2>&1; then
    echo "fuzz $target: ok, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$BUILD_DIR/$target.log" | grep -o '[0-9]*$') runs in ${FUZZ_SECONDS}s"
  else
    echo "fuzz $target: FAILED (input in $artifacts)"; tail -60 "$BUILD_DIR/$target.log"; return 1
  fi
}

failed=0
pids=()
for target in "${targets[@]}"; do
  fuzz_one "$target" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$PARALLEL" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit $failed
