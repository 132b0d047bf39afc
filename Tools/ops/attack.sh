#!/usr/bin/env bash
# Runs issue 22's attacks (Tools/ops/attack.py) against a server on a copy of the demo database:
#   bash Tools/ops/attack.sh            # the release build if there is one, else the debug build
# Prints one line per attack (HELD/FAILED) and exits non-zero if any failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
GB=.build/release/govbrain
[ -x "$GB" ] || GB=.build/debug/govbrain
[ -x "$GB" ] || { echo "build first: swift build -c release"; exit 1; }
# The demo database (Tools/serve.sh builds it); without it, a copy of the demo scale without vectors.
DEMO=.govbrain/demo.sqlite
if [ ! -f "$DEMO" ]; then
  DEMO=.govbrain/attack-demo.sqlite
  [ -f "$DEMO" ] || "$GB" demo build --no-vectors --db "$DEMO"
fi
WORK=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
"$GB" backup --db "$DEMO" --out "$WORK/g.sqlite" > /dev/null
key() { "$GB" keys create --db "$WORK/g.sqlite" --role "$1" --name "attack-$1" | tail -1; }
ADMIN=$(key admin); ANALYST=$(key analyst); SUPERVISOR=$(key supervisor)
"$GB" serve --db "$WORK/g.sqlite" --port 0 --set logLevel=error --set bodyTimeoutSeconds=5 > "$WORK/serve.out" 2>&1 &
PID=$!
for _ in $(seq 1 600); do grep -q "at http://" "$WORK/serve.out" && break; sleep 0.1; done
URL=$(grep -o "http://[0-9.:]*" "$WORK/serve.out" | head -1)
for _ in $(seq 1 600); do curl -sf "$URL/readyz" > /dev/null && break; sleep 0.5; done
status=0
python3 Tools/ops/attack.py --url "$URL" --admin-key "$ADMIN" --analyst-key "$ANALYST" --supervisor-key "$SUPERVISOR" \
  --db "$WORK/g.sqlite" --govbrain "$GB" || status=$?
kill -0 $PID 2>/dev/null && echo "the server is still up" || { echo "the server died"; status=1; }
exit $status
