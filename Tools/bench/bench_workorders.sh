#!/usr/bin/env bash
# Work-order figures of issue 24, on a copy of the demo database (never the original):
#   swift build -c release --product govbrain && govbrain demo build   # .govbrain/demo.sqlite
#   Tools/bench/bench_workorders.sh [DB]
# 1. `hotline create --input --timing`: 1,000 texts of the test split accepted one at a time on one
#    thread (routing, urgency, deadline, the write); p50/p99 in ms, three runs on fresh copies.
# 2. `hotline overdue --evaluate`: the close-time model against the office's late rate (time-ordered split).
# 3. `hotline quality --truth`: the misroute detectors against the generator's truth (seed 1, demo scale).
# 4. Urgency beside the keyword rule on the generated test split and the three hand-written sets, and
#    routing on the test split, the callers' calls and the texts no intent covers (its baselines: bench_routing.py).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
B="$ROOT/.build/release/govbrain"
python3 "$ROOT/Tools/bench/machine_line.py" "$B"   # CPU, BLAS core, sgemm GFLOP/s beside the figures
DB="${1:-$ROOT/.govbrain/demo.sqlite}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
head -n 1000 "$ROOT/Datasets/hotline/test.jsonl" > "$WORK/calls.jsonl"
for run in 1 2 3; do
  cp "$DB" "$WORK/db.sqlite"; [ -d "$DB.vectors" ] && cp -r "$DB.vectors" "$WORK/db.sqlite.vectors"
  (cd "$ROOT" && "$B" hotline create --db "$WORK/db.sqlite" --input "$WORK/calls.jsonl" --timing 2>&1 >/dev/null | sed "s/^/create run $run: /")
  rm -rf "$WORK/db.sqlite"*
done
cp "$DB" "$WORK/db.sqlite"
(cd "$ROOT" && "$B" hotline overdue --evaluate --db "$WORK/db.sqlite")
"$B" datagen --scale demo --seed 1 --out "$WORK/gen" >/dev/null
(cd "$ROOT" && "$B" hotline quality --db "$WORK/db.sqlite" --truth "$WORK/gen/truth/work_orders.csv")
for data in Datasets/hotline-urgency Datasets/hotline-handwritten/urgency.jsonl Datasets/hotline-handwritten/urgency-b.jsonl Datasets/hotline-handwritten/callers.jsonl; do
  (cd "$ROOT" && "$B" model eval urgency --data "$data")
done
for data in Datasets/hotline Datasets/hotline-handwritten/callers.jsonl; do
  (cd "$ROOT" && "$B" model eval routing --data "$data" | sed -n 1,4p)
done
(cd "$ROOT" && "$B" model eval routing --out-of-scope --data Datasets/hotline-handwritten/out-of-scope.jsonl | sed -n 1,2p)
