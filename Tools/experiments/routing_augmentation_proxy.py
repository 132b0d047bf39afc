#!/usr/bin/env python3
"""Quick proxy experiments for the routing model's training choices, with scikit-learn's LinearSVC
(C = 0.5) on character 1-3-gram TF-IDF (sublinear tf, min_df 2), trained on train.jsonl and scored on
test.jsonl of Datasets/hotline. They rank ideas in a minute each; the shipped model is trained in
Swift (`govbrain model train routing`) and its own figures come from `govbrain model eval routing`.

    python3 -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install scikit-learn
    /tmp/benchvenv/bin/python Tools/experiments/routing_augmentation_proxy.py [--variants plain,clause,chardrop,skip,lsa]

Variants (each adds copies of the training texts, or features, to the plain model):
- plain: the train split only;
- clause: one clause-dropout copy per text (each clause between punctuation kept with p = 0.5);
- chardrop: two copies with each character dropped with p = 0.2 (no clause copy);
- skip: clause copy plus character skip-bigrams (a_c for each a b c) as extra features;
- lsa: clause copy plus the 256-dimensional truncated SVD of the TF-IDF (unit length) as features.
Prints the test accuracy of each.
"""
import argparse
import json
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLAUSE = re.compile(r"[，。！？,.!?；;、：:\s\u3000]+")


def load(split):
    return [json.loads(l) for l in open(os.path.join(ROOT, "Datasets/hotline", f"{split}.jsonl"), encoding="utf-8")]


def clause_copies(rows, rng):
    out = []
    for r in rows:
        parts = [p for p in CLAUSE.split(r["text"]) if p]
        if len(parts) < 2:
            continue
        kept = [p for p in parts if rng.random() < 0.5] or [rng.choice(parts)]
        out.append({"text": "，".join(kept), "intent": r["intent"]})
    return out


def char_copies(rows, rng, copies=2, p=0.2):
    return [{"text": "".join(c for c in r["text"] if rng.random() > p), "intent": r["intent"]} for r in rows for _ in range(copies)]


def skip_bigrams(s):
    s = re.sub(r"\s+", "", s)
    return [s[i] + "_" + s[i + 2] for i in range(len(s) - 2)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", default="plain,clause,chardrop,skip,lsa")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize
    from sklearn.svm import LinearSVC

    train, test = load("train"), load("test")

    def char_vectorizer():
        return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)

    for variant in args.variants.split(","):
        rng = random.Random(args.seed)
        extra = {"plain": [], "chardrop": char_copies(train, rng)}.get(variant)
        if extra is None:
            extra = clause_copies(train, rng)
        rows = train + extra
        texts, labels = [r["text"] for r in rows], [r["intent"] for r in rows]
        base = char_vectorizer()
        if variant == "lsa":
            base.fit([r["text"] for r in train])
            svd = TruncatedSVD(256, random_state=0).fit(base.transform([r["text"] for r in train]))
            featurise = lambda t: hstack([base.transform(t), csr_matrix(normalize(svd.transform(base.transform(t))))]).tocsr()
        elif variant == "skip":
            skip = TfidfVectorizer(analyzer=skip_bigrams, sublinear_tf=True, min_df=2)
            base.fit(texts); skip.fit(texts)
            featurise = lambda t: hstack([base.transform(t), skip.transform(t)]).tocsr()
        else:
            base.fit(texts)
            featurise = base.transform
        model = LinearSVC(C=0.5).fit(featurise(texts), labels)
        predicted = model.predict(featurise([r["text"] for r in test]))
        accuracy = float(np.mean([p == r["intent"] for p, r in zip(predicted, test)]))
        print(f"{variant}: test accuracy {accuracy:.4f} ({len(extra)} extra training texts)", flush=True)


if __name__ == "__main__":
    main()
