#!/usr/bin/env bash
# make bench: build the package and the mock, start the mock with the bench world (10,000
# clients; rate limits off; run-query answers up to 1,000,000 rows; the site with the bench page),
# run the Node and browser halves, and write bench/report.json and bench/REPORT.md.
#   scripts/bench.sh [--no-build] [--stream-only]
#   --no-build      use the pkg/ already built (no setup, no scripts/build-pkg.sh; the mock is built)
#   --stream-only   only the streaming budgets (bench/stream.mjs and the page's stream mode): prints
#                   their section, writes nothing in bench/
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
build=1 only=
for arg in "$@"; do
  case "$arg" in
    --no-build) build= ;;
    --stream-only) only=stream ;;
    *) echo "usage: scripts/bench.sh [--no-build] [--stream-only]" >&2; exit 2 ;;
  esac
done
if [ -n "$build" ]; then
  bash scripts/setup.sh browser
  bash scripts/build-pkg.sh
fi
cargo build --quiet --profile mock -p tmr-mock
out="$CARGO_TARGET_DIR/bench"
mkdir -p "$out"
"$CARGO_TARGET_DIR/mock/tmr-mock" --print-world | node bench/world.mjs "$out/world.json"
site=$(bash scripts/site.sh)
mkdir -p "$site/bench" && cp bench/page.html bench/stats.mjs bench/queries.mjs bench/stream-page.mjs "$site/bench/"
# The command runs as a child of scripts/with-mock.sh's shell, as the mock does: the mock's pid is
# that shell's tmr-mock child (bench/stream.mjs reads its memory in /proc).
mock=(--fixtures "$out/world.json" --rate-limits off --max-query-rows 1000000 --static "$site")
if [ "$only" = stream ]; then
  bash scripts/with-mock.sh "${mock[@]}" -- bash -c '
    export TMR_MOCK_PID=$(pgrep -P "$PPID" -x tmr-mock)
    node --expose-gc bench/stream.mjs > "'"$out"'/stream.json"
    node bench/browser.mjs stream > "'"$out"'/browser-stream.json"'
  node bench/stream-report.mjs "$out/stream.json" "$out/browser-stream.json"
  exit 0
fi
rm -f "$out"/tmr-client-*.tgz
(cd pkg && npm pack --silent --pack-destination "$out" >/dev/null)
bash scripts/with-mock.sh "${mock[@]}" -- bash -c '
  export TMR_MOCK_PID=$(pgrep -P "$PPID" -x tmr-mock)
  node --expose-gc bench/node.mjs > "'"$out"'/node.json"
  node --expose-gc bench/stream.mjs > "'"$out"'/stream.json"
  node bench/proxy.mjs > "'"$out"'/proxy.json"
  node bench/browser.mjs > "'"$out"'/browser.json"'
node bench/report.mjs "$out/node.json" "$out/browser.json" "$out"/tmr-client-*.tgz
