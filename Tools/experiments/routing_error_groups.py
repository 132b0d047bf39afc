#!/usr/bin/env python3
"""Groups the routing model's errors by how the text's core problem is worded.

    .build/release/govbrain model eval routing --data Datasets/hotline/ --errors /tmp/errors.jsonl
    python3 Tools/experiments/routing_error_groups.py --errors /tmp/errors.jsonl [--data Datasets/hotline/test.jsonl]

The corpus generator's phrasebook (Sources/KGDatagen/HotlinePhrasebook.swift) has eight core
wordings per intent; the last two occur only in the test split. A text's wording is found by
matching the literal pieces of each wording (slots like {路} left out) in the text; typos,
traditional characters or removed punctuation can hide it. Groups:
- seen: the text carries one of its intent's six training wordings;
- unseen: one of its intent's two test-only wordings;
- sibling: no wording of its own intent, but one of another intent (worded like a sibling);
- other: none found (noise, or a wording the matcher misses).
Prints, per group, the test texts, the intent errors and the accuracy. Standard library only.
"""
import argparse
import json
import os
import re
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def phrasebook(path):
    """intent → its core wordings, in phrasebook order."""
    src = open(path, encoding="utf-8").read()
    entries = {}
    for m in re.finditer(r'"([a-z_]+)": Entry\(problems: \[(.*?)\]', src, re.S):
        entries[m.group(1)] = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2))
    return entries


def wording(entries, intent, text):
    """Index of the wording of `intent` found in `text`, or None."""
    for i, p in enumerate(entries.get(intent, [])):
        pieces = [x for x in re.split(r"\{[^}]*\}", p) if len(x) >= 2]
        if pieces and all(x in text for x in pieces):
            return i
    return None


def group(entries, intent, text):
    w = wording(entries, intent, text)
    if w is not None:
        return "unseen" if w >= len(entries[intent]) - 2 else "seen"
    if any(wording(entries, k, text) is not None for k in entries if k != intent):
        return "sibling"
    return "other"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", required=True, help="JSON Lines written by `govbrain model eval routing --errors`")
    ap.add_argument("--data", default=os.path.join(ROOT, "Datasets/hotline/test.jsonl"))
    ap.add_argument("--phrasebook", default=os.path.join(ROOT, "Sources/KGDatagen/HotlinePhrasebook.swift"))
    args = ap.parse_args()
    entries = phrasebook(args.phrasebook)
    if not entries:
        raise SystemExit(f"no phrasebook entries found in {args.phrasebook}")
    totals, errors = Counter(), Counter()
    for line in open(args.data, encoding="utf-8"):
        r = json.loads(line)
        totals[group(entries, r["intent"], r["text"])] += 1
    for line in open(args.errors, encoding="utf-8"):
        e = json.loads(line)
        if e.get("predicted") != e.get("intent"):
            errors[group(entries, e["intent"], e["text"])] += 1
    print("| wording | texts | intent errors | accuracy |\n|---|---|---|---|")
    for g in ("seen", "unseen", "sibling", "other"):
        n = totals[g]
        print(f"| {g} | {n} | {errors[g]} | {1 - errors[g] / n:.4f} |" if n else f"| {g} | 0 | {errors[g]} | – |")
    print(f"| all | {sum(totals.values())} | {sum(errors.values())} | {1 - sum(errors.values()) / max(1, sum(totals.values())):.4f} |")


if __name__ == "__main__":
    main()
