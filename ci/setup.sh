#!/usr/bin/env bash
# Idempotent set-up: installs only what is missing, so a second run takes seconds.
# Everything comes from rustup, crates.io, Debian and npm; Trunk is pinned so it never downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
TRUNK_VERSION=0.21.14   # 0.22 needs rustc >= 1.96.1.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3}' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PATH"

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  # Never binaryen from Debian: its wasm-opt 108 cannot parse current wasm-bindgen output.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  # Trunk's own release profile is fat LTO with one codegen unit (8 min here); this takes about 5.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "=$TRUNK_VERSION" --locked
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "^wasm-bindgen $WASM_BINDGEN_VERSION\b"; then
  # No --locked: the tool's lockfile pins a webpki-roots version the registry does not serve.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

if [ ! -x e2e/node_modules/.bin/wasm-opt ] || [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/dockerfile-ast ]; then
  npm ci --prefix e2e --no-audit --no-fund
fi

cargo fetch --locked >/dev/null
echo "setup ok: $(trunk --version), $(wasm-bindgen --version), $(e2e/node_modules/.bin/wasm-opt --version), $(chromium --version 2>/dev/null)"
