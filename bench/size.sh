#!/usr/bin/env bash
# Where the widget's bytes go: builds the reader's wasm exactly as `make dist` does (release
# profile, wasm-bindgen no-modules, wasm-opt -Oz with the same features), but keeps the
# function names, then prints twiggy's view of it and the brotli sizes. Not a test: a tool for
# size work (BENCHMARKS.md's twiggy tables come from it).
#
#   bench/size.sh [cargo args...]      e.g. bench/size.sh --features test-hooks
#
# Builds into target/size/ (its own cargo target folder, so the names kept here never mix
# with dist/'s stripped build). Writes target/size/named.wasm (after wasm-opt, names kept)
# and target/size/top.txt, target/size/dominators.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
out=target/size
mkdir -p "$out"
CARGO_PROFILE_RELEASE_STRIP=false CARGO_PROFILE_RELEASE_DEBUG=false CARGO_TARGET_DIR="$out/cargo" \
  cargo build --locked --release --target wasm32-unknown-unknown --lib "$@"
wasm-bindgen --target no-modules --out-dir "$out/bindgen" --out-name transition-quiz \
  "$out/cargo/wasm32-unknown-unknown/release/transition_quiz.wasm"
# The same features index.html gives Trunk's wasm-opt.
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
  --enable-reference-types --enable-multivalue)
wasm-opt -Oz -g "${features[@]}" "$out/bindgen/transition-quiz_bg.wasm" -o "$out/named.wasm"
wasm-opt -Oz "${features[@]}" --strip-debug --strip-producers "$out/bindgen/transition-quiz_bg.wasm" -o "$out/stripped.wasm"
twiggy top -n 400 "$out/named.wasm" > "$out/top.txt"
twiggy dominators -d 3 -r 400 "$out/named.wasm" > "$out/dominators.txt" 2>/dev/null || true
node -e '
  const { readFileSync } = require("fs");
  const { brotliCompressSync, constants } = require("zlib");
  for (const file of process.argv.slice(1)) {
    const bytes = readFileSync(file);
    const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    console.log(`${file}: ${bytes.length} raw, ${brotli.length} brotli`);
  }' "$out/stripped.wasm" "$out/bindgen/transition-quiz.js"
head -60 "$out/top.txt"
