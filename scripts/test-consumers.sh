#!/usr/bin/env bash
# The package as its users meet it (issue 12): pkg/ packed once; the tarball checked by publint,
# attw and `npm publish --dry-run` (scripts/check-package.mjs); then installed into a copy of each
# consumer under tests/consumers/ (a clean folder with its own package.json: what `npm install`
# of the tarball gives, nothing from the source tree) and run against its own tmr-mock.
# Needs pkg/ (scripts/build-pkg.sh; TMR_PKG_DIR=DIR packs another copy of it) and
# target/pkg-test-hooks/ (build-pkg.sh --test-hooks, for the plain page's panic); builds what is
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export TMR_REPO=$PWD
start=$(date +%s)
pkgdir=${TMR_PKG_DIR:-pkg}
[ -f "$pkgdir/package.json" ] || bash scripts/build-pkg.sh
[ -f target/pkg-test-hooks/index.js ] || bash scripts/build-pkg.sh --test-hooks

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$pkgdir" && npm pack --silent --pack-destination "$work" >/dev/null)
tgz=$(echo "$work"/tmr-client-*.tgz)
printf 'tarball: %s, %s B\n' "${tgz##*/}" "$(wc -c < "$tgz")"
node scripts/check-package.mjs "$tgz"

# Each consumer a fresh copy with the tarball installed (its npm dependencies, if any, from the
# registry or npm's cache), all at once.
mkdir "$work/consumers"
cp tests/consumers/*.mjs "$work/consumers/"
consumers=(node-esm node-cjs dual ts-strict vite-app plain-page worker)
pids=()
for c in "${consumers[@]}"; do
  cp -r "tests/consumers/$c" "$work/consumers/$c"
  rm -rf "$work/consumers/$c/node_modules" "$work/consumers/$c/dist"
  (cd "$work/consumers/$c" && npm install --no-save --no-package-lock --no-audit --no-fund --prefer-offline --loglevel=error "$tgz" >/dev/null) &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
cp -r target/pkg-test-hooks "$work/consumers/plain-page/hooks"
printf 'installed into %d consumers (%ss)\n' "${#consumers[@]}" "$(( $(date +%s) - start ))"

# Each consumer's commands run in its folder, against a mock of its own (a clean world and buckets).
c=$work/consumers
consumer() { printf '\n-- consumer: %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }
mock() { bash scripts/with-mock.sh "$@"; }
tsc=$PWD/tools/node_modules/.bin/tsc

consumer node-esm;   mock -- env -C "$c/node-esm" node main.js
consumer node-cjs;   mock -- env -C "$c/node-cjs" node main.js
consumer dual;       mock --rate-window-scale 0.02 -- env -C "$c/dual" node main.js
consumer ts-strict
env -C "$c/ts-strict" "$tsc" -p tsconfig.bundler.json
env -C "$c/ts-strict" "$tsc" -p tsconfig.node16.json
mock -- env -C "$c/ts-strict" bash -c 'node dist/main.js && node dist/legacy.cjs'
consumer vite-app;   mock --static "$c/vite-app/dist" -- node --test "$c/vite-app/test.mjs"
consumer plain-page; mock --static "$c/plain-page" -- node --test "$c/plain-page/test.mjs"
consumer worker;     mock --static "$c/worker" -- node --test "$c/worker/test.mjs"
printf '\nconsumers: all passed in %ss\n' "$(( $(date +%s) - start ))"
