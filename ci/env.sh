# Sourced by every make target: puts npm's wasm-opt 132 before any system wasm-opt, and the cargo bin
# directory on PATH. Never install Debian's binaryen: version 108 cannot read wasm-bindgen's output.
export PATH="$PWD/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT=60
if [ -z "${LAYERLAB_CORPUS:-}" ] && [ -d "$PWD/../shared/corpus" ]; then
  export LAYERLAB_CORPUS="$PWD/../shared/corpus"
fi
