#!/usr/bin/env bash
# Fuzz the core's decoder and request builder with cargo fuzz (libFuzzer, stable Rust with
# --sanitizer none). CI runs a short bounded pass; run longer by hand:
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh
# A crash lands in fuzz/artifacts/<target>/: copy it to fuzz/corpus/<target>/seed-<name> (kept
# in git and replayed on every run) and add the case to tests/decode.rs or tests/requests.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-20}"
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
for target in decode request; do
  mkdir -p "fuzz/corpus/$target"
  cargo fuzz run "$target" --sanitizer none "fuzz/corpus/$target" -- -max_total_time="$seconds" 2>&1 \
    | grep -E '^Done|ERROR|panicked|SUMMARY' || true
  test -z "$(ls -A "fuzz/artifacts/$target" 2>/dev/null)" || { echo "fuzz: $target found a crash (fuzz/artifacts/$target)"; exit 1; }
done
