#!/usr/bin/env bash
# Install what building and testing need, idempotently (a fresh machine has only Rust, Node, npm).
#   scripts/setup.sh          build tools: wasm target, wasm-bindgen CLI, wasm-pack, npm tools
#   scripts/setup.sh browser  also what the tests need: chromium + chromedriver, schemathesis, cargo-fuzz
set -euo pipefail
cd "$(dirname "$0")/.."

BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
step() { printf '\n== setup: %s\n' "$*"; }
# `cargo install --locked` first (reproducible); if a locked dependency has since been yanked from
# crates.io (seen: webpki-roots 1.0.11 for wasm-bindgen-cli 0.2.130), resolve afresh.
install() { cargo install --locked "$@" || { echo "setup: locked install failed; resolving afresh"; cargo install "$@"; }; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-pack cannot download its helpers here; it uses the wasm-bindgen on PATH when versions match.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$BINDGEN_VERSION" ]; then
  step "wasm-bindgen-cli $BINDGEN_VERSION (cargo install, ~3 min)"
  install wasm-bindgen-cli --version "=$BINDGEN_VERSION"
fi
if ! command -v wasm-pack >/dev/null; then
  step "wasm-pack (cargo install, ~3 min)"
  install wasm-pack
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  step "npm tools (binaryen, esbuild, typescript, vite, publint, attw, typedoc, axe-core, chart.js)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "${1:-}" = browser ] && ! command -v cargo-fuzz >/dev/null; then
  step "cargo-fuzz (cargo install, ~3 min)"
  install cargo-fuzz
fi

if [ "${1:-}" = browser ] && ! command -v schemathesis >/dev/null; then
  step "schemathesis (pip)"
  python3 -m pip install --quiet --disable-pip-version-check 'schemathesis==4.*'
fi

if [ "${1:-}" = browser ] && ! { command -v chromium && command -v chromedriver; } >/dev/null; then
  step "chromium + chromedriver (apt)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
echo "setup: ready"
