#!/usr/bin/env bash
# The package's second entry, `tmr-client/mock` (createMockFetch), into pkg/mock/: tmr-mock's
# engine compiled to its own .wasm (mock-wasm/), wasm-bindgen's web glue, the JS entries and types
# from pkg-template/mock/, and a CommonJS bundle of the Node entry. Run by scripts/build-pkg.sh
# after the main entry, whose files it does not touch: the main .wasm gains no byte.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=tools/node_modules/.bin
# The shared target dir: tmr-client is an rlib alone, whose name carries the hash of its features,
# so this build of it without the `js` feature and the main entry's (npm-wasm/) sit side by side.
target="${CARGO_TARGET_DIR:-$PWD/target}"
out=pkg/mock
rm -rf "$out"
CARGO_TARGET_DIR="$target" cargo build --quiet --release --target wasm32-unknown-unknown -p tmr-mock-wasm
wasm-bindgen --target web --no-typescript --out-dir "$out/wasm" --out-name tmr_mock "$target/wasm32-unknown-unknown/release/tmr_mock_wasm.wasm"

wasm=$out/wasm/tmr_mock_bg.wasm
raw_before=$(wc -c < "$wasm")
# -Os without --converge (measured on this engine: -Oz --converge 454.6 KB raw, 183.2 KB gzip in
# 17 s; -Os 456.3 KB, 183.5 KB in 8 s): a test helper's .wasm is not worth the CI time.
"$TOOLS/wasm-opt" -Os --low-memory-unused --zero-filled-memory --strip-debug --strip-producers \
  --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-multivalue \
  "$wasm" -o "$wasm"

cp pkg-template/mock/index.js pkg-template/mock/node.mjs pkg-template/mock/fetch.js pkg-template/mock/options.js \
  pkg-template/mock/index.d.ts "$out/"
# The CommonJS entry's types: the same declarations (the file imports nothing).
cp pkg-template/mock/index.d.ts "$out/index.d.cts"
# Minified as the main entry is (lines of at most ~400 characters: Node prints the source line of
# an uncaught error, and createMockFetch's TypeErrors are made in these files).
for f in "$out/wasm/tmr_mock.js" "$out/fetch.js" "$out/options.js" "$out/index.js" "$out/node.mjs"; do
  "$TOOLS/esbuild" "$f" --minify --keep-names --line-limit=400 --format=esm --target=es2022 --log-level=warning --allow-overwrite --outfile="$f"
done
# node.cjs: the Node ESM entry bundled as CommonJS (its own copy of the glue, same .wasm file).
"$TOOLS/esbuild" "$out/node.mjs" --bundle --platform=node --format=cjs --target=node18 --log-level=warning \
  --define:import.meta.url=__tmr_import_meta_url \
  --banner:js='const __tmr_import_meta_url = require("url").pathToFileURL(__filename).href;' \
  --outfile="$out/node.cjs"

js=("$out/wasm/tmr_mock.js" "$out/fetch.js" "$out/options.js" "$out/index.js")
printf '  mock   wasm raw %7d B (before wasm-opt %d B)  gzip %6d B;  js raw %d B  gzip %d B  (tmr-client/mock)\n' \
  "$(wc -c < "$wasm")" "$raw_before" "$(gzip -9 -c "$wasm" | wc -c)" "$(cat "${js[@]}" | wc -c)" "$(cat "${js[@]}" | gzip -9 | wc -c)"
