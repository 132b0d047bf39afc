#!/usr/bin/env bash
# Schemathesis (property-based API testing) against a running server with an admin key: every
# operation of /openapi.yaml is called with generated valid and invalid inputs; the run fails
# on any 5xx, any response that does not conform to the document, or a crash.
# Usage: MAX_EXAMPLES=30 bash Tools/ops/schemathesis.sh     (installs schemathesis into a venv)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18128}
MAX_EXAMPLES=${MAX_EXAMPLES:-30}
VENV=${VENV:-/tmp/govbrain-schemathesis}
[ -x "$VENV/bin/schemathesis" ] || { python3 -m venv "$VENV"; "$VENV/bin/pip" install -q schemathesis; }
source Tools/ops/server_lib.sh
gb_build
WORK=$(mktemp -d)
trap 'kill ${SERVER:-} 2>/dev/null; rm -rf "$WORK"' EXIT
DB="$WORK/st.sqlite"
# A copy of the demo database: the fuzzer acknowledges alerts and writes with the admin key.
gb_demo_copy "$DB"
KEY=$("$GB" keys create --db "$DB" --role admin --name schemathesis | tail -1)
gb_serve "$DB" "$PORT" --set rateLimitPerSecond=100000 --set rateLimitBurst=100000 --set queryTimeoutSeconds=10 --set logLevel=warning
"$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/openapi.yaml" --url "http://127.0.0.1:$PORT" \
  --header "Authorization: Bearer $KEY" --checks all --max-examples "$MAX_EXAMPLES" \
  --workers 2 "$@"
kill -0 $SERVER && echo "server still up after the run"
