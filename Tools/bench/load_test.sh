#!/usr/bin/env bash
# Load test (issue 10): wrk, 64 connections, DURATION seconds per target, against
#   POST /v1/hotline/route, POST /v1/query (a simple count), GET /v1/stats on the demo database,
# and a bare Hummingbird route returning a constant (hummingbird-baseline), in the same run.
# Prints one JSON line per target (requests/s, p50/p99 ms, errors) and the ratio to the baseline.
# Usage: DURATION=60 bash Tools/bench/load_test.sh
# The server runs with its rate limit raised (one key is the whole load); everything else is as configured.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18124}
BASE_PORT=${BASE_PORT:-18125}
source Tools/ops/server_lib.sh
gb_apt wrk
gb_build
swift build -c release --product hummingbird-baseline >/dev/null
WORK=$(mktemp -d)
trap 'kill ${SERVER:-} ${BASELINE:-} 2>/dev/null; rm -rf "$WORK"' EXIT
DB="$WORK/load.sqlite"
gb_demo_copy "$DB"
KEY=$("$GB" keys create --db "$DB" --role admin --name load-test | tail -1)
.build/release/hummingbird-baseline "$BASE_PORT" >"$WORK/baseline.log" 2>&1 &
BASELINE=$!
gb_serve "$DB" "$PORT" --set rateLimitPerSecond=1000000 --set rateLimitBurst=1000000 --set logLevel=warning

# One wrk script per target: method, body, key; done() prints the figures as JSON.
script() { # name method body
  cat >"$WORK/$1.lua" <<LUA
wrk.method = "$2"
wrk.headers["Authorization"] = "Bearer $KEY"
wrk.headers["Content-Type"] = "application/json"
$( [ -n "$3" ] && echo "wrk.body = [[$3]]" )
local non2xx = 0
response = function(status, headers, body) if status ~= 200 then non2xx = non2xx + 1 end end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format('{"target":"$1","requests":%d,"seconds":%.1f,"rps":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
LUA
}
script route POST '{"text": "我是青秀的，我们小区停水两天了，什么时候恢复供水？"}'
script query POST '{"query": "MATCH (c:County)-[:PART_OF]->(:City {name: \"南宁市\"}) RETURN count(*) AS n"}'
script stats GET ''
script baseline GET ''
# Warm-up: every route once.
for t in route query; do curl -s -o /dev/null -X POST -H "Authorization: Bearer $KEY" -d "$(grep -o '\[\[.*\]\]' "$WORK/$t.lua" | sed 's/^\[\[//; s/\]\]$//')" "http://127.0.0.1:$PORT/v1/hotline/$t" || true; done
run() { # name url
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$WORK/$1.lua" "$2" 2>&1 | grep '^{' | tee -a "$WORK/results.jsonl"
}
run baseline "http://127.0.0.1:$BASE_PORT/constant"
run stats "http://127.0.0.1:$PORT/v1/stats"
run query "http://127.0.0.1:$PORT/v1/query"
run route "http://127.0.0.1:$PORT/v1/hotline/route"
python3 - "$WORK/results.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
base = next(r for r in rows if r["target"] == "baseline")
print("target      req/s      p50 ms   p99 ms   errors   throughput vs bare Hummingbird")
for r in rows:
    print(f'{r["target"]:<10} {r["rps"]:>9.0f} {r["p50_ms"]:>9.2f} {r["p99_ms"]:>8.2f} {r["errors"]:>8}   {r["rps"] / base["rps"]:.3f}')
PY
