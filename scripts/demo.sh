#!/usr/bin/env bash
# Serve the demo dashboard (www/ + the built pkg/) from tmr-mock and print its one URL.
# PORT (default 4010; a free one if that is taken). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
site=$(bash scripts/site.sh)
cargo build --quiet --profile mock -p tmr-mock
port="${PORT:-4010}"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then port=0; fi
exec "$CARGO_TARGET_DIR/mock/tmr-mock" --port "$port" --static "$site" | {
  read -r first
  echo "Demo dashboard: ${first#listening on }/  (the owner's dashboard on the local mock; Ctrl-C stops it)"
  cat > /dev/null
}
