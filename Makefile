# The two commands a newcomer needs (see README.md):
#   make demo   installs what is missing, builds the release widget, serves the demo page
#   make test   installs what is missing and runs every test
#   make bench  builds the release widget and measures it against SurveyJS and Preact
# Both are safe to run again; installs are skipped when the tools are already there.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CHROMEDRIVER := /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner

.PHONY: demo test bench setup setup-test dist test-native test-wasm test-e2e

demo: setup dist
	node scripts/serve.mjs --host 127.0.0.1 --port 8080 --mount /=dist

test: setup-test test-native test-wasm dist test-e2e

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test

# The release build a site owner uploads: dist/embed.js, the wasm, its glue, the CSS.
dist:
	trunk build --release

test-native:
	cargo test --locked

# Component tests in headless Chromium, through wasm-bindgen-test-runner and chromedriver.
test-wasm:
	cargo test --locked --target wasm32-unknown-unknown --test web

# End-to-end tests: Playwright drives Debian's Chromium against dist/ on 127.0.0.1.
test-e2e:
	playwright test

# The benchmark (not a test): sizes and timings against SurveyJS and a Preact widget.
# See BENCHMARKS.md and bench/README.md. Pass RUNS=n to change the number of runs.
RUNS ?= 10
bench: setup-test dist
	node bench/run.mjs --runs $(RUNS)
