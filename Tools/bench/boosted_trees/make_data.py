"""Writes the boosted-trees benchmark table: 20 numeric columns (one 5 % missing), a 12-level
category, a logistic target with a linear part, an XOR interaction and a category effect.
Usage: python3 make_data.py OUT.csv ROWS SEED"""
import sys
import numpy as np

out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(seed)
x = rng.uniform(size=(n, 20))
cat = rng.integers(0, 12, size=n)
z = -1.5 + 2 * x[:, 0] - 1.5 * x[:, 1] + np.where((x[:, 2] > 0.5) == (x[:, 3] > 0.5), 1.0, -1.0) + 0.3 * (cat % 4)
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-z))).astype(int)
missing = rng.uniform(size=n) < 0.05
with open(out, "w") as f:
    f.write(",".join([f"x{j}" for j in range(20)] + ["sector", "bad"]) + "\n")
    for i in range(n):
        cells = [("" if (j == 5 and missing[i]) else f"{x[i, j]:.4f}") for j in range(20)]
        f.write(",".join(cells + [f"s{cat[i]}", str(y[i])]) + "\n")
