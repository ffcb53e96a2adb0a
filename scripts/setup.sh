#!/usr/bin/env bash
# Installs whatever this project needs and is missing, and nothing else. Safe to run
# again: when everything is already there it takes a second or two.
#
#   scripts/setup.sh          build tools: wasm32 target, Trunk, wasm-bindgen, wasm-opt
#   scripts/setup.sh --test   also the browser and the test tools (Chromium, chromedriver)
#
# Only the package registries are used (crates.io, npm, Debian): nothing is downloaded
# from anywhere else, because on our machines nothing else is reachable.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.22.1
want_test_tools=false
[ "${1:-}" = "--test" ] && want_test_tools=true

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The version of wasm-bindgen that Cargo.lock pins; the CLI must be exactly this.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 1b. The formatter and the linter the test command runs (in rustup's default profile, but a
#     minimal toolchain lacks them).
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

# 2. Trunk (it declares a newer rustc than ours but builds and works on it).
if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 11 minutes on a fresh machine)"
  cargo install --locked --ignore-rust-version trunk --version "$TRUNK_VERSION"
fi

# 3. wasm-bindgen-cli at exactly the version in Cargo.lock. Without --locked: its own
#    lock file names a crate version the registry no longer has.
want=$(wasm_bindgen_version)
[ -n "$want" ] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install --force wasm-bindgen-cli --version "$want"
fi
have=$(wasm-bindgen --version | awk '{print $2}')
[ "$have" = "$want" ] || { echo "setup: wasm-bindgen is $have, Cargo.lock wants $want" >&2; exit 1; }

# 4. npm packages: wasm-opt (binaryen; Debian's is too old for rustc's output), Playwright.
#    Playwright must never download its own browser: we use Debian's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 5. The crates, so Trunk's offline build finds them.
cargo fetch --quiet

# 6. Chromium and its driver, for the browser tests.
if $want_test_tools && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing Debian's chromium and chromium-driver"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
fi
exit 0
