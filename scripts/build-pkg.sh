#!/usr/bin/env bash
# Build the publishable npm package into pkg/: wasm-pack (web target, no package.json), binaryen's
# wasm-opt, the JS entries and types from pkg-template/, and a CJS bundle of the Node entry.
# The .wasm is npm-wasm/'s: tmr-client with its `js` feature in a crate that is a cdylib alone
# (wasm-pack's paths are the crate's, hence "$PWD/..."; --out-name keeps the files tmr_client*).
#   scripts/build-pkg.sh               the package, into pkg/
#   scripts/build-pkg.sh --test-hooks  a quick dev build with the test-only panic export, into
#                                      target/pkg-test-hooks/ (never published)
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=tools/node_modules/.bin
# The build's id in DIR/api.js (the copies of one build in one JS realm share one instance): a
# label and the .wasm's hash.
stamp() {
  local id="tmr-client@$1+$(sha256sum "$2/wasm/tmr_client_bg.wasm" | cut -c1-16)"
  sed -i "s/'tmr-client@dev'/'$id'/" "$2/api.js"
  grep -q "'$id'" "$2/api.js" || { echo "build-pkg: no build id placeholder in $2/api.js"; exit 1; }
}

if [ "${1:-}" = --test-hooks ]; then
  out=target/pkg-test-hooks
  rm -rf "$out"
  # The shared target dir: tmr-client is an rlib alone, whose name carries the hash of its features,
  # so this build's copy does not overwrite the one the wasm test suites link.
  wasm-pack --quiet build --dev --no-pack --mode no-install --target web --out-dir "$PWD/$out/wasm" --out-name tmr_client \
    npm-wasm -- --features test-hooks
  node scripts/glue-factory.mjs "$out/wasm/tmr_client.js" >/dev/null
  cp pkg-template/index.js pkg-template/node.mjs pkg-template/api.js pkg-template/error.js pkg-template/proxy.js pkg-template/proxy.mjs "$out/"
  stamp test-hooks "$out"
  echo '{ "type": "module" }' > "$out/package.json"
  echo "pkg: test-hooks build in $out"
  exit 0
fi

rm -rf pkg
# --no-pack: we own package.json (pkg-template/). --mode no-install: use the pinned CLI on PATH.
wasm-pack --quiet build --release --no-pack --mode no-install --target web --out-dir "$PWD/pkg/wasm" --out-name tmr_client npm-wasm
rm -f pkg/wasm/.gitignore pkg/wasm/tmr_client_bg.wasm.d.ts pkg/wasm/tmr_client.d.ts
node scripts/glue-factory.mjs pkg/wasm/tmr_client.js >/dev/null

# Debian's wasm-opt (v108) produces modules that fail at load; binaryen 132 from npm is measured to work.
raw_before=$(wc -c < pkg/wasm/tmr_client_bg.wasm)
# --low-memory-unused: Rust puts data and stack above 1 MB; --zero-filled-memory: the module
# creates its own memory (measured: -0.7 KB gzip together with --converge).
"$TOOLS/wasm-opt" -Oz --converge --low-memory-unused --zero-filled-memory --strip-debug --strip-producers \
  --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-multivalue \
  pkg/wasm/tmr_client_bg.wasm -o pkg/wasm/tmr_client_bg.wasm

cp pkg-template/index.js pkg-template/node.mjs pkg-template/api.js pkg-template/error.js pkg-template/index.d.ts \
  pkg-template/outlign.d.ts pkg-template/proxy.js pkg-template/proxy.mjs pkg-template/proxy.cjs pkg-template/proxy.d.ts \
  LICENSE CHANGELOG.md pkg/
# The package's README is its user guide (the repository's README is about the repository).
cp pkg-template/README.md pkg/README.md
# The `tmr` command line (bin), as written: it imports the package's own Node entry and its npm
# dependencies (commander, csv-parse, csv-stringify, cli-progress), which no other entry imports.
cp -r pkg-template/cli pkg/cli
chmod +x pkg/cli/tmr.mjs
# The CommonJS entry's types: the same declarations, each file pointing at its .d.cts sibling.
sed -e "s#'./outlign.js'#'./outlign.cjs'#" -e "s#'./proxy.js'#'./proxy.cjs'#" pkg-template/index.d.ts > pkg/index.d.cts
cp pkg-template/outlign.d.ts pkg/outlign.d.cts
sed "s#'./index.js'#'./index.cjs'#" pkg-template/proxy.d.ts > pkg/proxy.d.cts
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
stamp "$version" pkg
node -e '
  const fs = require("fs"); const p = JSON.parse(fs.readFileSync("pkg-template/package.json", "utf8"));
  p.version = process.argv[1]; fs.writeFileSync("pkg/package.json", JSON.stringify(p, null, 2) + "\n");
' "$version"

# Ship the JS minified (names kept, so stack traces still read): it counts toward the size budget
# (bench/REPORT.md) and the types live in index.d.ts. node.cjs is bundled from these. Lines of at
# most ~400 characters: Node prints the source line of an uncaught error, and a TmrError is made in
# the glue, which on one line printed all 25 KB of it (+0.15 KB gzip, measured).
for f in pkg/wasm/tmr_client.js pkg/api.js pkg/error.js pkg/index.js pkg/node.mjs pkg/proxy.js pkg/proxy.mjs; do
  "$TOOLS/esbuild" "$f" --minify --keep-names --line-limit=400 --format=esm --target=es2022 --log-level=warning --allow-overwrite --outfile="$f"
done

# node.cjs: the Node ESM entry bundled as CommonJS (its own copy of the glue, same .wasm file).
"$TOOLS/esbuild" pkg/node.mjs --bundle --platform=node --format=cjs --target=node18 --log-level=warning \
  --define:import.meta.url=__tmr_import_meta_url \
  --banner:js='const __tmr_import_meta_url = require("url").pathToFileURL(__filename).href;' \
  --outfile=pkg/node.cjs

wasm=pkg/wasm/tmr_client_bg.wasm
printf 'pkg: tmr-client %s\n' "$version"
printf '  wasm   raw %7d B (before wasm-opt %d B)  gzip %6d B\n' "$(wc -c < $wasm)" "$raw_before" "$(gzip -9 -c $wasm | wc -c)"
glue=(pkg/wasm/tmr_client.js pkg/api.js pkg/error.js pkg/index.js)
printf '  glue   raw %7d B  gzip %6d B\n' "$(cat "${glue[@]}" | wc -c)" "$(cat "${glue[@]}" | gzip -9 | wc -c)"

# The second entry, tmr-client/mock (createMockFetch): its own .wasm, into pkg/mock/.
bash scripts/build-mock-pkg.sh
