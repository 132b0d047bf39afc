#!/usr/bin/env python3
"""Import benchmark: `govbrain import` against Kùzu's COPY FROM on the same CSV files, same run.

Usage:
  python3 -m venv /tmp/bench && /tmp/bench/bin/pip install kuzu==0.11.3 numpy
  /tmp/bench/bin/python Tools/bench/bench_import.py --govbrain .build/release/govbrain [--enterprises 180000 --persons 20000 --rels 1000000] [--repeats 3]

Generates (seed 42) Enterprise and Person nodes and SHAREHOLDER_OF / SUPPLIES / LEGAL_REP relationships
(power-law degrees), writes them as CSV twice (plain headers for Kùzu, neo4j-admin headers for GovBrain),
then loads each into a fresh database in a fresh process, --repeats times, alternating the two.
Reports wall time (process start to exit, including opening and committing), peak RSS of the loading
process, size on disk, and the ratio GovBrain / Kùzu of the medians. Data goes under the system temp dir.
GovBrain loads with --schema off (the benchmark graph has types, e.g. SUPPLIES, outside the ontology).
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time
from machine_line import machine_line

KUZU_SCRIPT = r"""
import kuzu, sys
d, data = sys.argv[1], sys.argv[2]
db = kuzu.Database(d); c = kuzu.Connection(db)
c.execute("CREATE NODE TABLE Enterprise(id INT64, name STRING, industry STRING, region INT64, capital DOUBLE, founded INT64, PRIMARY KEY(id))")
c.execute("CREATE NODE TABLE Person(id INT64, name STRING, PRIMARY KEY(id))")
c.execute("CREATE REL TABLE SHAREHOLDER_OF(FROM Enterprise TO Enterprise, ratio DOUBLE)")
c.execute("CREATE REL TABLE SUPPLIES(FROM Enterprise TO Enterprise, since INT64)")
c.execute("CREATE REL TABLE LEGAL_REP(FROM Person TO Enterprise)")
for t in ["Enterprise", "Person", "SHAREHOLDER_OF", "SUPPLIES", "LEGAL_REP"]:
    c.execute(f"COPY {t} FROM '{data}/kuzu/{t.lower()}.csv' (HEADER=true)")
"""

def generate(out, n_ent, n_per, n_rels, seed):
    import numpy as np
    rng = np.random.default_rng(seed)
    os.makedirs(f"{out}/kuzu", exist_ok=True); os.makedirs(f"{out}/neo4j", exist_ok=True)
    industries = np.array(list("ABCDEFGHIJKLMNOPQRST"))
    ind = industries[np.minimum(rng.zipf(1.5, n_ent) - 1, 19)]
    regions = 450100 + rng.integers(0, 112, n_ent)
    capital = np.round(rng.lognormal(5, 1.5, n_ent), 2)
    founded = rng.integers(1980, 2025, n_ent)
    n_legal = min(n_ent, n_rels // 5)
    rest = n_rels - n_legal
    n_share, n_sup = rest * 5 // 8, rest - rest * 5 // 8
    def edges(k, a_out, a_in):
        w_out = (np.arange(1, n_ent + 1, dtype=float)) ** -a_out; w_out /= w_out.sum()
        w_in = (np.arange(1, n_ent + 1, dtype=float)) ** -a_in; w_in /= w_in.sum()
        perm_o, perm_i = rng.permutation(n_ent), rng.permutation(n_ent)
        seen = set(); res = []
        while len(res) < k:
            s = perm_o[rng.choice(n_ent, size=k, p=w_out)]; t = perm_i[rng.choice(n_ent, size=k, p=w_in)]
            for a, b in zip(s.tolist(), t.tolist()):
                if a != b and (a, b) not in seen:
                    seen.add((a, b)); res.append((a, b))
                    if len(res) == k: break
        return res
    share, sup = edges(n_share, 0.8, 0.6), edges(n_sup, 0.7, 0.7)
    legal_p = rng.integers(0, n_per, n_legal)
    with open(f"{out}/kuzu/enterprise.csv", "w") as k, open(f"{out}/neo4j/enterprise.csv", "w") as g:
        k.write("id,name,industry,region,capital,founded\n")
        g.write("id:ID(Enterprise),name,industry,region:int,capital:float,founded:int,:LABEL\n")
        for i in range(n_ent):
            row = f"{i},企业{i:07d}有限公司,{ind[i]},{regions[i]},{capital[i]},{founded[i]}"
            k.write(row + "\n"); g.write(row + ",Enterprise\n")
    with open(f"{out}/kuzu/person.csv", "w") as k, open(f"{out}/neo4j/person.csv", "w") as g:
        k.write("id,name\n"); g.write("id:ID(Person),name,:LABEL\n")
        for i in range(n_per):
            k.write(f"{i},人员{i}\n"); g.write(f"{i},人员{i},Person\n")
    ratios = np.round(rng.random(len(share)), 4); since = rng.integers(1990, 2025, len(sup))
    with open(f"{out}/kuzu/shareholder_of.csv", "w") as k, open(f"{out}/neo4j/shareholder_of.csv", "w") as g:
        k.write("from,to,ratio\n"); g.write(":START_ID(Enterprise),:END_ID(Enterprise),ratio:float,:TYPE\n")
        for (a, b), r in zip(share, ratios):
            k.write(f"{a},{b},{r}\n"); g.write(f"{a},{b},{r},SHAREHOLDER_OF\n")
    with open(f"{out}/kuzu/supplies.csv", "w") as k, open(f"{out}/neo4j/supplies.csv", "w") as g:
        k.write("from,to,since\n"); g.write(":START_ID(Enterprise),:END_ID(Enterprise),since:int,:TYPE\n")
        for (a, b), s in zip(sup, since):
            k.write(f"{a},{b},{s}\n"); g.write(f"{a},{b},{s},SUPPLIES\n")
    with open(f"{out}/kuzu/legal_rep.csv", "w") as k, open(f"{out}/neo4j/legal_rep.csv", "w") as g:
        k.write("from,to\n"); g.write(":START_ID(Person),:END_ID(Enterprise),:TYPE\n")
        for e in range(n_legal):
            k.write(f"{legal_p[e]},{e}\n"); g.write(f"{legal_p[e]},{e},LEGAL_REP\n")
    return {"enterprises": n_ent, "persons": n_per, "shareholder_of": len(share), "supplies": len(sup), "legal_rep": n_legal}

def timed(cmd):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    err = p.stderr.read().decode()
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, ru.ru_maxrss / 1024.0

def size_of(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)
    return sum(os.path.getsize(path + s) for s in ["", "-wal", "-shm"] if os.path.exists(path + s))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--govbrain", required=True)
    ap.add_argument("--enterprises", type=int, default=180000)
    ap.add_argument("--persons", type=int, default=20000)
    ap.add_argument("--rels", type=int, default=1000000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json-out")
    a = ap.parse_args()
    if a.govbrain:
        print(machine_line(a.govbrain), flush=True)  # CPU, BLAS core, sgemm GFLOP/s beside the figures
    base = os.path.join(tempfile.gettempdir(), "govbrain-bench", f"import-{a.enterprises}-{a.persons}-{a.rels}-{a.seed}")
    if not os.path.exists(os.path.join(base, "done")):
        shutil.rmtree(base, ignore_errors=True)
        counts = generate(base, a.enterprises, a.persons, a.rels, a.seed)
        json.dump(counts, open(os.path.join(base, "done"), "w"))
    counts = json.load(open(os.path.join(base, "done")))
    nodes = counts["enterprises"] + counts["persons"]; rels = counts["shareholder_of"] + counts["supplies"] + counts["legal_rep"]
    print(f"data: {nodes} nodes, {rels} relationships in {base}")
    kscript = os.path.join(base, "kuzu_load.py"); open(kscript, "w").write(KUZU_SCRIPT)
    files = [os.path.join(base, "neo4j", f) for f in ["enterprise.csv", "person.csv", "shareholder_of.csv", "supplies.csv", "legal_rep.csv"]]
    runs = {"kuzu": [], "govbrain": []}
    print(f"load1 before: {os.getloadavg()[0]:.2f}")
    for r in range(a.repeats):
        kdir = os.path.join(base, f"kuzu-db-{r}")
        for leftover in [kdir, kdir + ".wal"]:  # Kùzu 0.11 keeps a database in one file
            if os.path.isdir(leftover): shutil.rmtree(leftover)
            elif os.path.exists(leftover): os.remove(leftover)
        w, m = timed([sys.executable, kscript, kdir, base]); runs["kuzu"].append((w, m, size_of(kdir)))
        gdb = os.path.join(base, f"gb-{r}.sqlite")
        for s in ["", "-wal", "-shm"]:
            if os.path.exists(gdb + s): os.remove(gdb + s)
        w, m = timed([a.govbrain, "import", "--db", gdb, "--schema", "off", "--id-type", "integer"] + files); runs["govbrain"].append((w, m, size_of(gdb)))
        print(f"run {r + 1}: kuzu {runs['kuzu'][-1][0]:.2f} s, govbrain {runs['govbrain'][-1][0]:.2f} s")
    med = {k: statistics.median(x[0] for x in v) for k, v in runs.items()}
    print()
    print("| peer | load wall s (median) | runs | peak RSS MiB (max) | on disk MiB |")
    print("|---|---|---|---|---|")
    for k in ["kuzu", "govbrain"]:
        v = runs[k]
        print(f"| {k} | {med[k]:.2f} | {', '.join(f'{x[0]:.2f}' for x in v)} | {max(x[1] for x in v):.0f} | {v[-1][2] / 2**20:.1f} |")
    print(f"\nratio govbrain / kuzu: {med['govbrain'] / med['kuzu']:.2f}")
    if a.json_out:
        json.dump({"counts": counts, "runs": runs, "median": med, "ratio": med["govbrain"] / med["kuzu"]}, open(a.json_out, "w"), indent=1)

if __name__ == "__main__":
    main()
