#!/usr/bin/env bash
# Learning curve of hotline routing on phrasing it was not trained on, as agents' corrections
# accumulate (issue 24, "learning from corrections").
#
#   swift build -c release --product govbrain
#   Tools/bench/learning_curve.sh [OUT]        # default OUT=/tmp/learning-curve; ~2 min per point
#
# 1. `govbrain datagen corrections` writes a stream of 2,000 corrections worded only with the two
#    phrasings per intent the corpus keeps out of its training split, and 1,000 more texts of that
#    phrasing (another random stream) to evaluate on.
# 2. For N in 0 100 250 500 1000 2000: `govbrain model train routing --corrections-file` with the
#    first N corrections, into its own models folder; then `govbrain model eval routing` of that
#    model on the new-phrasing set and on the old test split (Datasets/hotline/test.jsonl).
# Prints a Markdown table (corrections, accuracy and automatic-dispatch precision on each set).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
B="$ROOT/.build/release/govbrain"
python3 "$ROOT/Tools/bench/machine_line.py" "$B"   # CPU, BLAS core, sgemm GFLOP/s beside the figures
OUT="${1:-/tmp/learning-curve}"
POINTS="${POINTS:-0 100 250 500 1000 2000}"
mkdir -p "$OUT"
"$B" datagen corrections --out "$OUT/stream" --count 2000 --eval-count 1000 >/dev/null
echo "| corrections | new phrasing: intent | new phrasing: department | new phrasing: automatic precision (coverage) | old test split: intent | old test split: automatic precision |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $POINTS; do
  models="$OUT/models-$n"
  rm -rf "$models"; mkdir -p "$models"
  args=()
  if [ "$n" -gt 0 ]; then
    head -n "$n" "$OUT/stream/corrections.jsonl" > "$OUT/corrections-$n.jsonl"
    args=(--corrections-file "$OUT/corrections-$n.jsonl")
  fi
  (cd "$ROOT" && "$B" model train routing --models "$models" "${args[@]}" --format json > "$OUT/train-$n.json")
  (cd "$ROOT" && "$B" model eval routing --models "$models" --data "$OUT/stream/eval.jsonl" --format json > "$OUT/new-$n.json")
  (cd "$ROOT" && "$B" model eval routing --models "$models" --format json > "$OUT/old-$n.json")
  python3 - "$n" "$OUT/new-$n.json" "$OUT/old-$n.json" <<'PY'
import json, sys
n, new, old = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
def g(d, *keys):
    for k in keys:
        if k in d: return d[k]
    return float("nan")
print(f"| {n} | {g(new,'top1','accuracy'):.4f} | {g(new,'departmentAccuracy'):.4f} | {g(new,'automaticPrecision'):.4f} ({g(new,'automationRate'):.3f}) | {g(old,'top1','accuracy'):.4f} | {g(old,'automaticPrecision'):.4f} |")
PY
done
