#!/usr/bin/env bash
# Benchmark of GovBrain's gradient-boosted trees (Sources/KGML/Trees) in a release (-O) build against
# LightGBM (the named peer, if `python3 -c 'import lightgbm'` works) on the same generated table.
# The Swift side is compiled with swiftc (KGCore + the Trees sources + TabularData, ClassifierMetrics, ModelError)
# so no package release build is needed. Usage: bash Tools/bench/boosted_trees.sh [ROWS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-37500}; seed=${2:-1}; train=$((rows * 4 / 5))
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 Tools/bench/boosted_trees/make_data.py "$work/data.csv" "$rows" "$seed"
swiftc -O -parse-as-library -emit-module -emit-library -module-name KGCore Sources/KGCore/*.swift -o "$work/libKGCore.so" -emit-module-path "$work/KGCore.swiftmodule"
swiftc -O -parse-as-library -I "$work" -L "$work" -lKGCore -module-name BoostedTreesBench \
  Sources/KGML/Trees/*.swift Sources/KGML/Credit/TabularData.swift Sources/KGML/Credit/ClassifierMetrics.swift Sources/KGML/ModelError.swift \
  Tools/bench/boosted_trees/main.swift -o "$work/bench"
echo "table: $rows rows x 21 features (train $train, of which 20 % validation; test $((rows - train)))"
LD_LIBRARY_PATH="$work" "$work/bench" "$work/data.csv" bad "$train"
if python3 -c 'import lightgbm' 2>/dev/null; then
  python3 Tools/bench/boosted_trees/lightgbm_peer.py "$work/data.csv" "$train"
else
  echo "lightgbm not installed (pip install lightgbm): peer skipped"
fi
