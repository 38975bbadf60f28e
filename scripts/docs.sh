#!/usr/bin/env bash
# The API reference of the npm package, generated from its public types (pkg-template/*.d.ts) by
# typedoc into target/docs/ (not committed: the .d.ts files are the source). Prints the index path.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/docs}"
tools/node_modules/.bin/typedoc --options typedoc.json --out "$out" >&2
echo "$PWD/$out/index.html"
