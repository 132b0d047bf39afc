#!/usr/bin/env python3
"""Planted efficacy tables (效能评估) for `govbrain efficacy score` (numpy only).

Writes CASES.csv (office, group, period, x_* case mix, y_* outcomes 1 = good) and truth.csv
(office, group, effect, size, difficulty): every office has a planted effect on the log-odds of
good outcomes, shared by all its outcome columns, and a case mix that is confounded with it:

- size: office sizes are log-normal (a few tiny offices of 3-12 cases are added on purpose);
- case mix: an office's cases are harder the bigger the office (`--size-mix`), and, with
  `--effect-mix` > 0, the better the office (the good offices are given the hard cases: a pooled
  logistic regression of y on x then absorbs part of the office effect into the x coefficients);
- groups: each group (peer group) has its own base rate, which is not part of the truth (offices
  are compared within their group);
- outcomes: y_k = 1 with probability sigmoid(base_k + group_g + x . beta_k + effect_office + noise).

The truth is the planted effect; raw success rates rank the offices poorly because hard cases
look like bad offices.

    python3 Tools/bench/efficacy_table.py --out /tmp/efficacy-table [--seed 1] [--offices 150]
"""
import argparse
import csv
import os

import numpy as np


def generate(seed=1, offices=150, tiny=12, groups=3, periods=4, size_mix=0.45, effect_mix=0.0,
             effect_sd=0.6, outcomes=3, missing=0.02, median_size=120):
    rng = np.random.default_rng(seed)
    n_off = offices + tiny
    size = np.maximum(5, rng.lognormal(np.log(median_size), 0.9, offices)).astype(int)
    size = np.concatenate([size, rng.integers(3, 13, tiny)])
    effect = rng.normal(0, effect_sd, n_off)
    group = rng.integers(0, groups, n_off) if groups > 0 else np.zeros(n_off, dtype=int)
    group_shift = np.linspace(-0.25, 0.25, max(groups, 1))
    log_size = np.log(size)
    zs = (log_size - log_size.mean()) / log_size.std()
    # The planted effect is made exactly uncorrelated with log size, so an unbiased index
    # should show no size correlation beyond its own noise.
    effect = effect - effect.mean() - zs * (zs @ (effect - effect.mean())) / (zs @ zs)
    ze = effect / effect_sd
    # An office's case difficulty: bigger and (with effect_mix) better offices take harder cases.
    difficulty = size_mix * zs + effect_mix * ze + 0.2 * rng.normal(size=n_off)
    beta = np.array([[-0.9, -0.5, -0.7, 0.0],
                     [-0.6, -0.8, -0.4, 0.0],
                     [-0.8, -0.3, -0.9, 0.0],
                     [-0.5, -0.6, -0.6, 0.0]])[:outcomes]
    base = np.array([0.9, 0.5, 1.3, 0.2])[:outcomes]
    rows = []
    for j in range(n_off):
        n = size[j]
        d = difficulty[j]
        x1 = rng.normal(d, 1.0, n)
        x2 = rng.normal(0.6 * d, 1.0, n)
        x3 = (rng.random(n) < 1 / (1 + np.exp(-(d - 0.3)))).astype(float)
        x4 = rng.normal(0, 1, n)  # recorded but without effect
        x = np.stack([x1, x2, x3, x4], axis=1)
        per = rng.integers(0, periods, n) if periods > 0 else np.zeros(n, dtype=int)
        ys = []
        for k in range(outcomes):
            noise = rng.normal(0, 0.1)  # office-by-outcome wobble
            eta = base[k] + group_shift[group[j]] + x @ beta[k] + effect[j] + noise
            ys.append((rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int))
        for i in range(n):
            x2_cell = "" if rng.random() < missing else f"{x2[i]:.4f}"
            row = {"case": f"C{j:04d}-{i:05d}", "office": f"OFF{j:04d}", "x_severity": f"{x1[i]:.4f}",
                   "x_complexity": x2_cell, "x_repeat": f"{int(x3[i])}", "x_noise": f"{x4[i]:.4f}"}
            if groups > 0:
                row["group"] = f"G{group[j]}"
            if periods > 0:
                row["period"] = f"2024-Q{per[i] + 1}"
            for k in range(outcomes):
                row[f"y_{k + 1}"] = str(ys[k][i])
            rows.append(row)
    order = rng.permutation(len(rows))
    truth = [{"office": f"OFF{j:04d}", "group": f"G{group[j]}" if groups > 0 else "", "effect": f"{effect[j]:.5f}",
              "size": int(size[j]), "difficulty": f"{difficulty[j]:.4f}"} for j in range(n_off)]
    return [rows[i] for i in order], truth


def write(out, rows, truth):
    os.makedirs(out, exist_ok=True)
    fields = list(rows[0].keys())
    with open(os.path.join(out, "CASES.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(out, "truth.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(truth[0].keys()))
        w.writeheader()
        w.writerows(truth)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="/tmp/efficacy-table")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--offices", type=int, default=150, help="offices of ordinary size")
    p.add_argument("--tiny", type=int, default=12, help="offices of 3-12 cases")
    p.add_argument("--groups", type=int, default=3, help="peer groups (0: no group column)")
    p.add_argument("--periods", type=int, default=4, help="quarters (0: no period column)")
    p.add_argument("--size-mix", type=float, default=0.45, help="how strongly office size raises case difficulty")
    p.add_argument("--effect-mix", type=float, default=0.0, help="how strongly office effect raises case difficulty")
    p.add_argument("--outcomes", type=int, default=3, choices=[1, 2, 3, 4])
    p.add_argument("--missing", type=float, default=0.02, help="share of empty x_complexity cells")
    a = p.parse_args()
    rows, truth = generate(a.seed, a.offices, a.tiny, a.groups, a.periods, a.size_mix, a.effect_mix,
                           outcomes=a.outcomes, missing=a.missing)
    write(a.out, rows, truth)
    print(f"{len(rows)} cases, {len(truth)} offices -> {a.out}/CASES.csv, {a.out}/truth.csv")


if __name__ == "__main__":
    main()
