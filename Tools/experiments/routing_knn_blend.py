#!/usr/bin/env python3
"""Does nearest-neighbour evidence help the routing model? (the measurement behind the README)

TF-IDF character 1-3-grams + LogisticRegression(C=10) as the linear model (the same form as
GovBrain's routing model), blended with the intent votes of the k nearest train texts
(exp(5·cosine) weights), in a dense 256-d LSA space (TruncatedSVD) or on the sparse TF-IDF
vectors: p = (1 − w)·p_linear + w·p_knn. Prints test top-1 and top-3 for each k and w.

    /tmp/benchvenv/bin/python Tools/experiments/routing_knn_blend.py
"""
import json
import os

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(split):
    with open(os.path.join(ROOT, "Datasets", "hotline", f"{split}.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    train, test = load("train"), load("test")
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    x = vec.fit_transform([r["text"] for r in train])
    xt = vec.transform([r["text"] for r in test])
    y = np.array([r["intent"] for r in train])
    model = LogisticRegression(C=10, max_iter=300).fit(x, y)
    classes = model.classes_
    p = model.predict_proba(xt)
    truth = np.searchsorted(classes, [r["intent"] for r in test])
    train_labels = np.searchsorted(classes, y)
    print("linear model alone: top-1", round((p.argmax(1) == truth).mean(), 4))
    svd = TruncatedSVD(256, random_state=0).fit(x)
    e, et = svd.transform(x), svd.transform(xt)
    e /= np.linalg.norm(e, axis=1, keepdims=True) + 1e-9
    et /= np.linalg.norm(et, axis=1, keepdims=True) + 1e-9
    for name, (a, b) in {"dense": (e, et), "sparse": (x, xt)}.items():
        s = b @ a.T
        s = np.asarray(s.todense()) if hasattr(s, "todense") else s
        for k in (10, 30):
            idx = np.argsort(-s, 1)[:, :k]
            votes = np.zeros_like(p)
            for i in range(len(test)):
                for j in idx[i]:
                    votes[i, train_labels[j]] += np.exp(5 * s[i, j])
            votes /= votes.sum(1, keepdims=True)
            for w in (0.2, 0.4):
                q = (1 - w) * p + w * votes
                top3 = (np.argsort(-q, 1)[:, :3] == truth[:, None]).any(1).mean()
                print(f"{name} k={k} w={w}: top-1 {(q.argmax(1) == truth).mean():.4f}, top-3 {top3:.4f}")


if __name__ == "__main__":
    main()
