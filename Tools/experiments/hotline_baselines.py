#!/usr/bin/env python3
"""Baselines on the hotline corpus (Datasets/hotline): a keyword rule and TF-IDF + a linear model.

The keyword rule takes every intent's words from the taxonomy (its Chinese name and scope, split on
punctuation, plus their 2-character pieces) and predicts the intent with the most matches in the
text (ties and no match: the most frequent intent). TF-IDF uses character 1-3-grams and
LogisticRegression (scikit-learn), trained on train, tuned on nothing, reported on dev and test.

    python3 -m venv /tmp/bench && /tmp/bench/bin/pip install scikit-learn
    /tmp/bench/bin/python Tools/experiments/hotline_baselines.py
"""
import csv, json, os, re, sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(split):
    with open(os.path.join(ROOT, "Datasets", "hotline", split + ".jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def keyword_model(intents):
    words = {}
    for row in intents:
        parts = re.split(r"[、，,（）()/与和及或\s]+", row["name_zh"] + "、" + row["scope_zh"])
        ws = set()
        for p in parts:
            p = p.strip()
            if len(p) >= 2:
                ws.add(p)
                ws.update(p[i:i + 2] for i in range(len(p) - 1))
        words[row["id"]] = ws
    return words


def main():
    intents = list(csv.DictReader(open(os.path.join(ROOT, "Datasets", "reference", "intents.csv"), encoding="utf-8")))
    train, dev, test = load("train"), load("dev"), load("test")
    words = keyword_model(intents)
    common = Counter(r["intent"] for r in train).most_common(1)[0][0]

    def keyword_predict(text):
        scores = {i: sum(1 for w in ws if w in text) for i, ws in words.items()}
        best = max(scores.values())
        if best == 0:
            return common
        return max(sorted(scores), key=lambda i: scores[i])

    results = {}
    for name, rows in (("dev", dev), ("test", test)):
        correct = sum(keyword_predict(r["text"]) == r["intent"] for r in rows)
        results[f"keyword_{name}_accuracy"] = round(correct / len(rows), 4)
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score, f1_score
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
        x_train = vec.fit_transform([r["text"] for r in train])
        model = LogisticRegression(max_iter=2000, C=10)
        model.fit(x_train, [r["intent"] for r in train])
        for name, rows in (("dev", dev), ("test", test)):
            pred = model.predict(vec.transform([r["text"] for r in rows]))
            gold = [r["intent"] for r in rows]
            results[f"tfidf_lr_{name}_accuracy"] = round(accuracy_score(gold, pred), 4)
            results[f"tfidf_lr_{name}_macro_f1"] = round(f1_score(gold, pred, average="macro"), 4)
    except ImportError:
        print("scikit-learn is not installed: TF-IDF baseline skipped", file=sys.stderr)
    results["train"], results["dev"], results["test"] = len(train), len(dev), len(test)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
