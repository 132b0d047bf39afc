#!/usr/bin/env bash
# The push list (eligible enterprises that have not applied for a policy, ranked by fit) over 1,000,000
# enterprises, as a client sees it:
#   bash Tools/bench/push_list_large.sh [REPEATS]
# Generates the `large` scale (govbrain datagen --scale large --seed 1), imports it, trains nothing (the
# promoted Models/policy-recommender is used), serves it, then calls GET /v1/policies/{id}/eligible for the
# policies still open with the most applications after the server reports ready: the first page (which ranks
# every eligible enterprise) and REPEATS further pages; prints the total eligible and the latencies in ms. Needs ~25 minutes and ~6 GB of disk on the 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Tools/ops/server_lib.sh
[ -n "${GOVBRAIN:-}" ] && GB=$GOVBRAIN || gb_build
WORK=${WORK:-/tmp/govbrain-large}
N=${1:-10}
PORT=${PORT:-8098}
mkdir -p "$WORK"
if [ ! -f "$WORK/large.sqlite" ]; then
  rm -rf "$WORK/data"
  "$GB" datagen --scale large --seed 1 --out "$WORK/data" >/dev/null
  mapfile -t files < <(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print('\n'.join(sys.argv[2] + '/' + f for f in m['importOrder']))" "$WORK/data/manifest.json" "$WORK/data")
  "$GB" import --db "$WORK/large.sqlite.part" "${files[@]}" >/dev/null
  mv "$WORK/large.sqlite.part" "$WORK/large.sqlite"
fi
DB=$WORK/large.sqlite
echo "enterprises: $("$GB" query --db "$DB" --format csv "MATCH (e:Enterprise) RETURN count(e)" | tail -1)"
KEY=$("$GB" keys create --db "$DB" --role admin --name push-bench | tail -1)
start=$(date +%s)
READY_TRIES=${READY_TRIES:-3600} gb_serve "$DB" "$PORT"
trap 'kill $SERVER 2>/dev/null' EXIT
echo "ready after $(( $(date +%s) - start )) s (enterprise snapshot, models, recommender)"
for POLICY in $("$GB" query --db "$DB" --format csv "MATCH ()-[r:APPLIED_FOR]->() WITH max(r.on) AS last MATCH (p:Policy)<-[:APPLIED_FOR]-() WHERE p.validUntil.year > last.year RETURN p.code, count(*) AS n ORDER BY n DESC LIMIT 3" | tail -n +2 | cut -d, -f1); do
  # The first call ranks every eligible enterprise; later pages of the same list come from the kept ranking.
  first=$(curl -sf -H "Authorization: Bearer $KEY" -o "$WORK/first.json" -w "%{time_total}" "http://127.0.0.1:$PORT/v1/policies/$POLICY/eligible?limit=20")
  total=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['total'])" "$WORK/first.json")
  for k in $(seq "$N"); do
    curl -sf -H "Authorization: Bearer $KEY" -o /dev/null -w "%{time_total}\n" "http://127.0.0.1:$PORT/v1/policies/$POLICY/eligible?limit=20&offset=$((k * 20))"
  done | sort -n | awk -v p="$POLICY" -v total="$total" -v first="$first" '{ t[NR] = $1 * 1000 } END { printf "%s: %d eligible; first page (ranking all) %.0f ms; next pages min %.0f  median %.0f  max %.0f ms (n=%d)\n", p, total, first * 1000, t[1], t[int((NR + 1) / 2)], t[NR], NR }'
done
