#!/usr/bin/env bash
# Every test suite, in order of speed. Installs what it needs first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
start=$(date +%s)
stage() { printf '\n== test: %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

stage "setup"
bash scripts/setup.sh browser

stage "house rules"
bash scripts/check-rules.sh
# The brief's transport and bindings are the library's own dependencies on wasm32, not only the tests'.
deps=$(cargo tree -q -e normal --target wasm32-unknown-unknown -p tmr-client --depth 1)
for dep in gloo-net wasm-bindgen-futures serde-wasm-bindgen web-sys js-sys wasm-bindgen serde; do
  grep -q " $dep v" <<<"$deps" || { echo "the library does not depend on $dep"; exit 1; }
done

stage "native: cargo test + clippy"
cargo test --quiet --workspace
cargo clippy --quiet --workspace --all-targets -- -D warnings
cargo clippy --quiet -p tmr-client --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy --quiet -p tmr-client --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings
cargo clippy --quiet -p tmr-mock-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy --quiet -p tmr-client-npm --target wasm32-unknown-unknown --all-targets -- -D warnings

stage "fuzz: the core's decoder, request builder and streaming row reader (cargo fuzz, 2,000,000 runs each, fixed seed)"
bash scripts/fuzz.sh

stage "package: make pkg, and the test-hooks build (a deliberate panic export, never published)"
bash scripts/build-pkg.sh
bash scripts/build-pkg.sh --test-hooks

stage "wasm-bindgen tests in Node: the binding (stubbed fetch), end to end against tmr-mock, the browser-key guard"
bash scripts/with-mock.sh -- wasm-pack test --node --mode no-install -- --test wasm_binding --test wasm_e2e --test wasm_rust_api --test wasm_panic --test wasm_outlign --test wasm_outlign_e2e --test wasm_guard --test wasm_rows

stage "wasm-bindgen tests in headless Chromium: the same two suites (cross-origin, CORS)"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$(command -v chromedriver)" \
  bash scripts/with-mock.sh -- wasm-pack test --headless --chrome --mode no-install -- --test wasm_binding --test wasm_e2e --test wasm_rust_api --test wasm_panic --test wasm_outlign --test wasm_outlign_e2e --test wasm_guard --test wasm_rows

stage "a Rust wasm app on the crate (examples/rust-consumer): wasm-pack test in Node and headless Chromium against tmr-mock"
bash scripts/test-rust-consumer.sh

stage "npm pack → install into tests/js and tests/e2e → node --test (ESM, CJS)"
packdir=$(mktemp -d)
(cd pkg && npm pack --silent --pack-destination "$packdir" >/dev/null)
printf '  tarball: %s B\n' "$(wc -c < "$packdir"/tmr-client-*.tgz)"
for dir in tests/js tests/e2e tests/soak tests/cli tests/mock-fetch tests/proxy; do
  rm -rf "$dir/node_modules"
  (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error "$packdir"/tmr-client-*.tgz)
done
node --test tests/js/

stage "end to end: the package against tmr-mock over HTTP (node --test)"
bash scripts/with-mock.sh -- node --test --test-concurrency=1 tests/e2e/

stage "the proxy (tmr-client/proxy) against tmr-mock: forwarding byte for byte, allow and authorize, path attacks, bodies, secrets, one pacer for 300 pages, shared reads, the keyless client; through @hono/node-server"
bash scripts/with-mock.sh -- node --test --test-concurrency=1 tests/proxy/

stage "the browser-key guard in headless Chromium on a non-loopback origin (page, worker), a keyless client through the proxy, a key on loopback"
bash scripts/with-mock.sh -- node --test --test-concurrency=1 tests/browser/guard.test.mjs

stage "end to end again on createMockFetch() (tmr-client/mock, in process, no server); its own tests (options, fetch, parity with the server, CJS, entries, headless Chromium)"
TMR_TRANSPORT=fetch node --test --test-concurrency=1 tests/e2e/
node --test tests/mock-fetch/

stage "examples: the user-facing examples in examples/ on the packed package, outputs checked (scripts/test-examples.sh)"
bash scripts/test-examples.sh

stage "resilience: 500-call burst and a 2,000-call fault soak against tmr-mock (windows scaled 0.02)"
bash scripts/with-mock.sh --rate-window-scale 0.02 -- node --test --test-concurrency=1 tests/soak/

stage "the tmr command line (the installed bin) against tmr-mock: formats, help, exit codes, invite batches paced (windows scaled 0.02)"
bash scripts/with-mock.sh --rate-window-scale 0.02 -- node --test --test-concurrency=1 tests/cli/

stage "contract: schemathesis against tmr-mock with the generated OpenAPI document"
bash scripts/schemathesis.sh

stage "types: tsc --strict --noEmit on tests/js/types/ (usage.ts, outlign.ts)"
tools/node_modules/.bin/tsc -p tests/js/tsconfig.json

stage "docs: the API reference from the .d.ts (typedoc, warnings are errors)"
bash scripts/docs.sh target/docs >/dev/null

stage "consumers of the packed tarball (tests/consumers/): publint, attw, npm publish --dry-run; Node ESM, CJS, both in one process, strict TypeScript, a Vite app, a plain page, a Web Worker (Chromium) against tmr-mock"
bash scripts/test-consumers.sh

stage "demo dashboard through the demo server's proxy (www/server/), and the Outlign clients page, in headless Chromium against tmr-mock (playwright-core), with an axe-core pass"
site=$(bash scripts/demo.sh --prepare)
DEMO_SITE="$site" bash scripts/with-mock.sh -- node --test --test-concurrency=1 tests/browser/dashboard-server.test.mjs tests/browser/dashboard.test.mjs tests/browser/outlign.test.mjs tests/browser/a11y.test.mjs

stage "all passed in $(( $(date +%s) - start ))s"
