#!/usr/bin/env python3
"""Implicit ALS (the `implicit` package) as the outside peer of GovBrain's policy recommender.

Reads the splits written by `govbrain model eval recommend --export DIR` (validation/ and test/, each
with train.csv uscc,policy,day; users.csv; truth.csv), tunes factors, regularization and alpha on the
validation split by NDCG@10, then trains on the test split's history and writes the top-100 policies
per test enterprise (already-taken policies filtered, as implicit does) to OUT as uscc,policy,rank.

    python Tools/experiments/recommend_als.py DIR OUT
"""
import csv, itertools, json, math, sys

import numpy as np
import scipy.sparse as sp
from implicit.als import AlternatingLeastSquares


def load(folder):
    train = list(csv.DictReader(open(f"{folder}/train.csv")))
    users = [r["uscc"] for r in csv.DictReader(open(f"{folder}/users.csv"))]
    truth = {}
    for r in csv.DictReader(open(f"{folder}/truth.csv")):
        truth.setdefault(r["uscc"], set()).add(r["policy"])
    return train, users, truth


def fit_and_rank(train, users, factors, regularization, alpha, n=100, seed=7):
    enterprises = sorted({r["uscc"] for r in train} | set(users))
    policies = sorted({r["policy"] for r in train})
    ei = {e: i for i, e in enumerate(enterprises)}
    pi = {p: i for i, p in enumerate(policies)}
    rows = [ei[r["uscc"]] for r in train]
    cols = [pi[r["policy"]] for r in train]
    matrix = sp.csr_matrix((np.full(len(rows), alpha, dtype=np.float32), (rows, cols)), shape=(len(enterprises), len(policies)))
    model = AlternatingLeastSquares(factors=factors, regularization=regularization, iterations=30, random_state=seed)
    model.fit(matrix, show_progress=False)
    ids = np.array([ei[u] for u in users])
    k = min(n, len(policies))
    items, _ = model.recommend(ids, matrix[ids], N=k, filter_already_liked_items=True)
    return {u: [policies[j] for j in items[r] if j >= 0] for r, u in enumerate(users)}


def ndcg(lists, truth, k=10):
    total = 0.0
    for u, t in truth.items():
        dcg = sum(1 / math.log2(r + 2) for r, p in enumerate(lists.get(u, [])[:k]) if p in t)
        ideal = sum(1 / math.log2(r + 2) for r in range(min(len(t), k)))
        total += dcg / ideal
    return total / max(1, len(truth))


def main():
    folder, out = sys.argv[1], sys.argv[2]
    train, users, truth = load(f"{folder}/validation")
    best = None
    for factors, regularization, alpha in itertools.product([16, 32, 64], [0.01, 0.1, 1.0], [1.0, 10.0, 40.0]):
        score = ndcg(fit_and_rank(train, users, factors, regularization, alpha), truth)
        if best is None or score > best[0]:
            best = (score, factors, regularization, alpha)
    score, factors, regularization, alpha = best
    train, users, _ = load(f"{folder}/test")
    lists = fit_and_rank(train, users, factors, regularization, alpha)
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["uscc", "policy", "rank"])
        for u in users:
            for r, p in enumerate(lists[u]):
                w.writerow([u, p, r + 1])
    print(json.dumps({"peer": "implicit ALS", "factors": factors, "regularization": regularization, "alpha": alpha,
                      "validationNDCGAt10": round(score, 4), "users": len(users)}))


if __name__ == "__main__":
    main()
