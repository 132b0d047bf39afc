#!/usr/bin/env bash
# Headless-Chromium screenshot of the decision dashboard on the demo database.
# Usage: bash Tools/dashboard_screenshot.sh [OUT.png]   (default /tmp/govbrain-dashboard.png)
# Installs chromium, a Chinese font and libjs-chart.js if missing, builds the release binary, serves the demo
# database on a spare port, creates a supervisor key, loads the page with it and waits for the
# figures. The screenshot is not committed (the README keeps one small PNG).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/govbrain-dashboard.png}
PORT=${PORT:-18123}
for p in chromium fonts-wqy-microhei libjs-chart.js; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$p"; }
done
swift build -c release --product govbrain >/dev/null
GB=.build/release/govbrain
DB=${DB:-.govbrain/demo.sqlite}
[ -f "$DB" ] || "$GB" demo build --db "$DB"
KEY=$("$GB" keys create --db "$DB" --role supervisor --name dashboard-screenshot | tail -1)
KEY_ID=$(echo "$KEY" | cut -d_ -f2)
"$GB" serve --db "$DB" --port "$PORT" >/tmp/govbrain-screenshot.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; "$GB" keys revoke --db "$DB" --id "$KEY_ID" >/dev/null' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  sleep 0.5
done
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1700 \
  --virtual-time-budget=30000 --screenshot="$OUT" "http://127.0.0.1:$PORT/#key=$KEY" 2>/dev/null
echo "screenshot: $OUT ($(stat -c %s "$OUT") bytes)"
