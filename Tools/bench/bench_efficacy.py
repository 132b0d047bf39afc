#!/usr/bin/env python3
"""Efficacy index (效能评估) against raw rates and a peer, on planted tables.

For each scenario and seed, `efficacy_table.py` writes CASES.csv and truth.csv; then
- GovBrain: `govbrain efficacy score` (default, office fixed effects in the expectation model)
  and `--expectation pooled` (one intercept per group: the plain pooled logistic model);
- raw: each office's success rate over all its outcome cells;
- peer (unless --skip-peer): scikit-learn's LogisticRegression per outcome on one-hot office
  (office fixed effects) and the standardised case mix, C = 100, the office coefficients
  (log-odds, relative to the office's group mean) averaged over the outcomes: the textbook
  fixed-effects estimate, without shrinkage. (statsmodels' GLM with office dummies was tried first:
  over 6 minutes of CPU on one table here, so the faster fit of the same model is used.)
  The script creates a venv under /tmp for it (numpy, pandas, scipy, scikit-learn from PyPI).

Printed per scenario, mean over seeds (min..max): Spearman with the planted effect, Spearman
with office size (the planted effect is made uncorrelated with log size), and the AUC of
recovering the planted bottom 20 % of offices (score = -index).

Scenarios: `contract` (case mix correlated with office size, as the issue's outside check:
raw rates about 0.65 with the truth and -0.6 with size), `quality-mix` (also: better offices
are given harder cases, which biases a pooled model's slopes), `no-groups` (no group or period
column).

    python3 Tools/bench/bench_efficacy.py [--govbrain .build/debug/govbrain] [--seeds 1,2,3] [--skip-peer]
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import efficacy_table  # noqa: E402

SCENARIOS = {
    "contract": dict(size_mix=0.45, effect_mix=0.0),
    "quality-mix": dict(size_mix=0.45, effect_mix=0.6),
    "no-groups": dict(size_mix=0.45, effect_mix=0.0, groups=0, periods=0),
}
VENV = "/tmp/govbrain-efficacy-venv"


def ranks(v):
    v = np.asarray(v, dtype=float)
    order = np.argsort(v, kind="mergesort")
    r = np.empty(len(v))
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
            j += 1
        r[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(a, b):
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1])


def auc(scores, labels):
    labels = np.asarray(labels)
    r = ranks(scores)
    pos = labels.sum()
    neg = len(labels) - pos
    return float((r[labels == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def read_csv(path):
    import csv
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def govbrain(binary, folder, expectation):
    out = os.path.join(folder, f"offices_{expectation}.csv")
    t = time.time()
    subprocess.run([binary, "efficacy", "score", "--cases", os.path.join(folder, "CASES.csv"), "--out", out,
                    "--expectation", expectation], check=True, capture_output=True)
    seconds = time.time() - t
    rows = read_csv(out)
    return {r["office"]: float(r["index"]) for r in rows}, seconds


def raw_rates(folder):
    rows = read_csv(os.path.join(folder, "CASES.csv"))
    ys = [c for c in rows[0] if c.startswith("y_")]
    good, cells = {}, {}
    for r in rows:
        for c in ys:
            if r[c] != "":
                good[r["office"]] = good.get(r["office"], 0) + int(r[c])
                cells[r["office"]] = cells.get(r["office"], 0) + 1
    return {o: good[o] / cells[o] for o in cells}


PEER = r'''
import sys, json
import numpy as np, pandas as pd, scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from machine_line import machine_line
d = pd.read_csv(sys.argv[1])
xs = [c for c in d.columns if c.startswith("x_")]
for c in xs:
    if d[c].isna().any():
        d[c + "_missing"] = d[c].isna().astype(float); d[c] = d[c].fillna(d[c].mean())
xs = [c for c in d.columns if c.startswith("x_") and d[c].std() > 0]
X = ((d[xs] - d[xs].mean()) / d[xs].std()).to_numpy()
offices = sorted(d["office"].unique())
code = pd.Categorical(d["office"], categories=offices).codes
D = sp.csr_matrix((np.ones(len(d)), (np.arange(len(d)), code)), shape=(len(d), len(offices)))
group = d.groupby("office")["group"].first().reindex(offices) if "group" in d.columns else pd.Series("", index=offices)
effects = []
for y in [c for c in d.columns if c.startswith("y_")]:
    m = d[y].notna().to_numpy()
    # One-hot office (office fixed effects) and the case mix; C = 100 is a weak penalty that
    # only keeps an office whose outcomes are all good finite.
    fit = LogisticRegression(C=100, fit_intercept=False, max_iter=5000).fit(sp.hstack([D[m], sp.csr_matrix(X[m])]).tocsr(), d.loc[m, y])
    a = pd.Series(fit.coef_[0][:len(offices)], index=offices)
    effects.append(a - a.groupby(group.values).transform("mean"))
print(json.dumps(pd.concat(effects, axis=1).mean(axis=1).to_dict()))
'''


def peer_python():
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "-q", "numpy", "pandas", "scipy", "scikit-learn"], check=True)
    return py


def peer(folder, py):
    t = time.time()
    out = subprocess.run([py, "-c", PEER, os.path.join(folder, "CASES.csv")], check=True, capture_output=True, text=True)
    return json.loads(out.stdout), time.time() - t


def measure(scores, truth):
    offices = sorted(truth)
    effect = np.array([float(truth[o]["effect"]) for o in offices])
    size = np.array([int(truth[o]["size"]) for o in offices])
    s = np.array([scores[o] for o in offices])
    bottom = (effect <= np.quantile(effect, 0.2)).astype(int)
    return {"spearman": spearman(s, effect), "size": spearman(s, size), "auc20": auc(-s, bottom)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = ".build/release/govbrain" if os.path.exists(".build/release/govbrain") else ".build/debug/govbrain"
    p.add_argument("--govbrain", default=default)
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--scenarios", default=",".join(SCENARIOS))
    p.add_argument("--out", default="/tmp/govbrain-efficacy-bench")
    p.add_argument("--skip-peer", action="store_true")
    a = p.parse_args()
    if a.govbrain:
        print(machine_line(a.govbrain), flush=True)  # CPU, BLAS core, sgemm GFLOP/s beside the figures
    py = None if a.skip_peer else peer_python()
    results = {}
    for scenario in a.scenarios.split(","):
        per = {}
        for seed in [int(s) for s in a.seeds.split(",")]:
            folder = os.path.join(a.out, f"{scenario}-{seed}")
            rows, truth_rows = efficacy_table.generate(seed=seed, **SCENARIOS[scenario])
            efficacy_table.write(folder, rows, truth_rows)
            truth = {t["office"]: t for t in truth_rows}
            methods = {}
            methods["GovBrain (within-office expectation, default)"], t_within = govbrain(a.govbrain, folder, "within")
            methods["GovBrain --expectation pooled"], _ = govbrain(a.govbrain, folder, "pooled")
            methods["raw success rate"] = raw_rates(folder)
            if py:
                methods["scikit-learn logistic regression, office fixed effects (no shrinkage)"], t_peer = peer(folder, py)
            for name, scores in methods.items():
                per.setdefault(name, []).append(measure(scores, truth))
            per.setdefault("_truth", []).append({"size": spearman([float(t["effect"]) for t in truth_rows], [t["size"] for t in truth_rows]),
                                                 "cases": len(rows), "offices": len(truth_rows), "govbrain_seconds": t_within})
        results[scenario] = per
        truth_info = per.pop("_truth")
        print(f"\n### {scenario}: {truth_info[0]['offices']} offices, {np.mean([t['cases'] for t in truth_info]):.0f} cases on average, "
              f"seeds {a.seeds}; the truth's own Spearman with size {np.mean([t['size'] for t in truth_info]):+.3f}; "
              f"govbrain {np.mean([t['govbrain_seconds'] for t in truth_info]):.1f} s per table\n")
        print("| method | Spearman vs truth | Spearman with office size | AUC, planted bottom 20 % |")
        print("|---|---|---|---|")
        for name, ms in per.items():
            def cell(k):
                v = [m[k] for m in ms]
                return f"{np.mean(v):+.3f} ({min(v):+.3f}..{max(v):+.3f})" if k == "size" else f"{np.mean(v):.3f} ({min(v):.3f}..{max(v):.3f})"
            print(f"| {name} | {cell('spearman')} | {cell('size')} | {cell('auc20')} |")
        results[scenario]["_truth"] = truth_info
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(f"\nresults: {os.path.join(a.out, 'results.json')}")


if __name__ == "__main__":
    main()
