#!/usr/bin/env bash
# Run a command with tmr-mock on a free loopback port, then stop the mock.
#   scripts/with-mock.sh [--static DIR] -- CMD ARGS...
# The command sees TMR_MOCK_URL and TMR_TOKEN_<PERSONA> (OWNER, EDITOR, VIEWER, OUTSIDER,
# READONLY, CANCELLED), taken from the lines the mock prints at start.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
mock_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do mock_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift

cargo build --quiet --profile mock -p tmr-mock
out=$(mktemp)
"$CARGO_TARGET_DIR/mock/tmr-mock" --port 0 "${mock_args[@]}" > "$out" 2>&1 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do
  # The last line of the mock's start (after the listening line and the personas).
  grep -q '^outlign-oauth ' "$out" && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$out" >&2; exit 1; }
  sleep 0.1
done
export TMR_MOCK_URL=$(sed -n 's/^listening on //p' "$out")
while read -r _ persona token _; do
  export "TMR_TOKEN_$(echo "$persona" | tr '[:lower:]' '[:upper:]')=$token"
done < <(grep '^persona ' "$out")
"$@"
