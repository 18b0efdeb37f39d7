#!/usr/bin/env bash
# Browser tests of the console against the real lever-server (node's test runner).
#
#   LEVER_SERVER_BIN   server binary (default: build/server/app/lever-server)
#   LEVER_CONSOLE_DIR  built console (default: web/dist, built here when missing or stale)
#   CHROMIUM_BIN       browser (default: /usr/bin/chromium, Debian's package `chromium`)
#
# Screenshots of every main page land in tests/e2e/artifacts/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
chromium="${CHROMIUM_BIN:-/usr/bin/chromium}"

if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "run.sh: installing Debian's chromium" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "run.sh: $chromium not found; install Debian's chromium package" >&2
    exit 1
  fi
fi

if [ -z "${LEVER_CONSOLE_DIR:-}" ]; then
  dist="$root/web/dist/index.html"
  if [ ! -f "$dist" ] || [ -n "$(find "$root/web/src" "$root/web/index.html" "$root/web/package-lock.json" -newer "$dist" -print -quit)" ]; then
    echo "run.sh: building the console" >&2
    (cd "$root/web" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
  fi
fi

cd "$here"
npm ci --no-audit --no-fund --loglevel=error
rm -rf artifacts
exec node --test --test-concurrency=1 ./*.test.mjs
