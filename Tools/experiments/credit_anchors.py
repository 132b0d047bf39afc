#!/usr/bin/env python3
"""Credit-scoring anchors on the Statlog German Credit data.

Reads (relative to this script):
  Datasets/german_credit/german_credit.csv   1000 rows, 20 attributes + `bad`
  Datasets/german_credit/split.csv           row,set (700 train / 300 test)

Models
  1. scorecardpy standard pipeline, fitted on the training part only:
     var_filter (defaults: iv_limit=0.02, missing_limit=0.95, identical_limit=0.95)
     -> woebin (defaults: method='tree', bin_num_limit=8, count_distr_limit=0.05, stop_limit=0.1)
     -> woebin_ply -> LogisticRegression(L1, C=0.9, solver='saga')   [as in the scorecardpy README]
     -> scorecard (defaults: points0=600, odds0=1/19, pdo=50) -> scorecard_ply.
     Reported on the LR probability and on the integer card points.
  2. sklearn LogisticRegression (lbfgs, C=1, L2) on one-hot categoricals + standardised numerics.
  3. LightGBM LGBMClassifier() with default hyper-parameters, categoricals as pandas
     `category` (native categorical split); also on the one-hot matrix.

Metrics: ROC AUC, KS = max(TPR - FPR), Gini = 2*AUC - 1; `bad` (1) is the positive class.
Held-out: the fixed 700/300 split.  CV: StratifiedKFold(5, shuffle=True, random_state=42)
on all 1000 rows (every model refitted per fold, binning included); mean and sample sd (ddof=1).
`--cv-repeats N` additionally runs RepeatedStratifiedKFold(5 x N, random_state=42).

Writes (relative to this script): out/results.json, out/scorecardpy_bins_train.csv,
out/scorecardpy_card_train.csv, out/test_predictions.csv, out/iv_full.csv.

Tested with: python 3.11, scorecardpy 0.1.9.7, pandas 2.2.3 (scorecardpy fails on pandas 3:
it calls pd.to_numeric(errors='ignore')), numpy 2.4.6, scikit-learn 1.9.1, lightgbm 4.7.0.
"""
import argparse
import json
import os
import time
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")  # scorecardpy/pandas deprecation chatter

import lightgbm as lgb  # noqa: E402
import scorecardpy as sc  # noqa: E402
import sklearn  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score, roc_curve  # noqa: E402
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.join(HERE, "..", "..", "Datasets", "german_credit")
OUT_DIR = os.path.join(HERE, "out")
Y = "bad"
SEED = 42


def ks_stat(y, p):
    fpr, tpr, _ = roc_curve(y, p)
    return float(np.max(tpr - fpr))


def metrics(y, p):
    auc = float(roc_auc_score(y, p))
    return {"auc": auc, "ks": ks_stat(y, p), "gini": 2 * auc - 1}


def load():
    d = pd.read_csv(os.path.join(DATA_DIR, "german_credit.csv"))
    s = pd.read_csv(os.path.join(DATA_DIR, "split.csv"))
    assert len(d) == 1000 and (s["row"].values == np.arange(1000)).all()
    cat_cols = [c for c in d.columns if c != Y and d[c].dtype == object]
    num_cols = [c for c in d.columns if c != Y and c not in cat_cols]
    return d, s, cat_cols, num_cols


# ---------------------------------------------------------------- models
def fit_scorecardpy(tr, te):
    """Returns dict with probabilities, points and artefacts."""
    t0 = time.perf_counter()
    trf = sc.var_filter(tr, y=Y)
    # var_filter returns columns in hash-seed-dependent order; fix it to the CSV column order
    kept = [c for c in tr.columns if c in trf.columns and c != Y]
    trf = trf[kept + [Y]]
    bins = sc.woebin(trf, y=Y)
    trw = sc.woebin_ply(trf, bins)
    X = trw[[f"{c}_woe" for c in kept]]  # fixed column order
    # == LogisticRegression(penalty='l1', C=0.9, solver='saga') of the scorecardpy README,
    # written with the sklearn>=1.8 API and enough iterations to converge.
    lr = LogisticRegression(l1_ratio=1.0, C=0.9, solver="saga", max_iter=20000, random_state=0)
    lr.fit(X, trw[Y])
    card = sc.scorecard(bins, lr, X.columns)
    fit_s = time.perf_counter() - t0
    tew = sc.woebin_ply(te[kept + [Y]], bins)
    p = lr.predict_proba(tew[X.columns])[:, 1]
    pts = sc.scorecard_ply(te, card, print_step=0)["score"].values
    pts_tr = sc.scorecard_ply(tr, card, print_step=0)["score"].values
    return {"p": p, "points": pts, "points_train": pts_tr, "bins": bins, "card": card,
            "kept": kept, "coef": dict(zip(X.columns, lr.coef_[0])), "fit_s": fit_s,
            "n_iter": int(lr.n_iter_[0])}


def onehot_lr(cat_cols, num_cols):
    pre = ColumnTransformer([
        ("cat", OneHotEncoder(handle_unknown="ignore"), cat_cols),
        ("num", StandardScaler(), num_cols)])
    return make_pipeline(pre, LogisticRegression(max_iter=5000))


def onehot_lgbm(cat_cols, num_cols):
    pre = ColumnTransformer([
        ("cat", OneHotEncoder(handle_unknown="ignore"), cat_cols),
        ("num", "passthrough", num_cols)])
    return make_pipeline(pre, lgb.LGBMClassifier(random_state=0, verbose=-1))


def as_category(df, cat_cols, levels):
    df = df.copy()
    for c in cat_cols:
        df[c] = pd.Categorical(df[c], categories=levels[c])
    return df


def fit_all(tr, te, cat_cols, num_cols, levels, with_artifacts=False):
    out = {}
    r = fit_scorecardpy(tr, te)
    out["scorecardpy_lr_prob"] = (r["p"], r["fit_s"])
    out["scorecardpy_points"] = (-r["points"], r["fit_s"])  # higher points = better credit
    feats = cat_cols + num_cols
    t0 = time.perf_counter()
    m = onehot_lr(cat_cols, num_cols).fit(tr[feats], tr[Y])
    out["sklearn_lr_onehot"] = (m.predict_proba(te[feats])[:, 1], time.perf_counter() - t0)
    t0 = time.perf_counter()
    g = lgb.LGBMClassifier(random_state=0, verbose=-1)
    g.fit(as_category(tr[feats], cat_cols, levels), tr[Y])
    out["lightgbm_default_native_cat"] = (
        g.predict_proba(as_category(te[feats], cat_cols, levels))[:, 1], time.perf_counter() - t0)
    t0 = time.perf_counter()
    g2 = onehot_lgbm(cat_cols, num_cols).fit(tr[feats], tr[Y])
    out["lightgbm_default_onehot"] = (g2.predict_proba(te[feats])[:, 1], time.perf_counter() - t0)
    return (out, r) if with_artifacts else out


def psi(expected, actual, n_bins=10):
    qs = np.unique(np.quantile(expected, np.linspace(0, 1, n_bins + 1)))
    qs[0], qs[-1] = -np.inf, np.inf
    e = np.histogram(expected, qs)[0] / len(expected)
    a = np.histogram(actual, qs)[0] / len(actual)
    e, a = np.clip(e, 1e-6, None), np.clip(a, 1e-6, None)
    return float(np.sum((a - e) * np.log(a / e)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv-repeats", type=int, default=0,
                    help="also run repeated stratified 5-fold CV with this many repeats")
    args = ap.parse_args()
    os.makedirs(OUT_DIR, exist_ok=True)

    d, s, cat_cols, num_cols = load()
    levels = {c: sorted(d[c].unique()) for c in cat_cols}  # schema levels (no target info)
    is_tr = (s["set"] == "train").values
    tr, te = d[is_tr].reset_index(drop=True), d[~is_tr].reset_index(drop=True)
    print(f"train n={len(tr)} bad={tr[Y].sum()} | test n={len(te)} bad={te[Y].sum()}")

    res = {"versions": {"scorecardpy": sc.__version__ if hasattr(sc, "__version__") else "0.1.9.7",
                        "sklearn": sklearn.__version__, "lightgbm": lgb.__version__,
                        "pandas": pd.__version__, "numpy": np.__version__},
           "holdout": {}, "cv5": {}, "cv_repeated": {}}

    # ---- held-out split
    preds, r = fit_all(tr, te, cat_cols, num_cols, levels, with_artifacts=True)
    for name, (p, fit_s) in preds.items():
        res["holdout"][name] = {**metrics(te[Y].values, p), "fit_s": fit_s}
    res["scorecardpy_detail"] = {
        "kept_vars": r["kept"], "n_kept": len(r["kept"]),
        "lr_nonzero_coef": int(sum(abs(v) > 0 for v in r["coef"].values())),
        "lr_n_iter": r["n_iter"],
        "basepoints": float(r["card"]["basepoints"]["points"].iloc[0]),
        "test_points_min": float(r["points"].min()), "test_points_max": float(r["points"].max()),
        "psi_points_train_vs_test": psi(r["points_train"], r["points"]),
    }
    # grade-like bands: quintiles of train points -> bad rate on test
    qs = np.quantile(r["points_train"], [0.2, 0.4, 0.6, 0.8])
    band = np.searchsorted(qs, r["points"], side="right")  # 0 = lowest points (riskiest)
    res["scorecardpy_detail"]["test_bad_rate_by_train_points_quintile"] = [
        {"band": int(b), "n": int((band == b).sum()), "bad_rate": float(te[Y].values[band == b].mean())}
        for b in range(5)]
    # cross-check KS/AUC with scorecardpy's own perf_eva
    pe = sc.perf_eva(te[Y].values, r["p"], show_plot=None)
    res["scorecardpy_detail"]["perf_eva_check"] = {"KS": float(pe["KS"]), "AUC": float(pe["AUC"])}

    # artefacts for the Swift implementation to compare against
    pd.concat([r["bins"][v] for v in r["kept"]]).to_csv(
        os.path.join(OUT_DIR, "scorecardpy_bins_train.csv"), index=False)
    pd.concat([r["card"][v] for v in ["basepoints"] + r["kept"] if v in r["card"]]).to_csv(
        os.path.join(OUT_DIR, "scorecardpy_card_train.csv"), index=False)
    tp = pd.DataFrame({"row": s.loc[~is_tr, "row"].values, Y: te[Y].values})
    tp["scorecardpy_points"] = r["points"]
    for name, (p, _) in preds.items():
        if name != "scorecardpy_points":
            tp[name] = np.round(p, 6)
    tp.to_csv(os.path.join(OUT_DIR, "test_predictions.csv"), index=False)
    full_bins = sc.woebin(d, y=Y)
    iv = pd.DataFrame([(k, float(v["total_iv"].iloc[0]), len(v)) for k, v in full_bins.items()],
                      columns=["variable", "iv_full_1000", "n_bins"])
    iv["iv_train_700"] = iv["variable"].map(
        {k: float(v["total_iv"].iloc[0]) for k, v in sc.woebin(tr, y=Y).items()})
    iv.sort_values("iv_full_1000", ascending=False).to_csv(os.path.join(OUT_DIR, "iv_full.csv"), index=False)

    # ---- cross-validation on all 1000 rows
    def run_cv(splitter, key):
        per = {}
        for k, (a, b) in enumerate(splitter.split(d, d[Y])):
            t0 = time.perf_counter()
            pr = fit_all(d.iloc[a].reset_index(drop=True), d.iloc[b].reset_index(drop=True),
                         cat_cols, num_cols, levels)
            for name, (p, _) in pr.items():
                per.setdefault(name, []).append(metrics(d[Y].values[b], p))
            print(f"  {key} fold {k}: {time.perf_counter() - t0:.1f}s")
        for name, ms in per.items():
            aucs = np.array([m["auc"] for m in ms])
            kss = np.array([m["ks"] for m in ms])
            res[key][name] = {"n_folds": len(ms), "auc_mean": float(aucs.mean()),
                              "auc_sd": float(aucs.std(ddof=1)), "ks_mean": float(kss.mean()),
                              "ks_sd": float(kss.std(ddof=1)), "auc_folds": [float(x) for x in aucs]}

    run_cv(StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED), "cv5")
    if args.cv_repeats > 0:
        run_cv(RepeatedStratifiedKFold(n_splits=5, n_repeats=args.cv_repeats, random_state=SEED),
               "cv_repeated")

    with open(os.path.join(OUT_DIR, "results.json"), "w") as f:
        json.dump(res, f, indent=2)

    # ---- print markdown
    print("\n| model | test AUC | test KS | test Gini | CV5 AUC mean ± sd | CV5 KS mean ± sd |"
          + (f" {5}x{args.cv_repeats} CV AUC mean ± sd |" if args.cv_repeats else ""))
    print("|---|---|---|---|---|---|" + ("---|" if args.cv_repeats else ""))
    for name, h in res["holdout"].items():
        c = res["cv5"][name]
        line = (f"| {name} | {h['auc']:.4f} | {h['ks']:.4f} | {h['gini']:.4f} | "
                f"{c['auc_mean']:.4f} ± {c['auc_sd']:.4f} | {c['ks_mean']:.4f} ± {c['ks_sd']:.4f} |")
        if args.cv_repeats:
            cr = res["cv_repeated"][name]
            line += f" {cr['auc_mean']:.4f} ± {cr['auc_sd']:.4f} |"
        print(line)
    print("\nscorecardpy detail:", json.dumps(res["scorecardpy_detail"], indent=1))


if __name__ == "__main__":
    main()
