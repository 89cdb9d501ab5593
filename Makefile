# The two commands a newcomer needs: `make serve` and `make test`. Both install what is missing first.
SHELL := /bin/bash
ENV := source ci/env.sh &&

.PHONY: setup serve build test check test-native test-wasm test-js test-e2e js bench fuzz clean

setup:
	./ci/setup.sh

# Dev build with automatic rebuilds on http://127.0.0.1:8080/.
serve: setup
	$(ENV) trunk serve

# Release build (opt-level z, LTO, wasm-opt 132) into dist/.
build: setup
	$(ENV) trunk build --release --locked

test: setup
	$(MAKE) check test-native test-wasm test-js test-e2e

# Formatting and clippy, warnings as errors.
check:
	$(ENV) cargo fmt --all -- --check
	$(ENV) cargo clippy --workspace --all-targets --locked -- -D warnings

# Unit, conformance, scenario and property tests on the host.
test-native:
	$(ENV) cargo test --workspace --locked

# Component tests in headless Chromium through wasm-bindgen-test-runner.
test-wasm:
	$(ENV) cargo test -p layerlab-web --target wasm32-unknown-unknown --locked

# The JavaScript API (js/): wasm-bindgen packages for node and for pages in target/js/{node,web}.
# `make js JS_PROFILE=release` makes the small optimized package; tests use the quicker dev build.
JS_PROFILE ?= dev
JS_DIR := $(if $(filter dev,$(JS_PROFILE)),debug,$(JS_PROFILE))
js: setup
	$(ENV) cargo build -p layerlab-js --target wasm32-unknown-unknown --profile $(JS_PROFILE) --locked
	$(ENV) wasm-bindgen --target nodejs --out-dir target/js/node target/wasm32-unknown-unknown/$(JS_DIR)/layerlab_js.wasm
	$(ENV) wasm-bindgen --target web --out-dir target/js/web target/wasm32-unknown-unknown/$(JS_DIR)/layerlab_js.wasm

# The JavaScript API from node: its three functions and its TypeScript declarations.
test-js: js
	$(ENV) node js/test.mjs

# Release build, then playwright-core against dist/ in Debian's Chromium.
test-e2e:
	$(ENV) trunk build --release --locked
	$(ENV) ci/e2e.sh

# Parse throughput against parse-dockerfile (native, and as wasm in node beside dockerfile-ast), the
# Flask and largest corpus builds, then the web app's budgets in Chromium.
bench: setup
	$(ENV) cargo bench -p layerlab-tests --locked
	$(ENV) cargo build -p layerlab-js --target wasm32-unknown-unknown --release --features peer-bench --locked
	$(ENV) wasm-bindgen --target nodejs --out-dir target/js-bench target/wasm32-unknown-unknown/release/layerlab_js.wasm
	$(ENV) node js/bench.mjs
	$(ENV) trunk build --release --locked
	$(ENV) node e2e/bench.mjs

# Each cargo-fuzz target for FUZZ_SECONDS (default 60), one after another, at low priority. Needs
# nightly and cargo-fuzz (see fuzz/README.md); not part of `make test`. Inputs that crash land in
# fuzz/artifacts/<target>/ and belong in tests/fixtures/fuzz-regressions/<target>/ once fixed.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= parse expand shell host
fuzz:
	$(ENV) cd fuzz && for target in $(FUZZ_TARGETS); do \
		mkdir -p corpus/$$target && \
		nice -n 19 cargo +nightly fuzz run --sanitizer none $$target corpus/$$target seeds/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -print_final_stats=1 || exit 1; \
	done

clean:
	cargo clean
	rm -rf dist
