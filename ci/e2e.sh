#!/usr/bin/env bash
# Serves the release build in dist/ on a local port, and docs/ (the embedding example page) on a second
# port so the widgets are cross-origin, then runs the playwright-core end-to-end tests against them in
# Debian's Chromium. Prints the plain `N passed, N failed` line.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${E2E_PORT:-8089}
HOST_PORT=${E2E_HOST_PORT:-8091}
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
SERVER=$!
python3 -m http.server "$HOST_PORT" --bind 127.0.0.1 --directory docs >/dev/null 2>&1 &
HOST=$!
trap 'kill $SERVER $HOST 2>/dev/null || true' EXIT
for port in "$PORT" "$HOST_PORT"; do
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done
done
APP_URL="http://127.0.0.1:$PORT/" HOST_URL="http://127.0.0.1:$HOST_PORT/" node e2e/run.mjs "$@"
