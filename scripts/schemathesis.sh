#!/usr/bin/env bash
# Check tmr-mock against its OpenAPI document with schemathesis (from PyPI), as the owner, with
# rate limiting off so the run explores instead of collecting 429s. Exit status is schemathesis's.
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${SCHEMATHESIS_EXAMPLES:-30}"
command -v schemathesis >/dev/null || python3 -m pip install --quiet --disable-pip-version-check 'schemathesis==4.*'
bash scripts/with-mock.sh --rate-limits off -- bash -c '
  set -o pipefail
  schemathesis --config-file mock/schemathesis.toml run "$TMR_MOCK_URL/openapi.json" --url "$TMR_MOCK_URL" \
    -H "Authorization: Bearer $TMR_TOKEN_OWNER" --checks all -n '"$examples"' --seed 1 --no-color \
    | tail -n 22'
