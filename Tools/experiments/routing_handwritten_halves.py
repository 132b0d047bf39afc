#!/usr/bin/env python3
"""Intent top-1 of a routing model on the two halves of the hand-written complaints.

    .build/release/govbrain model eval routing --data Datasets/hotline-handwritten/complaints.jsonl \
        [--version vN] --errors /tmp/hw_errors.jsonl
    python3 Tools/experiments/routing_handwritten_halves.py --errors /tmp/hw_errors.jsonl

The odd ids (HW001, HW003, …) were read when the domain lexicon was extended; the even ids never
were (Datasets/hotline-handwritten/README.md), so the even half is the figure for unseen phrasing.
Standard library only.
"""
import argparse
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", required=True, help="the --errors file of `govbrain model eval routing` on the complaints")
    ap.add_argument("--data", default=os.path.join(ROOT, "Datasets", "hotline-handwritten", "complaints.jsonl"))
    args = ap.parse_args()
    ids = [json.loads(line)["id"] for line in open(args.data, encoding="utf-8") if line.strip()]
    wrong = set()
    for line in open(args.errors, encoding="utf-8"):
        if line.strip():
            e = json.loads(line)
            if e["intent"] != e["predicted"]:
                wrong.add(e["id"])
    print("| half | complaints | intent errors | top-1 |")
    print("|---|---|---|---|")
    for name, parity in (("odd (read)", 1), ("even (unread)", 0)):
        half = [i for i in ids if int(i[2:]) % 2 == parity]
        errors = sum(i in wrong for i in half)
        print(f"| {name} | {len(half)} | {errors} | {1 - errors / len(half):.4f} |")


if __name__ == "__main__":
    main()
