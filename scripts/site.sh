#!/usr/bin/env bash
# Assemble the demo site (www/ + the built pkg/) into $CARGO_TARGET_DIR/www and print its path.
# www/server/ (the demo server, its node_modules) is not part of the site: it serves it.
set -euo pipefail
cd "$(dirname "$0")/.."
site="${CARGO_TARGET_DIR:-$PWD/target}/www"
rm -rf "$site" && mkdir -p "$site"
for f in www/*; do [ "$f" = www/server ] || cp -r "$f" "$site/"; done
cp -r pkg "$site/pkg"
# Chart.js for the dashboard's charts, served with the page (nothing loads from the internet): the
# UMD build pinned in tools/package.json (scripts/setup.sh installs it), its map and licence.
chartjs=tools/node_modules/chart.js
[ -f "$chartjs/dist/chart.umd.min.js" ] || { echo "site.sh: $chartjs missing; run scripts/setup.sh" >&2; exit 1; }
mkdir -p "$site/vendor"
cp "$chartjs/dist/chart.umd.min.js" "$chartjs/dist/chart.umd.min.js.map" "$site/vendor/"
cp "$chartjs/LICENSE.md" "$site/vendor/chart.js.LICENSE.md"
echo "$site"
