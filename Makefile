# The two commands a newcomer needs (see README.md):
#   make demo   installs what is missing, builds the release widget and the results server,
#               and serves the demo page with its results at http://127.0.0.1:8080
#   make test   installs what is missing and runs every test
#   make release  builds what a site owner downloads into target/release-archives/
#   make bench  builds the release widget and measures it against SurveyJS and Preact
# Both are safe to run again; installs are skipped when the tools are already there.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CHROMEDRIVER := /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner

.PHONY: demo test release bench bench-server bench-scale setup setup-test dist dist-test test-native test-lint test-wasm test-e2e screenshots

# The demo article (demo/), the widget and the results server on one origin, results in
# SQLite: the server serves the widget from its binary (built after dist/, so it embeds it)
# and the article as its static_dir.
demo: setup dist
	cargo build --locked --release -p results-server
	mkdir -p target/demo
	@echo "The demo: http://127.0.0.1:8080/   its dashboard: http://127.0.0.1:8080/dashboard (secret: demo-dashboard-secret)"
	TQ_RESULTS_DATABASE=sqlite://target/demo/results.db target/release/transition-quiz-results --config scripts/demo-results.toml

# What a site owner downloads, versioned, with SHA-256 sums, into target/release-archives/:
# the widget's files (.tar.gz and .zip), the npm package, and the results server for this
# platform with the widget inside it (see scripts/release.sh). No one publishes them yet.
release: setup dist
	cargo build --locked --release -p results-server
	scripts/release.sh --profile release

test: setup-test test-lint test-native test-wasm dist dist-test test-e2e

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test

# The release build a site owner uploads: dist/embed.js, the wasm, its glue, the CSS, the
# schema, the built-in quizzes, the playground (and the npm package's files); nothing else.
# Runs the setup first, so it works on a fresh clone by itself (Trunk, wasm-bindgen, and
# esbuild for the post-build hook).
dist: setup
	trunk build --release

# The whole workspace natively: the pure core (without building yew), the checker, and the
# widget's architecture checks.
# PostgreSQL: a throwaway server for the results server's tests (installed if missing).
# The results server is tested in a cargo run of its own: built beside the widget, cargo would
# unify their features and give the server the widget's `tracing/max_level_off` (which keeps
# Yew's logging out of the wasm), so the binary the hostile tests start would log nothing.
test-native:
	cargo test --locked --workspace --exclude results-server
	scripts/with-postgres.sh cargo test --locked -p results-server

# Formatting and lints: warnings fail the build, natively and for the wasm target.
test-lint:
	cargo fmt --all --check
	cargo clippy --locked --workspace --all-targets -- -D warnings
	cargo clippy --locked -p transition-quiz --target wasm32-unknown-unknown --all-targets -- -D warnings

# Component tests in headless Chromium, through wasm-bindgen-test-runner and chromedriver.
test-wasm: setup-test
	cargo test --locked -p transition-quiz --target wasm32-unknown-unknown --test web

# End-to-end tests: Playwright drives Debian's Chromium against dist/ on 127.0.0.1. The results
# server is built after dist/, so it embeds the widget (release.spec packs it into archives).
test-e2e: setup-test dist dist-test
	cargo build --locked -p results-server
	playwright test

# The release build plus the hooks only tests use (making a widget panic), in target/dist-test/
# for the crash tests; dist/ never has them.
dist-test: setup
	trunk build --release --features test-hooks --dist target/dist-test

# The README's screenshots: the end-to-end tests write them into target/screenshots/ (never
# into the tracked docs/), and this copies them into docs/screenshots/ when you mean to.
screenshots: setup-test dist
	playwright test --grep screenshots
	mkdir -p docs/screenshots
	cp target/screenshots/*.png docs/screenshots/

# The benchmark (not a test): sizes and timings against SurveyJS and a Preact widget.
# See BENCHMARKS.md and bench/README.md. Pass RUNS=n to change the number of runs.
RUNS ?= 10
bench: setup-test dist dist-test
	node bench/run.mjs --runs $(RUNS)
	cargo run --locked --release -q -p quiz-core --example largest-quiz -- target/bench/largest.json
	node bench/largest.mjs --runs $(RUNS)

# The results server's benchmark (not a test): SQLite and a throwaway PostgreSQL, loads on
# 127.0.0.1 only, bounded in time; see BENCHMARKS.md. SECONDS per load, 10 by default.
SECONDS ?= 10
bench-server: setup
	cargo build --locked --release -p results-server
	command -v wrk >/dev/null || { sudo_cmd=""; [ "$$(id -u)" -eq 0 ] || sudo_cmd=sudo; $$sudo_cmd apt-get update -qq; DEBIAN_FRONTEND=noninteractive $$sudo_cmd apt-get install -y -qq wrk >/dev/null; }
	scripts/with-postgres.sh node bench/server.mjs --seconds $(SECONDS)

# The results server at ten million completions (not a test): loads SCALE_TOTAL synthetic
# completions over two years into SQLite and a PostgreSQL kept in target/bench-scale/ (resumable;
# checks the disk first, prints its progress, loads for at most SCALE_LOAD_SECONDS per
# database), then times the dashboard, the summary and the exports; see BENCHMARKS.md.
SCALE_TOTAL ?= 10000000
SCALE_LOAD_SECONDS ?= 3600
bench-scale: setup
	cargo build --locked --release -p results-server --bins --example scale-load
	TQ_POSTGRES_DATA=$(CURDIR)/target/bench-scale/postgres scripts/with-postgres.sh \
		node bench/scale.mjs --total $(SCALE_TOTAL) --load-seconds $(SCALE_LOAD_SECONDS)
