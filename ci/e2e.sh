#!/usr/bin/env bash
# Serves the release build in dist/ on a local port and runs the playwright-core end-to-end tests
# against it in Debian's Chromium. Prints the plain `N passed, N failed` line.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${E2E_PORT:-8089}
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.2; done
APP_URL="http://127.0.0.1:$PORT/" node e2e/run.mjs
