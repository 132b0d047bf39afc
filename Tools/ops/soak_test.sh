#!/usr/bin/env bash
# Soak test (issue 10): SOAK_SECONDS (default 600) of mixed read load (wrk, 16 connections:
# stats, a Cypher query, hotline routing, risk alerts, the dashboard summary) while one writer
# creates nodes through POST /v1/query. Checks: no failed request, every acknowledged write is
# in the graph afterwards (count before and after), resident memory growth under 10 % from the
# end of warm-up to the end.
# Usage: SOAK_SECONDS=600 bash Tools/ops/soak_test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SOAK=${SOAK_SECONDS:-600}
PORT=${PORT:-18126}
source Tools/ops/server_lib.sh
gb_apt wrk
gb_build
WORK=$(mktemp -d)
trap 'kill ${SERVER:-} 2>/dev/null; rm -rf "$WORK"' EXIT
DB="$WORK/soak.sqlite"
gb_demo_copy "$DB"
KEY=$("$GB" keys create --db "$DB" --role admin --name soak | tail -1)
gb_serve "$DB" "$PORT" --set rateLimitPerSecond=1000000 --set rateLimitBurst=1000000 --set logLevel=warning
q() { curl -s -X POST -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/v1/query" -d "{\"query\": \"$1\"}"; }
BEFORE=$(q "MATCH (n) RETURN count(n) AS n" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0][0])')

cat >"$WORK/mixed.lua" <<LUA
local requests = {
  { "GET", "/v1/stats", nil },
  { "POST", "/v1/query", '{"query": "MATCH (e:Enterprise)-[:LOCATED_IN]->(c:County {adcode: \\\\"450103\\\\"}) RETURN e.creditGrade AS g, count(*) AS n"}' },
  { "POST", "/v1/hotline/route", '{"text": "我是青秀的，我们小区停水两天了，什么时候恢复供水？"}' },
  { "GET", "/v1/risk/alerts?level=red&limit=20", nil },
  { "GET", "/v1/dashboard/summary", nil },
}
local i = 0
local failed = 0
request = function()
  i = i % #requests + 1
  local r = requests[i]
  return wrk.format(r[1], r[2], { ["Authorization"] = "Bearer $KEY", ["Content-Type"] = "application/json" }, r[3])
end
response = function(status) if status ~= 200 then failed = failed + 1 end end
done = function(summary, latency)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format('{"requests":%d,"rps":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"errors":%d}\n', summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
LUA
# Warm-up: a minute of the same mix, then the memory baseline.
wrk -t2 -c16 -d60s --timeout 10s -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT" >/dev/null 2>&1
RSS0=$(ps -o rss= -p $SERVER)
# The writer: one node per request, counting the acknowledged ones.
( n=0; ok=0; end=$((SECONDS + SOAK))
  while [ $SECONDS -lt $end ]; do
    n=$((n + 1))
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/v1/query" \
      -d "{\"query\": \"CREATE (:Tag {code: 'soak-$n', name: 'soak'})\"}")
    [ "$code" = 200 ] && ok=$((ok + 1))
  done
  echo "$ok $n" >"$WORK/writer" ) &
WRITER=$!
wrk -t2 -c16 -d"${SOAK}s" --timeout 10s -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT" 2>&1 | grep '^{' >"$WORK/wrk.json"
wait $WRITER
RSS1=$(ps -o rss= -p $SERVER)
read -r ACKED SENT <"$WORK/writer"
AFTER=$(q "MATCH (n) RETURN count(n) AS n" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0][0])')
TAGS=$(q "MATCH (t:Tag) WHERE t.code STARTS WITH 'soak-' RETURN count(t) AS n" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0][0])')
kill $SERVER; wait $SERVER 2>/dev/null || true
"$GB" stats --db "$DB" --integrity | head -1
python3 - "$WORK/wrk.json" "$BEFORE" "$AFTER" "$TAGS" "$ACKED" "$SENT" "$RSS0" "$RSS1" "$SOAK" <<'PY'
import json, sys
w = json.load(open(sys.argv[1])); before, after, tags, acked, sent, rss0, rss1, soak = map(int, sys.argv[2:10])
growth = (rss1 - rss0) / rss0
print(json.dumps({"seconds": soak, "read_requests": w["requests"], "read_rps": w["rps"], "p50_ms": w["p50_ms"], "p99_ms": w["p99_ms"],
                  "read_errors": w["errors"], "writes_sent": sent, "writes_acknowledged": acked, "nodes_before": before, "nodes_after": after,
                  "lost_writes": acked - tags, "rss_kb_start": rss0, "rss_kb_end": rss1, "rss_growth": round(growth, 4)}))
ok = w["errors"] == 0 and acked == sent and tags == acked and after - before == acked and growth < 0.10
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
