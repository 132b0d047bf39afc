#!/usr/bin/env python3
"""Intent and department accuracy of a routing model on the callers' set, by half, difficulty and phenomenon.

    govbrain model eval routing --data Datasets/hotline-handwritten/callers.jsonl [--version vN] --errors /tmp/callers_errors.jsonl
    python3 Tools/experiments/routing_callers.py --errors /tmp/callers_errors.jsonl

Prints aggregates only (counts and accuracies), never texts: the even half of the callers' set is
the unread half (Datasets/hotline-handwritten/README.md). Standard library only.
"""
import argparse
import json
import os
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", required=True, help="the --errors file of `govbrain model eval routing` on the callers' set")
    ap.add_argument("--data", default=os.path.join(ROOT, "Datasets", "hotline-handwritten", "callers.jsonl"))
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.data, encoding="utf-8") if line.strip()]
    intent_wrong, dept_wrong = set(), set()
    for line in open(args.errors, encoding="utf-8"):
        if line.strip():
            e = json.loads(line)
            if e.get("predicted") != e.get("intent"):
                intent_wrong.add(e["id"])
            if e.get("predictedDepartment", e.get("department")) != e.get("department"):
                dept_wrong.add(e["id"])
    groups = defaultdict(list)
    for r in rows:
        half = "even (unread)" if int(r["id"].split("-")[-1]) % 2 == 0 else "odd"
        keys = ["all", "half: " + half, "difficulty: " + r.get("difficulty", "?")]
        keys += ["phenomenon: " + p for p in r.get("phenomena", [])]
        for k in keys:
            groups[k].append(r["id"])
    print(f"{'group':28} {'texts':>6} {'intent':>7} {'department':>10}")
    for k in sorted(groups, key=lambda k: (k != "all", k)):
        ids = groups[k]
        ia = 1 - sum(i in intent_wrong for i in ids) / len(ids)
        da = 1 - sum(i in dept_wrong for i in ids) / len(ids)
        print(f"{k:28} {len(ids):6d} {ia:7.3f} {da:10.3f}")


if __name__ == "__main__":
    main()
