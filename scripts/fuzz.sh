#!/usr/bin/env bash
# Fuzz the core's decoder, request builder and streaming row reader with cargo fuzz (libFuzzer, stable Rust with
# --sanitizer none). CI runs a short deterministic pass (fixed seed and run count, from the
# committed seeds), so a result is reproducible; explore longer by hand with time and a random seed:
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh
# A crash lands in fuzz/artifacts/<target>/: copy it to fuzz/corpus/<target>/seed-<name> (kept
# in git and replayed on every run) and add the case to tests/decode.rs or tests/requests.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${FUZZ_SECONDS:-}" ]; then limit="-max_total_time=$FUZZ_SECONDS"; else limit="-seed=1 -runs=${FUZZ_RUNS:-2000000}"; fi
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
for target in decode request rows; do
  mkdir -p "fuzz/corpus/$target"
  # shellcheck disable=SC2086 # $limit is two flags
  cargo fuzz run "$target" --sanitizer none "fuzz/corpus/$target" -- $limit 2>&1 \
    | grep -E '^Done|ERROR|panicked|SUMMARY' || true
  test -z "$(ls -A "fuzz/artifacts/$target" 2>/dev/null)" || { echo "fuzz: $target found a crash (fuzz/artifacts/$target)"; exit 1; }
done
