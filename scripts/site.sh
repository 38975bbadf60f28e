#!/usr/bin/env bash
# Assemble the demo site (www/ + the built pkg/) into $CARGO_TARGET_DIR/www and print its path.
set -euo pipefail
cd "$(dirname "$0")/.."
site="${CARGO_TARGET_DIR:-$PWD/target}/www"
rm -rf "$site" && mkdir -p "$site"
cp -r www/. "$site/" && cp -r pkg "$site/pkg"
echo "$site"
