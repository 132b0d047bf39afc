#!/usr/bin/env python3
"""Seeded planted-risk tables in the shape of market-supervision data (numpy only).

What
    Each "shape" is one table of enterprises (default 21,000 train + 9,000 test rows) with the same
    ~20 columns: age, registered capital, headcount and tax change, industry and region (text
    categories), hotline complaints and their trend, a 4 % abnormal-operation listing flag
    (经营异常名录), a 1.5 % dishonest-executee flag (失信被执行人), a wage-arrears complaint count
    that is 0 for ~95 % of rows, court cases, tax arrears, inspections, changes of legal
    representative, social-insurance coverage, penalty amounts with benign outliers, complaints
    about related parties, and pure-noise columns. Only the event's log-odds differ between shapes:

      rare_flags     the two rare flags carry most of the risk
      sparse_counts  the mostly-zero counts (wage arrears, court cases, tax arrears) carry it
      threshold      risk jumps when tax revenue falls by more than 35 % or the firm is < 1 year
                     old; flat on either side of each cut
      interaction    headcount and tax moving in opposite directions (an XOR of the two halves):
                     each column alone has no effect, together they are the strongest signal
      decoys         moderate true effects; columns that look risky but have no effect of their
                     own: related-party complaints and inspections (both correlated with the true
                     complaints driver), penalty amounts with huge benign outliers (0.4 % of rows,
                     10^3-10^5 wan; this shape only), a 3 % random flag. Train and test come from one distribution.
      mixed          all of the above at once; the abnormal-listing flag (IV about 0.33) is the
                     strongest column, as in the independent checker's table

    The log-odds of every shape is a function of the observed columns only (a missing cell adds
    nothing), so the truth probability is the best any model can do (the "oracle"). The
    intercept is solved so that the mean probability equals the shape's event rate (4-10 %).

Files per shape (in OUT/SHAPE/)
    data.csv   id, the feature columns, event (0/1 drawn from the truth probability)
    split.csv  row,set: row = 0-based data row index, set = train or test (what
               `govbrain model train risk --split` reads)
    truth.csv  row,probability: the generator's event probability (never in data.csv)

How to run
    python3 Tools/bench/risk_tables.py --out /tmp/risk-tables [--seed 1] [--shapes mixed,decoys]
        [--train 21000 --test 9000] [--describe]
    --describe prints per column the information value (IV, 10 quantile bins, zeros and missing
    kept as their own bins) and the event rate, which is how `mixed` was tuned.
    Bench_risk_tables.py imports `write_shape` and `SHAPES` from here.
"""
import argparse
import os

import numpy as np

INDUSTRIES = ["manufacturing", "construction", "wholesale_retail", "catering", "transport",
              "real_estate", "it_services", "education_training", "healthcare", "agriculture"]
INDUSTRY_SHARE = [0.20, 0.12, 0.22, 0.10, 0.07, 0.05, 0.09, 0.06, 0.04, 0.05]
REGIONS = ["district_%02d" % i for i in range(1, 9)]
REGION_SHARE = [0.22, 0.18, 0.15, 0.12, 0.11, 0.09, 0.08, 0.05]

FEATURES = ["age_years", "reg_capital_wan", "headcount_change_pct", "tax_change_pct", "industry",
            "region", "complaints_12m", "complaints_trend", "abnormal_listing", "dishonest_list",
            "wage_arrears_complaints", "court_cases", "tax_arrears_wan", "inspections_3y",
            "legal_rep_changes_3y", "social_insurance_coverage", "penalty_amount_wan",
            "related_complaints", "noise_a", "noise_b", "noise_flag"]
CATEGORICAL = {"industry", "region"}


def base_columns(rng, n, huge_penalties=False):
    """The feature columns: numeric arrays (NaN = missing cell) and str arrays (categories).
    huge_penalties adds large benign penalty outliers (the decoys shape)."""
    c = {}
    ind = rng.choice(len(INDUSTRIES), size=n, p=INDUSTRY_SHARE)
    c["industry_code"] = ind
    c["industry"] = np.array(INDUSTRIES, dtype=object)[ind]
    c["region"] = np.array(REGIONS, dtype=object)[rng.choice(len(REGIONS), size=n, p=REGION_SHARE)]
    c["age_years"] = np.round(rng.gamma(2.0, 4.0, n) + 0.05, 1)
    c["reg_capital_wan"] = np.round(np.exp(rng.normal(4.5, 1.3, n)), 1)
    c["headcount_change_pct"] = np.round(np.clip(rng.normal(2.0, 15.0, n), -90, 300), 1)
    tax = rng.normal(3.0, 22.0, n) + 12.0 * rng.standard_t(3, n)
    tax = np.round(np.clip(tax, -100, 400), 1)
    tax[rng.random(n) < 0.04] = np.nan
    c["tax_change_pct"] = tax
    busy = np.isin(ind, [1, 3, 5]).astype(float)           # construction, catering, real estate
    lam = rng.gamma(0.6, 1.3, n) * np.exp(0.35 * busy)
    c["complaints_12m"] = rng.poisson(lam).astype(float)
    c["complaints_trend"] = (rng.poisson(lam / 2) - rng.poisson(lam / 2)).astype(float)
    young = c["age_years"] < 3
    c["abnormal_listing"] = (rng.random(n) < np.where(young, 0.06, 0.033)).astype(float)
    c["dishonest_list"] = (rng.random(n) < 0.015).astype(float)
    wage = rng.random(n) < 0.035 + 0.05 * (ind == 1)        # construction owes wages more often
    c["wage_arrears_complaints"] = np.where(wage, 1 + rng.poisson(0.8, n), 0).astype(float)
    court = rng.random(n) < 0.10
    c["court_cases"] = np.where(court, rng.geometric(0.55, n), 0).astype(float)
    arrears = rng.random(n) < 0.07
    c["tax_arrears_wan"] = np.where(arrears, np.round(np.exp(rng.normal(1.5, 1.2, n)), 2), 0.0)
    c["inspections_3y"] = rng.poisson(0.4 + 0.3 * c["complaints_12m"]).astype(float)
    c["legal_rep_changes_3y"] = rng.poisson(0.3, n).astype(float)
    ss = np.round(rng.beta(5, 2, n), 3)
    ss[rng.random(n) < 0.03] = np.nan
    c["social_insurance_coverage"] = ss
    pen = np.where(rng.random(n) < 0.08, np.round(np.exp(rng.normal(1.0, 1.5, n)), 2), 0.0)
    huge = (rng.random(n) < 0.004) & huge_penalties         # large, benign one-off penalties
    pen[huge] = np.round(np.exp(rng.uniform(7, 11.5, huge.sum())), 2)
    c["penalty_amount_wan"] = pen
    c["related_complaints"] = rng.poisson(0.8 * c["complaints_12m"] + 0.3).astype(float)
    c["noise_a"] = np.round(rng.normal(0, 1, n), 3)
    c["noise_b"] = np.round(rng.uniform(0, 100, n), 2)
    c["noise_flag"] = (rng.random(n) < 0.03).astype(float)
    return c


def z0(x):
    """x with a missing cell as 0 (no contribution)."""
    return np.nan_to_num(x, nan=0.0)


def weak_terms(c, scale=1.0):
    """Small, smooth effects every shape shares (young firms, complaints, low coverage)."""
    ss = c["social_insurance_coverage"]
    return scale * (-0.25 * np.log1p(c["age_years"]) + 0.25 * np.log1p(c["complaints_12m"])
                    + np.where(np.isnan(ss), 0.0, -0.8 * (ss - 0.7)))


def logit_rare_flags(c):
    return weak_terms(c) + 2.5 * c["abnormal_listing"] + 2.9 * c["dishonest_list"]


def logit_sparse_counts(c):
    return (weak_terms(c) + 1.1 * np.minimum(c["wage_arrears_complaints"], 4)
            + 0.9 * np.log1p(c["court_cases"]) + 0.55 * np.log1p(c["tax_arrears_wan"]))


def threshold_terms(c):
    tax = c["tax_change_pct"]
    drop = np.where(np.isnan(tax), 0.0, (tax < -35).astype(float))
    return 2.4 * drop + 1.4 * (c["age_years"] < 1.0)


def logit_threshold(c):
    return 0.5 * weak_terms(c) + threshold_terms(c)


def interaction_terms(c):
    tax = c["tax_change_pct"]
    up = c["headcount_change_pct"] > 2.0
    down = tax < 3.0
    xor = np.where(np.isnan(tax), 0.0, (up != down).astype(float))
    # opposite moves, stronger the larger both are (marginally flat in each column)
    prod = np.where(np.isnan(tax), 0.0, -(c["headcount_change_pct"] - 2.0) / 15.0 * (tax - 3.0) / 25.0)
    return 1.3 * xor + 0.7 * np.clip(prod, -2.0, 4.0)


def logit_interaction(c):
    return 0.5 * weak_terms(c) + interaction_terms(c)


def logit_decoys(c):
    ind = c["industry_code"]
    return (weak_terms(c, 1.5) + 0.9 * c["abnormal_listing"] + 0.35 * (ind == 1)
            + 0.3 * np.log1p(c["court_cases"]))


def logit_mixed(c):
    ind = c["industry_code"]
    return (weak_terms(c) + 2.2 * c["abnormal_listing"] + 1.8 * c["dishonest_list"]
            + 0.7 * np.minimum(c["wage_arrears_complaints"], 4) + 0.5 * np.log1p(c["court_cases"])
            + 0.4 * np.log1p(c["tax_arrears_wan"]) + 0.55 * threshold_terms(c)
            + 0.6 * interaction_terms(c) + 0.25 * (ind == 1))


# shape -> (log-odds without intercept, target event rate)
SHAPES = {
    "rare_flags": (logit_rare_flags, 0.05),
    "sparse_counts": (logit_sparse_counts, 0.05),
    "threshold": (logit_threshold, 0.06),
    "interaction": (logit_interaction, 0.06),
    "decoys": (logit_decoys, 0.07),
    "mixed": (logit_mixed, 0.06),
}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def solve_intercept(eta, rate):
    """Intercept b with mean(sigmoid(eta + b)) = rate (bisection; deterministic)."""
    lo, hi = -20.0, 20.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if sigmoid(eta + mid).mean() < rate:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def make_shape(shape, seed, n_train=21000, n_test=9000):
    """(columns, event, probability, is_test) of one shape; the seed mixes in the shape name."""
    fn, rate = SHAPES[shape]
    salt = sum((i + 1) * ord(ch) for i, ch in enumerate(shape))
    rng = np.random.default_rng([seed, salt])
    n = n_train + n_test
    c = base_columns(rng, n, huge_penalties=(shape == "decoys"))
    eta = fn(c)
    p = sigmoid(eta + solve_intercept(eta, rate))
    event = (rng.random(n) < p).astype(int)
    is_test = np.zeros(n, dtype=bool)
    is_test[rng.permutation(n)[:n_test]] = True
    return c, event, p, is_test


def fmt_column(name, x):
    if name in CATEGORICAL:
        return [str(v) for v in x]
    out = []
    for v in x:
        if np.isnan(v):
            out.append("")
        elif float(v).is_integer():
            out.append(str(int(v)))
        else:
            out.append(repr(float(v)))
    return out


def write_shape(shape, seed, out_dir, n_train=21000, n_test=9000):
    """Writes data.csv, split.csv and truth.csv for one shape into out_dir; returns out_dir."""
    c, event, p, is_test = make_shape(shape, seed, n_train, n_test)
    os.makedirs(out_dir, exist_ok=True)
    cols = [fmt_column(f, c[f]) for f in FEATURES]
    n = len(event)
    with open(os.path.join(out_dir, "data.csv"), "w") as f:
        f.write("id," + ",".join(FEATURES) + ",event\n")
        for i in range(n):
            f.write("E%06d," % i + ",".join(col[i] for col in cols) + ",%d\n" % event[i])
    with open(os.path.join(out_dir, "split.csv"), "w") as f:
        f.write("row,set\n")
        f.writelines("%d,%s\n" % (i, "test" if is_test[i] else "train") for i in range(n))
    with open(os.path.join(out_dir, "truth.csv"), "w") as f:
        f.write("row,probability\n")
        f.writelines("%d,%.6f\n" % (i, p[i]) for i in range(n))
    return out_dir


def information_value(x, y, bins=10):
    """IV of one column: 10 quantile bins of the non-zero values; 0 and missing are own bins."""
    if x.dtype == object:
        keys = x
    else:
        keys = np.full(len(x), -2.0)
        keys[np.isnan(x)] = -1.0
        nz = ~np.isnan(x) & (x != 0)
        if nz.sum() > 0:
            edges = np.unique(np.quantile(x[nz], np.linspace(0, 1, bins + 1)[1:-1]))
            keys[nz] = np.searchsorted(edges, x[nz], side="right")
        keys = keys.astype(str)
    iv = 0.0
    ev, ne = y.sum(), (1 - y).sum()
    for k in np.unique(keys):
        m = keys == k
        a = (y[m].sum() + 0.5) / ev
        b = ((1 - y[m]).sum() + 0.5) / ne
        iv += (a - b) * np.log(a / b)
    return iv


def describe(shape, seed, n_train, n_test):
    c, event, p, is_test = make_shape(shape, seed, n_train, n_test)
    tr = ~is_test
    k = int(round(0.01 * is_test.sum()))
    pt = p[is_test]
    top = np.argsort(-pt, kind="stable")[:k]
    print("%s: event rate %.4f, oracle expected P@1%% (test) %.3f, realised %.3f"
          % (shape, event.mean(), pt[top].mean(), event[is_test][top].mean()))
    ivs = sorted(((information_value(c[f][tr], event[tr]), f) for f in FEATURES), reverse=True)
    print("  IV on train: " + ", ".join("%s %.3f" % (f, v) for v, f in ivs[:8]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="/tmp/risk-tables")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--train", type=int, default=21000)
    ap.add_argument("--test", type=int, default=9000)
    ap.add_argument("--describe", action="store_true", help="print IV and oracle P@1%%; write nothing")
    a = ap.parse_args()
    for s in a.shapes.split(","):
        if a.describe:
            describe(s, a.seed, a.train, a.test)
        else:
            print(write_shape(s, a.seed, os.path.join(a.out, s), a.train, a.test))


if __name__ == "__main__":
    main()
