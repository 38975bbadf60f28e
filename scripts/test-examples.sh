#!/usr/bin/env bash
# The examples (examples/) as a user runs them: the packed tarball installed into examples/ with
# the folder's own package.json (so `import … from 'tmr-client'` is the built package), each
# example run against one tmr-mock and its output checked (exit status, header lines, exact row
# counts, the invite summary), then the dashboard test on createMockFetch() in headless Chromium
# and the proxy-server example's test (its server against the mock, its page in headless Chromium).
#   bash scripts/test-examples.sh      needs a built pkg/ (scripts/build-pkg.sh) and chromium
# The mock's rate windows are scaled by 0.02, so the invite example's 16th invite waits ~6 s for
# its slot (it is told the scaled limit with --invite-limit 15/6) instead of 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

if [ "${1:-}" != --under-mock ]; then
  [ -f pkg/package.json ] || { echo "FAIL: no pkg/: run bash scripts/build-pkg.sh first" >&2; exit 1; }
  packdir=$(mktemp -d)
  (cd pkg && npm pack --silent --pack-destination "$packdir" >/dev/null)
  rm -rf examples/node_modules
  (cd examples && npm install --no-save --no-audit --no-fund --loglevel=error "$packdir"/tmr-client-*.tgz)
  rm -rf "$packdir"
  # The dashboard test imports playwright-core as a user's project would; this project keeps its
  # pinned copy in tools/ (installed by scripts/setup.sh), so link that one in.
  ln -s ../../tools/node_modules/playwright-core examples/node_modules/playwright-core
  exec bash scripts/with-mock.sh --rate-window-scale 0.02 -- bash "$0" --under-mock
fi

# ---- under the mock: TMR_MOCK_URL and TMR_TOKEN_<PERSONA> are set; the examples read these two.
export TMR_BASE_URL="$TMR_MOCK_URL" TMR_API_KEY="$TMR_TOKEN_OWNER"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
passed=0

fail() { echo "FAIL: $*" >&2; exit 1; }
# show FILE PREFIX: its first 24 lines, indented.
show() {
  head -n 24 "$1" | sed "s/^/  $2 /"
  local n; n=$(wc -l < "$1")
  [ "$n" -le 24 ] || echo "  $2 … ($((n - 24)) more lines)"
}
# run NAME EXPECTED_STATUS CMD…: stdout to $out/NAME.out, stderr to $out/NAME.err, both shown.
run() {
  local name=$1 want=$2 rc=0; shift 2
  printf '\n== example: %s (%ss)\n$ %s\n' "$name" "$(( $(date +%s) - start ))" "$*"
  (cd examples && "$@") > "$out/$name.out" 2> "$out/$name.err" || rc=$?
  show "$out/$name.out" '|'
  show "$out/$name.err" '!'
  [ "$rc" = "$want" ] || fail "$name exited $rc, expected $want"
}
line() {   # line FILE N EXPECTED
  local got; got=$(sed -n "$2p" "$1")
  [ "$got" = "$3" ] || fail "$(basename "$1") line $2: expected [$3], got [$got]"
}
lines() {  # lines FILE COUNT
  local got; got=$(wc -l < "$1")
  [ "$got" = "$2" ] || fail "$(basename "$1"): expected $2 lines, got $got"
}
has() {    # has FILE REGEX: some line matches
  grep -qE -- "$2" "$1" || fail "$(basename "$1"): no line matches /$2/"
}
ok() { passed=$((passed + 1)); echo "ok: $*"; }

# 1. Teams and usage: the mock's 7 teams under a header and a rule; the limits from planHeadroom.
run teams-usage 0 node teams-usage.mjs
f="$out/teams-usage.out"
line "$f" 1 "$(printf '%-18s  %-20s  %-12s  %-30s  %s' TEAM PLAN MEMBERS 'ACCOUNTS PER CONNECTOR' ID)"
lines "$f" 9
has "$f" '^Acme Marketing +Growth \(active\) +4/8 +fads 1/15, ga4 1/15, gadw 3/15 +[0-9a-f-]{36}$'
has "$f" '^Full House +Basic \(active\) +3/3 reached +— '
has "$f" '^Limit Labs +Lite \(active\) +2/3 +gadw 2/2 reached '
has "$f" '^No Plan Team +\(no plan\) +2 \(no limit\) +— '
has "$f" '^\(unnamed\) +Basic \(non_renewing\) '
ok "teams-usage: 7 teams, plan, members used/limit, accounts per connector"

# 2. Clients × linked accounts to CSV: Acme's 3 clients, 4 linked accounts, Beta Brands with none.
header=client_id,client_name,client_domain,connector_id,account_id,account_name,account_display_id,account_status
run export-clients 0 node export-clients.mjs 'Acme Marketing' "$out/clients.csv"
line "$out/clients.csv" 1 "$header"
lines "$out/clients.csv" 6
[ "$(grep -c ',Acme Corp,acme.example,' "$out/clients.csv")" = 3 ] || fail "clients.csv: Acme Corp should have 3 rows"
has "$out/clients.csv" '^[0-9a-f-]{36},Beta Brands,beta.example,,,,,$'
has "$out/clients.csv" ',Café Ünïcode,,ga4,1306172840,acme.example,130-617-2840,enabled$'
line "$out/export-clients.err" 1 "5 rows: 3 clients of Acme Marketing, 1 without linked accounts, written to $out/clients.csv"
run export-clients-stdout 0 node export-clients.mjs 'Acme Marketing'
cmp -s "$out/export-clients-stdout.out" "$out/clients.csv" || fail "the CSV on stdout differs from the file"
ok "export-clients: header, 5 rows (one per client × account, a client without accounts kept), file = stdout"

# 3. A query to CSV: one row per day over Acme's 5 enabled accounts; one connector's fields; a
#    larger range streamed to a file, with the rows and the peak memory reported.
run query-to-csv 0 node query-to-csv.mjs 'Acme Marketing' "$out/query.csv"
line "$out/query.csv" 1 date,impressions,clicks,cost
lines "$out/query.csv" 31
has "$out/query.csv" '^[0-9]{4}-[0-9]{2}-[0-9]{2},[0-9]+,[0-9]+,[0-9.]+$'
[ "$(sed 1d "$out/query.csv" | cut -d, -f1)" = "$(sed 1d "$out/query.csv" | cut -d, -f1 | sort -u)" ] \
  || fail "query.csv: dates not ascending and distinct"
line "$out/query-to-csv.err" 1 "30 rows from 5 accounts of Acme Marketing (last 30 days), written to $out/query.csv"
run query-to-csv-gadw 0 node query-to-csv.mjs 'Acme Marketing' --connector gadw \
  --dimensions segments.date --metrics metrics.impressions,metrics.clicks
line "$out/query-to-csv-gadw.out" 1 segments.date,metrics.impressions,metrics.clicks
lines "$out/query-to-csv-gadw.out" 31
line "$out/query-to-csv-gadw.err" 1 "30 rows from 3 accounts of Acme Marketing (last 30 days)"
# A larger query written as it arrives: the mock has a row per day of the range × 3 per other
# dimension (mock/src/engine/rows.rs); kept to a few thousand rows so CI stays fast.
first=2024-01-01 last=2025-12-31
want=$(( ($(date -ud "$last" +%s) - $(date -ud "$first" +%s)) / 86400 + 1 ))
want=$(( want * 3 * 3 ))
run query-to-csv-large 0 node query-to-csv.mjs 'Acme Marketing' "$out/large.csv" --range "$first..$last" \
  --dimensions date,campaign_name,ad_group_name --metrics clicks
line "$out/large.csv" 1 date,campaign_name,ad_group_name,clicks
lines "$out/large.csv" $(( want + 1 ))
[ "$(sed -n 2p "$out/large.csv" | cut -d, -f1)" = "$first" ] && [ "$(tail -n 1 "$out/large.csv" | cut -d, -f1)" = "$last" ] \
  || fail "large.csv: the first row is not on $first or the last not on $last"
line "$out/query-to-csv-large.err" 1 "$want rows from 5 accounts of Acme Marketing ($first to $last), written to $out/large.csv"
has "$out/query-to-csv-large.err" '^[0-9]+\.[0-9] MB received; peak memory \(RSS\) [0-9]+ MB$'
ok "query-to-csv: header in the query's order, 30 days, --connector; $want rows streamed to a file (--range)"

# 4. Invites from members.csv (20 rows) into the plan-less team: 2 refused by the client, 1
#    duplicate refused by the API, 17 invited; 18 sent, so the 16th sent waits for its slot.
run invite-members 1 node invite-members.mjs 'No Plan Team' members.csv --invite-limit 15/6
f="$out/invite-members.out"
line "$f" 1 'Inviting 20 people to No Plan Team'
[ "$(grep -c ': invited as ' "$f")" = 17 ] || fail "invite-members: expected 17 'invited as' lines"
has "$f" '^  … waiting [0-9.]+ s for a free invites\.create slot$'
has "$f" '^Summary: 17 invited, 3 failed; waited [0-9.]+ s for invite slots$'
line "$f" "$(( $(grep -n '^Summary:' "$f" | cut -d: -f1) + 1 ))" \
  '  line 9: not-an-email: INVALID_ARGUMENT: invite.email must be an e-mail address; got "not-an-email"'
has "$f" '^  line 13: kofi\.mensah@example\.com: INVALID_ARGUMENT: invite\.role must be one of '
has "$f" '^  line 15: ben\.carter@example\.com: CONFLICT: Invite already pending for this email$'
[ "$(tail -n +"$(grep -n '^Summary:' "$f" | cut -d: -f1)" "$f" | wc -l)" = 4 ] || fail "invite-members: summary + 3 failure lines"
# The API's side: 17 pending invites in that team.
pending=$(cd examples && node --input-type=module -e "
  import { TmrClient } from 'tmr-client';
  const tmr = new TmrClient({ apiKey: process.env.TMR_API_KEY, baseUrl: process.env.TMR_BASE_URL });
  const team = (await tmr.teams.list()).find((t) => t.name === 'No Plan Team');
  console.log((await tmr.invites.list(team.id)).length);")
[ "$pending" = 17 ] || fail "No Plan Team has $pending pending invites, expected 17"
ok "invite-members: paced (a wait for the 16th), 17 invited, 3 failures with line numbers, exit status 1"

# 5. The dashboard test: the page in headless Chromium, its API answered by createMockFetch().
printf '\n== example: dashboard test (%ss)\n' "$(( $(date +%s) - start ))"
node --test examples/dashboard/
ok "dashboard: node --test examples/dashboard/ (Playwright, page.route to createMockFetch, no server)"

# 6. The proxy-server example: server.mjs (node:http + Hono through getRequestListener, the key in
#    the server only) against the mock; a user reads their own team, is refused another (403), and
#    the page (headless Chromium) sends no key.
printf '\n== example: proxy-server test (%ss)\n' "$(( $(date +%s) - start ))"
node --test examples/proxy-server/
ok "proxy-server: node --test examples/proxy-server/ (own team 200 byte for byte, another 403, no key from the page)"

printf '\n== examples: all %s passed in %ss\n' "$passed" "$(( $(date +%s) - start ))"
