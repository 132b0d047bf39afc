#!/usr/bin/env bash
# Service path (issue 29): POST /v1/hotline/route against the bare Hummingbird route, interleaved
# pairs in one run (bare, route, bare, route, …), the same wrk settings as load_test.sh
# (THREADS threads, CONNECTIONS connections, DURATION seconds per run). On a shared machine the
# absolute figures move with the load; each pair's ratio is measured under the same load.
# Prints one line per pair (requests/s, route p50/p99, errors, ratio, load average) and the median ratio.
# Usage: PAIRS=5 DURATION=10 bash Tools/bench/service_path.sh
#   GB=path/to/govbrain BASELINE=path/to/hummingbird-baseline to measure other builds (default: release build here).
# The server runs with its rate limit raised (one key is the whole load); key checks, the rate
# limiter, audit entries and metrics all run as configured.
set -euo pipefail
cd "$(dirname "$0")/../.."
PAIRS=${PAIRS:-5}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18134}
BASE_PORT=${BASE_PORT:-18135}
source Tools/ops/server_lib.sh
gb_apt wrk
if [ -z "${GB:-}" ]; then gb_build; fi
if [ -z "${BASELINE:-}" ]; then swift build -c release --product hummingbird-baseline >/dev/null; BASELINE=.build/release/hummingbird-baseline; fi
WORK=$(mktemp -d)
trap 'kill ${SERVER:-} ${BASE_PID:-} 2>/dev/null; rm -rf "$WORK"' EXIT
DB="$WORK/load.sqlite"
gb_demo_copy "$DB"
KEY=$("$GB" keys create --db "$DB" --role admin --name service-path | tail -1)
"$BASELINE" "$BASE_PORT" >"$WORK/baseline.log" 2>&1 &
BASE_PID=$!
gb_serve "$DB" "$PORT" --set rateLimitPerSecond=1000000 --set rateLimitBurst=1000000 --set logLevel=warning
for name in route baseline; do
  cat >"$WORK/$name.lua" <<LUA
wrk.method = "$( [ $name = route ] && echo POST || echo GET )"
wrk.headers["Authorization"] = "Bearer $KEY"
wrk.headers["Content-Type"] = "application/json"
$( [ $name = route ] && echo 'wrk.body = [[{"text": "我是青秀的，我们小区停水两天了，什么时候恢复供水？"}]]' )
local non2xx = 0
response = function(status, headers, body) if status ~= 200 then non2xx = non2xx + 1 end end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format('{"rps":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"errors":%d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
LUA
done
curl -s -o /dev/null -X POST -H "Authorization: Bearer $KEY" -d '{"text": "停水了"}' "http://127.0.0.1:$PORT/v1/hotline/route"
run() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$WORK/$1.lua" "$2" 2>&1 | grep '^{'; }
for i in $(seq 1 "$PAIRS"); do
  b=$(run baseline "http://127.0.0.1:$BASE_PORT/constant")
  r=$(run route "http://127.0.0.1:$PORT/v1/hotline/route")
  echo "{\"pair\":$i,\"baseline\":$b,\"route\":$r,\"load\":$(cut -d' ' -f1 /proc/loadavg)}" | tee -a "$WORK/pairs.jsonl" >/dev/null
done
python3 - "$WORK/pairs.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("pair  bare req/s  route req/s  route p50 ms  route p99 ms  errors  ratio   load avg")
for r in rows:
    b, t = r["baseline"], r["route"]
    print(f'{r["pair"]:>4} {b["rps"]:>11.0f} {t["rps"]:>12.0f} {t["p50_ms"]:>13.2f} {t["p99_ms"]:>13.2f} {t["errors"] + b["errors"]:>7}  {t["rps"] / b["rps"]:.3f}  {r["load"]:>6.2f}')
print(f'median ratio {statistics.median(r["route"]["rps"] / r["baseline"]["rps"] for r in rows):.3f} over {len(rows)} pairs')
PY
