#!/usr/bin/env bash
# Serve the demo dashboard and print its one URL: tmr-mock on a free loopback port, and in front
# of it the demo server (www/server/server.mjs), which serves the site and answers the page's API
# calls at /api/tmr through tmr-client's proxy with the persona's key, so the page holds none.
# PORT (default 4010; a free one if that is taken) is the demo server's. Ctrl-C stops both.
#   bash scripts/demo.sh             needs a built pkg/ (make demo builds it)
#   bash scripts/demo.sh --prepare   only assemble the site and install the demo server (its
#                                    pinned dependencies, npm ci, and the packed pkg/); prints
#                                    the site's path (the dashboard test stage uses this)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
[ -f pkg/package.json ] || { echo "demo.sh: no pkg/: run make pkg (or make demo) first" >&2; exit 1; }
site=$(bash scripts/site.sh)

# The demo server's dependencies: Hono and its Node adapter as pinned in www/server/package-lock.json,
# then tmr-client as a user gets it, the packed pkg/ (not saved: the version is this build's).
packdir=$(mktemp -d)
trap 'rm -rf "$packdir"' EXIT
(cd pkg && npm pack --silent --pack-destination "$packdir" >/dev/null)
(cd www/server && npm ci --no-audit --no-fund --loglevel=error >/dev/null \
  && npm install --no-save --no-audit --no-fund --prefer-offline --loglevel=error "$packdir"/tmr-client-*.tgz >/dev/null)
[ "${1:-}" = --prepare ] && { echo "$site"; exit 0; }

cargo build --quiet --profile mock -p tmr-mock
port="${PORT:-4010}"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then port=0; fi
# with-mock.sh starts the mock on a free port and runs the server with TMR_MOCK_URL set; the
# server's first line names its URL.
bash scripts/with-mock.sh -- node www/server/server.mjs --site "$site" --port "$port" | {
  read -r first && [[ $first == "listening on "* ]] || { echo "demo.sh: the demo server did not start" >&2; exit 1; }
  echo "Demo dashboard: ${first#listening on }/  (the owner's dashboard on the local mock, through the proxy; Ctrl-C stops it)"
  cat > /dev/null
}
