#!/usr/bin/env python3
"""GovBrain's risk and credit models against plain logistic regression, LightGBM,
HistGradientBoosting and the generator's truth, on planted tables and German credit.

What
    One command that, for every table:
      * planted tables (Tools/bench/risk_tables.py: rare_flags, sparse_counts, threshold,
        interaction, decoys, mixed; 21,000 train + 9,000 test rows, 21 feature columns) are
        generated into --out, one folder per shape and seed;
      * GovBrain: `govbrain model train risk --data data.csv --target event --split split.csv
        --out DIR [--algorithm A]` for every algorithm the binary offers (read from `--help`: if
        `--algorithm` is not there, the binary's only model runs, labelled "default"), timed
        (wall seconds), then `govbrain model predict risk --model DIR --data data.csv`; the test
        rows' score / 100 is the probability;
      * peers, all with their defaults and fitted on the train rows only:
          LR    scikit-learn LogisticRegression() on the raw columns: text categories one-hot
                (unknown ignored), numeric columns as they are (not scaled), a missing numeric
                cell imputed with the train median. lbfgs may stop at max_iter=100 on unscaled
                columns; the number of ConvergenceWarnings is reported, as the defaults are.
          LGBM  lightgbm LGBMClassifier() with text columns as pandas category (verbose=-1 only
                silences the log).
          HGB   scikit-learn HistGradientBoostingClassifier(categorical_features="from_dtype")
                with text columns as pandas category; random_state=0 because the default early
                stopping (on for > 10,000 rows) draws a random validation split.
      * oracle: the generator's truth probability (planted tables only);
      * German credit (Datasets/german_credit, target bad, the project's split.csv): GovBrain's
        `model train credit` (prediction column `probability`) and `model train risk`, each
        algorithm, and the same peers (no oracle).
    Then a timing run: one table of 30,000 rows x 20 feature columns (the mixed shape without
    noise_flag, all rows training rows, no --split) trained with each GovBrain algorithm.

Metrics (test rows only)
    AUC       ROC AUC (ties count one half).
    P@1%      precision among the top k = round(0.01 * n) scores; scores sorted descending with
              ties broken by row order (lower data row first), so a model with coarse scores is
              not helped or hurt by a random tie break. 9,000 test rows -> k = 90: noisy.
    E[P@1%]   expected precision at 1 %: the mean truth probability of the same top k rows
              (planted tables only); free of the luck of which rows had the event.
    AP        average precision (area under the precision-recall steps, sklearn's definition).
    Brier     mean squared error of the probability.
    ECE       expected calibration error: 10 equal-count bins of the sorted probability,
              sum over bins of (bin share) * |mean probability - event rate|.
    With several --seeds every metric is the mean over seeds (per-seed values are in the JSON).

    Summary: per table, GovBrain's chosen model ("auto" if the binary has it, else its only
    model) and its best model (highest AUC) as ratios to LR and to the oracle on AUC and P@1%,
    and PASS/FAIL against the issue's bar: AUC and P@1% both >= LR's and >= 0.95 x the oracle's
    (German credit: >= LR only). A second verdict uses E[P@1%] in place of P@1% (luck-free).

How to run (from the repository root)
    python3 -m venv /tmp/riskbench && /tmp/riskbench/bin/pip install numpy pandas scikit-learn lightgbm
    /tmp/riskbench/bin/python Tools/bench/bench_risk_tables.py --govbrain .build/release/govbrain \
        [--out /tmp/govbrain-risk-tables] [--seeds 1,2,3] [--tables mixed,decoys,german_credit]
        [--skip-peers] [--skip-timing] [--algorithms auto,blend]
    Prints one Markdown table per dataset and the summary; writes OUT/results.json and
    OUT/report.md. Nothing is written into the repository.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import warnings

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import risk_tables  # noqa: E402
from machine_line import machine_line

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLANTED = list(risk_tables.SHAPES)


# ---------------------------------------------------------------- metrics

def auc(y, s):
    """ROC AUC from average ranks (ties count one half)."""
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    ss = s[order]
    i = 0
    while i < len(ss):
        j = i
        while j + 1 < len(ss) and ss[j + 1] == ss[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = y.sum()
    neg = len(y) - pos
    return (ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg)


def top_k(s, frac=0.01):
    """Indices of the top round(frac*n) scores; ties broken by row order (stable sort)."""
    k = int(round(frac * len(s)))
    return np.argsort(-s, kind="stable")[:k]


def average_precision(y, s):
    """sum over distinct thresholds of (recall step) * precision, highest score first."""
    order = np.argsort(-s, kind="stable")
    ys, ss = y[order], s[order]
    tp = np.cumsum(ys)
    last = np.r_[np.nonzero(np.diff(ss))[0], len(ss) - 1]  # last index of each tie group
    tp, n = tp[last], last + 1
    recall = tp / y.sum()
    precision = tp / n
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def ece(y, p, bins=10):
    order = np.argsort(p, kind="stable")
    total = 0.0
    for chunk in np.array_split(order, bins):
        total += len(chunk) / len(p) * abs(p[chunk].mean() - y[chunk].mean())
    return total


def metrics(y, p, truth=None):
    top = top_k(p)
    m = {"auc": auc(y, p), "p_at_1": float(y[top].mean()), "ap": average_precision(y, p),
         "brier": float(np.mean((p - y) ** 2)), "ece": ece(y, p)}
    if truth is not None:
        m["e_p_at_1"] = float(truth[top].mean())
    return m


# ---------------------------------------------------------------- GovBrain

def algorithms(gb, kind):
    """The --algorithm values `govbrain model train KIND --help` lists, or [None] without the flag."""
    text = subprocess.run([gb, "model", "train", kind, "--help"], capture_output=True, text=True).stdout
    if "--algorithm" not in text:
        return [None]
    flat = " ".join(text.split())
    # The option's own help (the usage line names the flag too): the occurrence that lists values.
    found = [x for x in re.finditer(r"--algorithm <[^>]*>(.*?)(?= --[a-z]|$)", flat) if "values:" in x.group(1)]
    m = found[0] if found else None
    vals = re.findall(r"\b(auto|scorecard|trees|[a-z]+)\b", m.group(1)) if m else []
    m2 = re.search(r"values: ([a-z, ]+)", m.group(1)) if m else None
    if m2:
        vals = [v.strip() for v in m2.group(1).split(",")]
    else:
        vals = [v for v in ["auto", "scorecard", "trees"] if v in (m.group(1) if m else "")]
    return vals or [None]


def run_govbrain(gb, kind, data, target, split, out_dir, algorithm, n_rows):
    """Trains and predicts; returns (probabilities of all rows, train wall seconds, train stdout)."""
    cmd = [gb, "model", "train", kind, "--data", data, "--target", target, "--out", out_dir]
    if split:
        cmd += ["--split", split]
    if algorithm:
        cmd += ["--algorithm", algorithm]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd), r.stderr.strip()[-2000:]))
    if data is None:
        return None, wall, r.stdout
    scores = out_dir + ".scores.csv"
    p = subprocess.run([gb, "model", "predict", kind, "--model", out_dir, "--data", data, "--out", scores],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("predict %s failed: %s" % (kind, p.stderr.strip()[-2000:]))
    prob = np.full(n_rows, np.nan)
    with open(scores) as f:
        header = f.readline().strip().split(",")
        col = header.index("probability" if kind == "credit" else "score")
        scale = 1.0 if kind == "credit" else 100.0
        for line in f:
            cells = line.rstrip("\n").split(",")
            prob[int(cells[0])] = float(cells[col]) / scale
    return prob, wall, r.stdout


# ---------------------------------------------------------------- peers

def read_table(path, target):
    import pandas as pd
    df = pd.read_csv(path, keep_default_na=True)
    y = df[target].to_numpy().astype(int)
    X = df.drop(columns=[c for c in [target, "id"] if c in df.columns])
    cats = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]  # text columns
    return X, y, cats


def peers(X, y, cats, train, test):
    """{name: (test probabilities, note)} for LR, LGBM and HGB, fitted on the train rows."""
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder
    import lightgbm

    out = {}
    nums = [c for c in X.columns if c not in cats]
    pre = ColumnTransformer([("num", SimpleImputer(strategy="median"), nums),
                             ("cat", OneHotEncoder(handle_unknown="ignore"), cats)])
    lr = make_pipeline(pre, LogisticRegression())
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always", ConvergenceWarning)
        lr.fit(X[train], y[train])
    conv = sum(issubclass(x.category, ConvergenceWarning) for x in w)
    out["LR"] = (lr.predict_proba(X[test])[:, 1], time.perf_counter() - t0,
                 "lbfgs did not converge" if conv else "")

    Xc = X.copy()
    for c in cats:
        Xc[c] = pd.Categorical(Xc[c].astype(object), categories=sorted(Xc[c].dropna().unique()))
    # HGB before LightGBM: after LightGBM's OpenMP threads HGB ran up to 30x slower here
    t0 = time.perf_counter()
    hgb = HistGradientBoostingClassifier(categorical_features="from_dtype", random_state=0)
    hgb.fit(Xc[train], y[train])
    out["HGB"] = (hgb.predict_proba(Xc[test])[:, 1], time.perf_counter() - t0, "")
    t0 = time.perf_counter()
    gbm = lightgbm.LGBMClassifier(verbose=-1)
    gbm.fit(Xc[train], y[train])
    out["LGBM"] = (gbm.predict_proba(Xc[test])[:, 1], time.perf_counter() - t0, "")
    return out


# ---------------------------------------------------------------- runs

def evaluate_table(name, data, target, split_path, gb, kinds, algs, skip_peers, truth_path, work):
    """{model: metrics + train_s} on the test rows of one table."""
    import pandas as pd
    sets = pd.read_csv(split_path)
    n = sum(1 for _ in open(data)) - 1
    is_test = np.zeros(n, dtype=bool)
    is_test[sets["row"][sets["set"] == "test"].to_numpy()] = True
    y_all = pd.read_csv(data, usecols=[target])[target].to_numpy().astype(int)
    y = y_all[is_test]
    truth = None
    if truth_path:
        t = pd.read_csv(truth_path)
        tp = np.empty(n)
        tp[t["row"].to_numpy()] = t["probability"].to_numpy()
        truth = tp[is_test]
    res = {}
    for kind in kinds:
        for a in algs[kind]:
            label = "GovBrain %s%s" % (kind, "" if a is None else " --algorithm " + a)
            out_dir = os.path.join(work, "model-%s-%s" % (kind, a or "default"))
            try:
                prob, wall, _ = run_govbrain(gb, kind, data, target, split_path, out_dir, a, n)
            except RuntimeError as e:  # a failed run is a result, not the end of the bench
                print("FAILED: %s" % e, file=sys.stderr, flush=True)
                res[label] = {"error": str(e).split(" failed: ")[-1][:300], "govbrain": {"kind": kind, "algorithm": a}}
                continue
            m = metrics(y, prob[is_test], truth)
            m["train_s"] = wall
            m["govbrain"] = {"kind": kind, "algorithm": a}
            res[label] = m
    if not skip_peers:
        X, _, cats = read_table(data, target)
        for peer, (p, secs, note) in peers(X, y_all, cats, ~is_test, is_test).items():
            m = metrics(y, p, truth)
            m["train_s"] = secs
            if note:
                m["note"] = note
            res[peer] = m
    if truth is not None:
        m = metrics(y, truth, truth)
        m["train_s"] = None
        res["oracle"] = m
    res["_info"] = {"test_rows": int(is_test.sum()), "test_events": int(y.sum()),
                    "k_top_1pct": int(round(0.01 * is_test.sum()))}
    return res


def average(runs):
    """Mean of each metric over the seeds' results (same models in each)."""
    out = {}
    for model in runs[0]:
        if model == "_info":
            out[model] = runs[0][model]
            continue
        failed = [r[model]["error"] for r in runs if "error" in r[model]]
        if failed:
            out[model] = {"error": "%d of %d seeds failed: %s" % (len(failed), len(runs), failed[0]),
                          "govbrain": runs[0][model]["govbrain"]}
            continue
        m = {}
        for k, v in runs[0][model].items():
            if isinstance(v, (int, float)) and v is not None:
                m[k] = float(np.mean([r[model][k] for r in runs]))
            elif v is None:
                m[k] = None
            else:
                m[k] = v
        out[model] = m
    return out


def fmt(v, d=3):
    return "—" if v is None else ("%.*f" % (d, v))


def markdown_table(name, res, seeds):
    info = res["_info"]
    lines = ["### %s (test rows %d, events %d, top 1 %% = %d rows%s)" % (
        name, info["test_rows"], info["test_events"], info["k_top_1pct"],
        "" if name == "german_credit" else ", mean of seeds " + ",".join(map(str, seeds))), "",
        "| model | AUC | P@1% | E[P@1%] | AP | Brier | ECE | train s |", "|---|---|---|---|---|---|---|---|"]
    for model, m in res.items():
        if model == "_info":
            continue
        if "error" in m:
            lines.append("| %s | failed: %s |  |  |  |  |  |  |" % (model, m["error"].replace("|", "/")))
            continue
        note = " (%s)" % m["note"] if m.get("note") else ""
        lines.append("| %s%s | %s | %s | %s | %s | %s | %s | %s |" % (
            model, note, fmt(m["auc"]), fmt(m["p_at_1"]), fmt(m.get("e_p_at_1")), fmt(m["ap"]),
            fmt(m["brier"], 4), fmt(m["ece"], 4), fmt(m["train_s"], 2)))
    return "\n".join(lines)


def verdict(gbm, lr, oracle, key):
    ok = gbm["auc"] >= lr["auc"] and gbm[key] >= lr[key]
    if oracle is not None:
        ok = ok and gbm["auc"] >= 0.95 * oracle["auc"] and gbm[key] >= 0.95 * oracle[key]
    return "PASS" if ok else "FAIL"


def summary(results, algs):
    lines = ["### Summary: GovBrain against LR and the oracle (the issue's bar: >= LR and >= 0.95 x oracle)", "",
             "| table | GovBrain model | AUC / LR | P@1% / LR | AUC / oracle | P@1% / oracle | E[P@1%] / oracle | verdict (P@1%) | verdict (E[P@1%]) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, res in results.items():
        gb = {k: v for k, v in res.items() if k.startswith("GovBrain")}
        if not gb:
            continue
        lr, oracle = res.get("LR"), res.get("oracle")
        kinds = sorted({v["govbrain"]["kind"] for v in gb.values()})
        for kind in kinds:
            mine = {k: v for k, v in gb.items() if v["govbrain"]["kind"] == kind}
            chosen = next((k for k, v in mine.items() if v["govbrain"]["algorithm"] == "auto"), None) \
                or next(iter(mine))
            best = max(mine, key=lambda k: mine[k].get("auc", -1))
            for role, label in [("chosen", chosen)] + ([("best", best)] if best != chosen else []):
                m = mine[label]
                if "error" in m:
                    lines.append("| %s | %s (%s) | — | — | — | — | — | FAIL (error) | FAIL (error) |" % (
                        name, label.replace("GovBrain ", ""), role))
                    continue
                r = lambda a, b, k: fmt(a[k] / b[k]) if (b is not None and a.get(k) is not None and b.get(k)) else "—"  # noqa: E731
                v1 = verdict(m, lr, oracle, "p_at_1") if lr else "—"
                v2 = verdict(m, lr, oracle, "e_p_at_1") if (lr and oracle) else "—"
                lines.append("| %s | %s (%s) | %s | %s | %s | %s | %s | %s | %s |" % (
                    name, label.replace("GovBrain ", ""), role, r(m, lr, "auc"), r(m, lr, "p_at_1"),
                    r(m, oracle, "auc"), r(m, oracle, "p_at_1"), r(m, oracle, "e_p_at_1"), v1, v2))
    return "\n".join(lines)


def timing_run(gb, algs, out, seed):
    """30,000 rows x 20 feature columns (mixed without noise_flag), all rows training rows."""
    c, event, p, _ = risk_tables.make_shape("mixed", seed, 30000, 0)
    feats = [f for f in risk_tables.FEATURES if f != "noise_flag"]
    d = os.path.join(out, "timing")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "data.csv")
    cols = [risk_tables.fmt_column(f, c[f]) for f in feats]
    with open(path, "w") as f:
        f.write(",".join(feats) + ",event\n")
        for i in range(len(event)):
            f.write(",".join(col[i] for col in cols) + ",%d\n" % event[i])
    rows = []
    for kind in ["risk", "credit"]:
        for a in algs[kind]:
            model_dir = os.path.join(d, "model-%s-%s" % (kind, a or "default"))
            cmd = [gb, "model", "train", kind, "--data", path, "--target", "event", "--out", model_dir]
            if a:
                cmd += ["--algorithm", a]
            t0 = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            rows.append({"kind": kind, "algorithm": a, "seconds": wall, "ok": r.returncode == 0,
                         "rows": len(event), "columns": len(feats)})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--govbrain", default=".build/release/govbrain")
    ap.add_argument("--out", default="/tmp/govbrain-risk-tables")
    ap.add_argument("--seed", type=int, default=1, help="the seed when --seeds is not given")
    ap.add_argument("--seeds", default=None, help="comma-separated seeds; metrics are averaged")
    ap.add_argument("--tables", default=",".join(PLANTED + ["german_credit"]))
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--skip-timing", action="store_true")
    ap.add_argument("--algorithms", default=None,
                    help="comma-separated GovBrain algorithms to run (default: every one the binary offers)")
    ap.add_argument("--train", type=int, default=21000)
    ap.add_argument("--test", type=int, default=9000)
    a = ap.parse_args()
    if a.govbrain:
        print(machine_line(a.govbrain), flush=True)  # CPU, BLAS core, sgemm GFLOP/s beside the figures
    gb = os.path.abspath(a.govbrain)
    seeds = [int(s) for s in a.seeds.split(",")] if a.seeds else [a.seed]
    os.makedirs(a.out, exist_ok=True)
    algs = {k: algorithms(gb, k) for k in ["risk", "credit"]}
    if a.algorithms:
        keep = a.algorithms.split(",")
        algs = {k: [x for x in v if x is None or x in keep] or v for k, v in algs.items()}
    print("govbrain %s; --algorithm values: risk %s, credit %s" % (gb, algs["risk"], algs["credit"]), flush=True)

    results, per_seed, blocks = {}, {}, []
    for name in a.tables.split(","):
        if name == "german_credit":
            g = os.path.join(REPO, "Datasets", "german_credit")
            work = os.path.join(a.out, "german_credit")
            os.makedirs(work, exist_ok=True)
            res = evaluate_table(name, os.path.join(g, "german_credit.csv"), "bad", os.path.join(g, "split.csv"),
                                 gb, ["credit", "risk"], algs, a.skip_peers, None, work)
            results[name] = res
        elif name in risk_tables.SHAPES:
            runs = []
            for s in seeds:
                d = risk_tables.write_shape(name, s, os.path.join(a.out, "%s-seed%d" % (name, s)), a.train, a.test)
                runs.append(evaluate_table(name, os.path.join(d, "data.csv"), "event", os.path.join(d, "split.csv"),
                                           gb, ["risk"], algs, a.skip_peers, os.path.join(d, "truth.csv"), d))
            per_seed[name] = {str(s): r for s, r in zip(seeds, runs)}
            results[name] = average(runs)
        else:
            sys.exit("unknown table %s (planted: %s, or german_credit)" % (name, ",".join(PLANTED)))
        block = markdown_table(name, results[name], seeds)
        blocks.append(block)
        print(block + "\n", flush=True)

    summ = summary(results, algs)
    blocks.append(summ)
    print(summ + "\n")
    timing = []
    if not a.skip_timing:
        timing = timing_run(gb, algs, a.out, seeds[0])
        t = ["### Training time, 30,000 rows x 20 columns (mixed shape, all rows train)", "",
             "| command | wall s | exit ok |", "|---|---|---|"]
        for r in timing:
            t.append("| model train %s%s | %.2f | %s |" % (r["kind"], "" if r["algorithm"] is None else
                                                          " --algorithm " + r["algorithm"], r["seconds"], r["ok"]))
        blocks.append("\n".join(t))
        print(blocks[-1])
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump({"govbrain": gb, "seeds": seeds, "algorithms": algs, "results": results,
                   "per_seed": per_seed, "timing": timing}, f, indent=1)
    with open(os.path.join(a.out, "report.md"), "w") as f:
        f.write("\n\n".join(blocks) + "\n")
    print("\nwrote %s and %s" % (os.path.join(a.out, "results.json"), os.path.join(a.out, "report.md")))


if __name__ == "__main__":
    main()
