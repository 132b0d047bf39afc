#!/usr/bin/env bash
# The temporal hold-out of policy recommendation with implicit ALS as the outside peer, same split:
#   bash Tools/experiments/recommend_eval.sh [DB]
# 1. govbrain model eval recommend --export: the validation and test splits as CSV;
# 2. Tools/experiments/recommend_als.py: implicit ALS tuned on validation, top-100 lists for the test enterprises;
# 3. govbrain model eval recommend --peer implicit-als=…: one table (recall@10, NDCG@10, coverage,
#    eligible share) for popularity, content-only, collaborative-only, the blend, ALS and ALS + eligibility.
# Python packages: implicit, numpy, scipy (a venv is made in $VENV if they are missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
GB=${GOVBRAIN:-.build/release/govbrain}
[ -x "$GB" ] || swift build -c release --product govbrain >/dev/null
DB=${1:-.govbrain/demo.sqlite}
OUT=${OUT:-/tmp/govbrain-recommend-eval}
VENV=${VENV:-/tmp/govbrain-recommend-venv}
PY=python3
export OPENBLAS_NUM_THREADS=1
if ! $PY -c "import implicit, scipy" 2>/dev/null; then
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q implicit==0.7.3 scipy numpy
  PY="$VENV/bin/python"
fi
rm -rf "$OUT"; mkdir -p "$OUT"
"$GB" model eval recommend --db "$DB" --export "$OUT" >/dev/null
$PY Tools/experiments/recommend_als.py "$OUT" "$OUT/als.csv"
"$GB" model eval recommend --db "$DB" --peer "implicit-als=$OUT/als.csv"
