#!/usr/bin/env bash
# House rules a grep can check (DESIGN.md): fails with the offending lines.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
if hits=$(grep -rnE 'wasm_bindgen|js_sys|web_sys|gloo|JsValue' src/core); then
  echo "src/core must not name wasm/JS types:"; echo "$hits"; fail=1
fi
if hits=$(grep -rnE '\.unwrap\(\)|\.expect\(|unreachable!|panic!' src/core src/wasm mock-wasm/src | grep -v '// ok:'); then
  echo "no unwrap/expect/unreachable/panic in library code:"; echo "$hits"; fail=1
fi
if hits=$(grep -nE '\bfetch\(|Reflect\.apply\(fetch' pkg-template/*.js pkg-template/*.mjs); then
  echo "pkg-template must not call fetch: the call belongs to the Rust driver:"; echo "$hits"; fail=1
fi
if hits=$(grep -nE '__testPanic|__wasmMemoryBytes' pkg-template/index.js pkg-template/node.mjs pkg-template/index.d.ts pkg-template/outlign.d.ts); then
  echo "test-only hooks must not reach the public entry:"; echo "$hits"; fail=1
fi
if hits=$(grep -hnE '\bany\b' pkg-template/index.d.ts pkg-template/outlign.d.ts pkg-template/mock/index.d.ts | grep -vE '^\s*[0-9]+:\s*(//|/?\*)'); then
  echo "no 'any' in the public .d.ts:"; echo "$hits"; fail=1
fi
hits=$(find $(ls -d src tests mock mock-wasm pkg-template scripts 2>/dev/null) \( -name '*.rs' -o -name '*.js' -o -name '*.mjs' -o -name '*.ts' \) 2>/dev/null \
       | grep -v node_modules | xargs wc -l | awk '$2 != "total" && $1 > 500' || true)
if [ -n "$hits" ]; then
  echo "files over 500 lines:"; echo "$hits"; fail=1
fi
[ "$fail" = 0 ] && echo "house rules: ok"
exit "$fail"
