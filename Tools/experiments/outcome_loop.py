#!/usr/bin/env python3
"""Alerts from push to feedback, simulated: does the risk model's precision rise as supervisors'
outcomes accumulate?

    python3 Tools/experiments/outcome_loop.py [--binary .build/debug/govbrain] [--scale demo] [--rounds 6]
                                              [--per-round 100] [--top 200] [--keep DIR]

On a fresh generated graph (`govbrain demo build`, seed 1) and the generator's truth of the same seed
(`truth/enterprise_risk.csv`: which enterprises carry a planted high risk), in a work folder (never the
project's database or Models/):
1. `govbrain model train risk --graph` trains version 1 on the graph's own labels (an adverse record in the
   next half-year) and raises the period's alerts.
2. The enterprises are split in two halves by a hash of their USCC: inspectors visit only the first (the
   feedback half); the second is never visited and measures the models. Each round, inspectors take the
   `--per-round` highest-scored alerts of the feedback half still new and resolve them with the truth: `confirmed` when the enterprise carries a planted high risk, else `false_alarm`
   (`govbrain risk resolve`); then `govbrain model train risk --graph --with-outcomes` trains the next
   version with every outcome so far as extra training rows, and re-scores every enterprise.
3. After each round, on the measuring half, the precision of the `--top` highest scores (the share truly
   high-risk) and the AUC of the score against the truth: for the model of that round and, in the same run,
   for version 1 (the control: no outcome learned). Measuring on enterprises no inspector visits keeps the
   figure free of what the inspections themselves reveal and of the pool running out of risky ones.
Prints a Markdown table; the rise (or not) is the difference between the two columns.
"""
import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(binary, args, cwd):
    done = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"govbrain {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def scores(binary, db, cwd):
    """uscc → riskScore of every scored enterprise."""
    out = run(binary, ["query", "--db", db, "--format", "json",
                       "MATCH (e:Enterprise) WHERE e.riskScore IS NOT NULL RETURN e.uscc AS uscc, e.riskScore AS score"], cwd)
    rows = json.loads(out)["rows"]
    # Floats come tagged ({"$float": "2.67"}: CONTRACT.md keeps them apart from integers).
    value = lambda v: float(v["$float"]) if isinstance(v, dict) else float(v)
    return {r[0]: value(r[1]) for r in rows}


def auc(pairs):
    """Area under the ROC curve of (score, label) pairs (ties count half)."""
    pairs = sorted(pairs)
    pos = sum(1 for _, y in pairs if y)
    neg = len(pairs) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # mean 1-based rank of the tie block
        rank_sum += mid * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def feedback_half(uscc):
    """Whether inspectors may visit this enterprise (half of them, by a hash of the USCC)."""
    return hashlib.sha256(uscc.encode()).digest()[0] % 2 == 0


def measure(score, truth, top):
    """Precision of the `top` highest scores and AUC, on the measuring half."""
    pool = [(s, truth[u]) for u, s in score.items() if not feedback_half(u) and u in truth]
    ranked = sorted(pool, key=lambda p: -p[0])[:top]
    return sum(1 for _, y in ranked if y) / max(1, len(ranked)), auc(pool), len(pool)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "govbrain"))
    ap.add_argument("--scale", default="demo", choices=["tiny", "demo"])
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--per-round", type=int, default=100)
    ap.add_argument("--top", type=int, default=200)
    ap.add_argument("--keep", help="work folder to keep (default: a temporary one)")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    work = args.keep or tempfile.mkdtemp(prefix="govbrain-outcomes-")
    os.makedirs(work, exist_ok=True)
    db, models = os.path.join(work, "graph.sqlite"), os.path.join(work, "models")
    env_cwd = ROOT
    if not os.path.exists(db):
        run(binary, ["demo", "build", "--scale", args.scale, "--no-vectors", "--db", db], env_cwd)
    gen = os.path.join(work, "gen")
    if not os.path.exists(os.path.join(gen, "truth", "enterprise_risk.csv")):
        run(binary, ["datagen", "--scale", args.scale, "--seed", "1", "--out", gen], env_cwd)
    truth = {r["uscc"]: r["highRisk"] == "true" for r in csv.DictReader(open(os.path.join(gen, "truth", "enterprise_risk.csv")))}
    print(f"work folder {work}; {len(truth)} enterprises, {sum(truth.values())} with a planted high risk", flush=True)

    run(binary, ["model", "train", "risk", "--graph", "--db", db, "--models", models], env_cwd)
    control = scores(binary, db, env_cwd)
    visited = set()
    rows = []
    p, a, n = measure(control, truth, args.top)
    rows.append((0, 0, 0, p, a, p, a, n))
    print(f"round 0: precision@{args.top} {p:.3f}, AUC {a:.3f}", flush=True)
    confirmed_total = 0
    for k in range(1, args.rounds + 1):
        alerts = json.loads(run(binary, ["risk", "alerts", "--db", db, "--status", "new", "--limit", "100000", "--format", "json"], env_cwd))["alerts"]
        alerts.sort(key=lambda x: -x["score"])
        taken = [x for x in alerts if x["uscc"] not in visited and feedback_half(x["uscc"])][: args.per_round]
        if not taken:
            print("no new alerts left", flush=True)
            break
        for x in taken:
            outcome = "confirmed" if truth.get(x["uscc"]) else "false_alarm"
            confirmed_total += outcome == "confirmed"
            run(binary, ["risk", "resolve", x["id"], "--outcome", outcome, "--by", "simulation", "--db", db], env_cwd)
            visited.add(x["uscc"])
        run(binary, ["model", "train", "risk", "--graph", "--with-outcomes", "--db", db, "--models", models], env_cwd)
        current = scores(binary, db, env_cwd)
        p, a, n = measure(current, truth, args.top)
        pc, ac, _ = measure(control, truth, args.top)
        rows.append((k, len(visited), confirmed_total, p, a, pc, ac, n))
        print(f"round {k}: {len(visited)} outcomes ({confirmed_total} confirmed); with outcomes precision@{args.top} {p:.3f}, AUC {a:.3f}; "
              f"version 1 {pc:.3f}, {ac:.3f}", flush=True)

    print(f"\n| round | outcomes fed back (confirmed) | precision@{args.top}, with outcomes | AUC, with outcomes | precision@{args.top}, version 1 | AUC, version 1 | enterprises measured |")
    print("|---|---|---|---|---|---|---|")
    for k, v, c, p, a, pc, ac, n in rows:
        print(f"| {k} | {v} ({c}) | {p:.3f} | {a:.3f} | {pc:.3f} | {ac:.3f} | {n} |")


if __name__ == "__main__":
    main()
