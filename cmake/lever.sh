#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (README "Quick start"):
#   bash cmake/lever.sh serve   install what is missing, build, start lever-server on :8848
#   bash cmake/lever.sh test    install what is missing, build, run every test suite
# Other subcommands: deps, build, console.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD_DIR=${LEVER_BUILD_DIR:-$ROOT/build}
JOBS=${LEVER_JOBS:-$(nproc)}

APT_PACKAGES=(build-essential cmake ninja-build ccache pkg-config git curl ca-certificates
  libcpp-httplib-dev librocksdb-dev libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev
  protobuf-compiler nlohmann-json3-dev libspdlog-dev doctest-dev libssl-dev zlib1g-dev nodejs npm)
APT_TEST_PACKAGES=(chromium etcd-server nginx-light clang libclang-rt-14-dev)
# bench/run.sh: the peers it compares against, wrk as a cross-check, gnuplot for charts, jq for the doc.
APT_BENCH_PACKAGES=(etcd-server nginx-light wrk gnuplot-nox jq)

log() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
  local want=("${APT_PACKAGES[@]}")
  [ "${1:-}" = test ] && want+=("${APT_TEST_PACKAGES[@]}")
  [ "${1:-}" = bench ] && want+=("${APT_BENCH_PACKAGES[@]}")
  local missing=()
  for p in "${want[@]}"; do
    # Some mirrors ship npm inside the nodejs package: an npm on PATH is enough.
    if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

build() {
  log "building lever ($BUILD_DIR)"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

console() {
  if [ -f "$ROOT/web/package.json" ]; then
    log "building the web console"
    (cd "$ROOT/web" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
  fi
}

serve() {
  deps
  build
  console
  log "starting lever-server: console at http://127.0.0.1:8848/"
  exec "$BUILD_DIR/server/app/lever-server" --data-dir="${LEVER_DATA_DIR:-$ROOT/lever-data}" "$@"
}

test_all() {
  deps test
  build
  console
  bash "$ROOT/tests/run_all.sh" "$BUILD_DIR"
}

case "${1:-}" in
  deps) deps "${2:-}" ;;
  build) shift; build "$@" ;;
  console) console ;;
  serve) shift; serve "$@" ;;
  test) test_all ;;
  *) echo "usage: bash cmake/lever.sh serve|test|deps|build|console" >&2; exit 2 ;;
esac
