#!/usr/bin/env python3
"""Efficacy index (效能评估) of the ecology, emergency and housing domains against planted office effects.

For each domain, runs `govbrain efficacy report --domain D --format csv` for each quarter, averages
each office's index over the quarters and takes its case-weighted raw success rate, and compares
both with the generator's planted effect (`truth/<domain>_office_efficacy.csv`): Spearman with the
effect and with office size (log cases). Standard library only.

    govbrain datagen --scale demo --seed 1 --out /tmp/effgen      # the truth of the database's seed and scale
    python3 Tools/bench/domain_efficacy.py --db .govbrain/demo.sqlite --truth /tmp/effgen
"""
import argparse
import csv
import io
import math
import os
import subprocess


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2
        i = j + 1
    return out


def pearson(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    sab = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    saa = sum((x - ma) ** 2 for x in a)
    sbb = sum((y - mb) ** 2 for y in b)
    return sab / math.sqrt(saa * sbb) if saa > 0 and sbb > 0 else float("nan")


def spearman(a, b):
    return pearson(ranks(a), ranks(b))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--db", required=True)
    p.add_argument("--truth", required=True, help="the generator's output folder (with truth/)")
    p.add_argument("--govbrain", default=".build/debug/govbrain")
    p.add_argument("--periods", default="2023-Q1,2023-Q2,2023-Q3,2023-Q4,2024-Q1,2024-Q2,2024-Q3,2024-Q4")
    p.add_argument("--domains", default="ecology,emergency,housing")
    args = p.parse_args()
    print("| domain | offices | cases | Spearman index | Spearman raw | size corr. index | size corr. raw |")
    print("|---|---|---|---|---|---|---|")
    for domain in args.domains.split(","):
        with open(os.path.join(args.truth, "truth", f"{domain}_office_efficacy.csv"), encoding="utf-8") as f:
            effect = {r["office"]: float(r["effect"]) for r in csv.DictReader(f)}
        index, good, cases = {}, {}, {}
        for period in args.periods.split(","):
            run = subprocess.run([args.govbrain, "efficacy", "report", "--db", args.db, "--period", period, "--domain", domain,
                                  "--format", "csv"], capture_output=True, text=True)
            if run.returncode != 0:
                raise SystemExit(f"{domain} {period}: {run.stderr.strip()}")
            for r in csv.DictReader(io.StringIO(run.stdout)):
                o, n = r["office"], int(r["cases"])
                index.setdefault(o, []).append(float(r["index"]))
                if r["raw"]:
                    good[o] = good.get(o, 0.0) + float(r["raw"]) * n
                    cases[o] = cases.get(o, 0) + n
        offices = sorted(o for o in index if o in effect and cases.get(o, 0) > 0)
        planted = [effect[o] for o in offices]
        adjusted = [sum(index[o]) / len(index[o]) for o in offices]
        raw = [good[o] / cases[o] for o in offices]
        size = [math.log(cases[o]) for o in offices]
        print(f"| {domain} | {len(offices)} | {sum(cases[o] for o in offices)} | {spearman(adjusted, planted):.3f} | "
              f"{spearman(raw, planted):.3f} | {spearman(adjusted, size):.3f} | {spearman(raw, size):.3f} |")


if __name__ == "__main__":
    main()
