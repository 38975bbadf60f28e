#!/usr/bin/env bash
# The Rust wasm consumer (examples/rust-consumer) against tmr-mock: its wasm-bindgen tests in Node
# and in headless Chromium, then its built JS glue must hold no JS face of tmr-client.
# Needs what scripts/setup.sh browser installs (wasm-pack, the pinned wasm-bindgen CLI, chromedriver).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# scripts/with-mock.sh runs its command from the repo root, so the crate is named by its path.
crate=examples/rust-consumer
# The consumer builds in the shared target dir too: tmr-client is an rlib alone, whose name carries
# the hash of its features, so the consumer's copy without the `js` feature and the root's coexist.
start=$(date +%s)
stage() { printf '\n== rust-consumer: %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

stage "wasm-bindgen tests in Node against tmr-mock"
bash scripts/with-mock.sh -- wasm-pack test --node --mode no-install "$crate"

stage "wasm-bindgen tests in headless Chromium against tmr-mock (the crate's webdriver.json: no sandbox)"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$(command -v chromedriver)" \
  bash scripts/with-mock.sh -- wasm-pack test --headless --chrome --mode no-install "$crate"

stage "wasm-pack build: the app's glue exports roster and no TmrClient"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wasm-pack --quiet build --dev --target web --mode no-install --no-pack --out-dir "$out" "$crate" >/dev/null
glue="$out/rust_consumer.js"
[ -f "$glue" ] && [ -f "$out/rust_consumer.d.ts" ] || { echo "FAIL: wasm-pack wrote no glue in $out" >&2; exit 1; }
grep -q 'export function roster' "$glue" || { echo "FAIL: $glue does not export roster" >&2; exit 1; }
if grep -nE 'class (TmrClient|OutlignClient)|__init' "$glue" "$out/rust_consumer.d.ts"; then
  echo "FAIL: tmr-client's JS face leaked into the consumer's glue" >&2
  exit 1
fi
echo "glue ok: roster exported; no class TmrClient, no __init"

stage "all passed in $(( $(date +%s) - start ))s"
