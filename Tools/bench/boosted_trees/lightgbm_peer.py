"""The named peer: LightGBM with the same settings as GovBrain's defaults (31 leaves, learning rate
0.05, min_child_samples 20, lambda_l2 1, 255 bins, early stopping 50 on a stratified 20 % of the
training rows), on the same CSV and split. Usage: python3 lightgbm_peer.py FILE.csv TRAIN_ROWS"""
import sys
import time
import numpy as np
import lightgbm as lgb

path, train_rows = sys.argv[1], int(sys.argv[2])
with open(path) as f:
    header = f.readline().strip().split(",")
    rows = [line.rstrip("\n").split(",") for line in f]
cols = header[:-1]
X = np.array([[float(c) if c != "" else np.nan for c in r[:20]] + [float(r[20][1:])] for r in rows])
y = np.array([int(r[-1]) for r in rows])
Xtr, ytr, Xte, yte = X[:train_rows], y[:train_rows], X[train_rows:], y[train_rows:]
rng = np.random.default_rng(42)
val = np.zeros(train_rows, dtype=bool)
for cls in (0, 1):
    idx = np.flatnonzero(ytr == cls)
    val[rng.choice(idx, size=round(0.2 * len(idx)), replace=False)] = True
params = dict(objective="binary", num_leaves=31, learning_rate=0.05, min_child_samples=20, min_child_weight=1e-3,
              lambda_l2=1.0, max_bin=255, num_threads=2, verbose=-1, seed=42)
start = time.perf_counter()
fit = lgb.Dataset(Xtr[~val], ytr[~val], categorical_feature=[20])
valid = lgb.Dataset(Xtr[val], ytr[val], reference=fit)
booster = lgb.train(params, fit, num_boost_round=1000, valid_sets=[valid], callbacks=[lgb.early_stopping(50, verbose=False)])
seconds = time.perf_counter() - start
p = booster.predict(Xte, num_iteration=booster.best_iteration)
order = np.argsort(p, kind="mergesort")
ranks = np.empty(len(p)); ranks[order] = np.arange(1, len(p) + 1)
pos = yte.sum(); neg = len(yte) - pos
auc = (ranks[yte == 1].sum() - pos * (pos + 1) / 2) / (pos * neg)
print(f"lightgbm {lgb.__version__}: fit {seconds:.2f} s, best {booster.best_iteration}, test AUC {auc:.4f}")
