#!/usr/bin/env bash
# Headless-Chromium screenshot of the decision dashboard on the demo database.
# Usage: bash Tools/docs/dashboard_screenshot.sh [OUT.png]   (default /tmp/govbrain-dashboard.png)
# Installs chromium, a Chinese font and libjs-chart.js if missing, builds the release binary, serves the demo
# database on a spare port, creates a supervisor key, loads the page with it and waits for the
# figures. The screenshot is not committed (the README keeps one small PNG).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/govbrain-dashboard.png}
PORT=${PORT:-18123}
source Tools/ops/server_lib.sh
gb_apt chromium fonts-wqy-microhei libjs-chart.js
gb_build
WORK=$(mktemp -d)
trap 'kill ${SERVER:-} 2>/dev/null; rm -rf "$WORK"' EXIT
DB="$WORK/dashboard.sqlite"
gb_demo_copy "$DB"
KEY=$("$GB" keys create --db "$DB" --role supervisor --name dashboard-screenshot | tail -1)
gb_serve "$DB" "$PORT"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1700 \
  --virtual-time-budget=30000 --screenshot="$OUT" "http://127.0.0.1:$PORT/#key=$KEY" 2>/dev/null
echo "screenshot: $OUT ($(stat -c %s "$OUT") bytes)"
