#!/usr/bin/env bash
# Evaluates the graph risk model against the rules baseline, plain logistic regression, random and the
# generator's oracle on freshly generated demo-scale graphs, one per seed (default 1 2 3):
#   bash Tools/experiments/risk_eval_seeds.sh [SEED ...]
# Each seed: govbrain datagen --scale demo --seed S, import with the ontology on, govbrain risk evaluate.
# Prints one JSON report per seed into $OUT (default /tmp/govbrain-risk-eval) and a summary table.
set -euo pipefail
cd "$(dirname "$0")/../.."
GB=${GOVBRAIN:-.build/release/govbrain}
[ -x "$GB" ] || swift build -c release --product govbrain >/dev/null
OUT=${OUT:-/tmp/govbrain-risk-eval}
mkdir -p "$OUT"
SEEDS=("$@")
[ ${#SEEDS[@]} -gt 0 ] || SEEDS=(1 2 3)
for s in "${SEEDS[@]}"; do
  rm -rf "$OUT/data-$s" "$OUT/graph-$s.sqlite"*
  "$GB" datagen --scale demo --seed "$s" --out "$OUT/data-$s" >/dev/null
  mapfile -t files < <(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print('\n'.join(sys.argv[2] + '/' + f for f in m['importOrder']))" "$OUT/data-$s/manifest.json" "$OUT/data-$s")
  "$GB" import --db "$OUT/graph-$s.sqlite" "${files[@]}" >/dev/null
  "$GB" risk evaluate --db "$OUT/graph-$s.sqlite" --truth "$OUT/data-$s/truth/enterprise_risk.csv" --format json > "$OUT/seed-$s.json"
done
python3 - "$OUT" "${SEEDS[@]}" <<'PY'
import json, sys
out, seeds = sys.argv[1], sys.argv[2:]
reports = [json.load(open(f"{out}/seed-{s}.json")) for s in seeds]
keys = ["auc", "averagePrecision", "precisionAt1%", "expectedPrecisionAt1%", "precisionAt5%", "expectedPrecisionAt5%",
        "plantedRecallAt1%", "plantedRecallAt5%", "decoyShareAt5%"]
print("seeds", " ".join(seeds), "| test enterprises", [r["testEnterprises"] for r in reports], "| base rate", [round(r["testBaseRate"], 4) for r in reports])
print("| model | " + " | ".join(keys) + " |")
print("|---" * (len(keys) + 1) + "|")
for name in ["graphRiskModel", "plainLogistic", "rulesBaseline", "oracle", "random"]:
    cells = []
    for k in keys:
        v = [r["models"][name][k] for r in reports]
        cells.append(f"{sum(v)/len(v):.3f} ({min(v):.3f}..{max(v):.3f})")
    print(f"| {name} | " + " | ".join(cells) + " |")
model = [r["models"]["graphRiskModel"] for r in reports]; oracle = [r["models"]["oracle"] for r in reports]
for k in ["precisionAt1%", "expectedPrecisionAt1%"]:
    m = sum(x[k] for x in model) / len(model); o = sum(x[k] for x in oracle) / len(oracle)
    print(f"model / oracle, {k}: {m/o:.3f}")
print("reason-code hit rate:", [r["reasonCodeHitRate"]["rate"] for r in reports])
PY
