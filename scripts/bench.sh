#!/usr/bin/env bash
# make bench: build the package and the mock, start the mock with the bench world (10,000
# clients; rate limits off; the site with the bench page), run the Node and browser halves, and
# write bench/report.json and bench/REPORT.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bash scripts/setup.sh browser
bash scripts/build-pkg.sh
cargo build --quiet --profile mock -p tmr-mock
out="$CARGO_TARGET_DIR/bench"
mkdir -p "$out"
"$CARGO_TARGET_DIR/mock/tmr-mock" --print-world | node bench/world.mjs "$out/world.json"
site=$(bash scripts/site.sh)
mkdir -p "$site/bench" && cp bench/page.html bench/stats.mjs "$site/bench/"
(cd pkg && npm pack --silent --pack-destination "$out" >/dev/null)
bash scripts/with-mock.sh --fixtures "$out/world.json" --rate-limits off --static "$site" -- bash -c '
  node --expose-gc bench/node.mjs > "'"$out"'/node.json"
  node bench/proxy.mjs > "'"$out"'/proxy.json"
  node bench/browser.mjs > "'"$out"'/browser.json"'
node bench/report.mjs "$out/node.json" "$out/browser.json" "$out"/tmr-client-*.tgz
