#!/bin/sh
# Installs the pinned npm `nacos` client and runs it against the real lever-server.
# LEVER_SERVER_BIN selects the binary (default: <repo>/build/server/app/lever-server).
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
exec node --test "$@"
