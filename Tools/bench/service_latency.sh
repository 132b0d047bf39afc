#!/usr/bin/env bash
# Latency of the supervision and policy routes on the demo database, as a client sees it:
#   bash Tools/bench/service_latency.sh [REPEATS]
# Starts `govbrain serve` (release build) on a spare port, makes one warm-up call per route (it builds the
# per-graph-version caches; its time is printed), then REPEATS calls each and prints min / median / max in ms.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Tools/ops/server_lib.sh
[ -n "${GOVBRAIN:-}" ] && GB=$GOVBRAIN || gb_build
WORK=${WORK:-/tmp/govbrain-latency}
rm -rf "$WORK"; mkdir -p "$WORK"
DB=$WORK/demo.sqlite
gb_demo_copy "$DB"
PORT=${PORT:-8097}
N=${1:-20}
KEY=$("$GB" keys create --db "$DB" --role admin --name latency | tail -1)
gb_serve "$DB" "$PORT"
trap 'kill $SERVER 2>/dev/null' EXIT
USCC=$("$GB" query --db "$DB" --format csv "MATCH (e:Enterprise)-[:APPLIED_FOR]->() RETURN e.uscc LIMIT 1" | tail -1)
POLICY=$("$GB" query --db "$DB" --format csv "MATCH ()-[r:APPLIED_FOR]->() WITH max(r.on) AS last MATCH (p:Policy)<-[:APPLIED_FOR]-() WHERE p.validUntil.year > last.year RETURN p.code, count(*) AS n ORDER BY n DESC LIMIT 1" | tail -1 | cut -d, -f1)
measure() {  # name method path [body]
  local name=$1 method=$2 path=$3 body=${4:-}
  call() { if [ "$method" = POST ]; then curl -sf -H "Authorization: Bearer $KEY" -o /dev/null -w "%{time_total}\n" "http://127.0.0.1:$PORT$path" -d "$body"; else curl -sf -H "Authorization: Bearer $KEY" -o /dev/null -w "%{time_total}\n" "http://127.0.0.1:$PORT$path"; fi; }
  local first; first=$(call)
  for _ in $(seq "$N"); do call; done | sort -n | awk -v name="$name" -v first="$first" '{ t[NR] = $1 * 1000 } END { printf "%-28s first %8.1f ms   min %7.1f  median %7.1f  max %7.1f ms (n=%d)\n", name, first * 1000, t[1], t[int((NR + 1) / 2)], t[NR], NR }'
}
measure "POST /v1/risk/score" POST /v1/risk/score "{\"uscc\": \"$USCC\"}"
measure "POST /v1/credit/score" POST /v1/credit/score "{\"uscc\": \"$USCC\"}"
measure "POST /v1/policies/recommend" POST /v1/policies/recommend "{\"uscc\": \"$USCC\", \"k\": 10}"
measure "GET eligible (push list)" GET "/v1/policies/$POLICY/eligible?limit=20"
measure "POST /v1/policies/search" POST /v1/policies/search '{"text": "小微企业房租减免怎么申请", "k": 5}'
