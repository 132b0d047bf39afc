#!/usr/bin/env python3
"""Property-graph store anchors for GovBrain's KGStore + Cypher engine: Kùzu and plain SQLite.

Generates a seeded synthetic "government" graph (enterprises, people, shareholdings, supply and
legal-representative relations), writes it as CSV twice, then measures:
  * kuzu    - schema + COPY FROM of all node and relationship tables (wall clock, peak RSS of the
              loading process, database size on disk), median of --load-repeats fresh loads;
  * queries - six Cypher queries on Kùzu, each run --query-runs times with different seeded start
              nodes (random enterprises with >= 1 outgoing SHAREHOLDER_OF) after --warmup runs on
              other nodes; then the three traversal queries (b, c, f) again from the --query-runs
              enterprises with the most outgoing SHAREHOLDER_OF edges ("_hubs"); median/p90
              latency, as literal query text and as prepared statements with parameters;
  * sqlite  - plain SQLite (python sqlite3, WAL, one transaction, prepared executemany) loading the
              same nodes and edges into a minimal property-graph schema with the indexes such a store
              needs (nodes by integer id = rowid, edges by (src,type) and (dst,type)); indexes created
              before the inserts ("indexes-first") and after them ("indexes-after"). A lower bound of
              what a SQLite-based store can do (no JSON encoding or id mapping counted in the timing).

Graph (default sizes; every count scales with the flags):
  Enterprise(id INT64 key, name, industry A-T, region adcode INT, capital FLOAT, founded INT)  200,000
  Person(id INT64 key, name)                                                                     20,000
  LEGAL_REP    Person->Enterprise     one per enterprise (min(enterprises, rels/5))            200,000
  SHAREHOLDER_OF Enterprise->Enterprise, ratio FLOAT, power-law out/in degree, no dups/loops   500,000
  SUPPLIES     Enterprise->Enterprise, since INT, power-law, no dups/loops                      300,000
  (the rest of --rels after LEGAL_REP is split 5:3 between SHAREHOLDER_OF and SUPPLIES)

Files (under --data-dir, default <system temp dir>/govbrain-bench/graph/<config>):
  kuzu/*.csv    plain headers, columns in Kùzu table order
  neo4j/*.csv   neo4j-admin import header convention, e.g.
                  id:ID(Enterprise),name,industry,region:int,capital:float,founded:int,:LABEL
                  :START_ID(Enterprise),:END_ID(Enterprise),ratio:float,:TYPE
  queries.json  the six queries and the seeded start nodes / regions used for each run

GovBrain side by side: with --govbrain PATH it runs, in the same run as Kùzu,
    PATH import --db DB --schema off --id-type integer neo4j/*.csv   (wall, peak RSS, size on disk)
    PATH query --db DB "CREATE INDEX FOR (e:Enterprise) ON (e.region)"  (timed and reported separately)
    PATH query --db DB --format json "<query text>"        (same six queries, same literals)
and prints ratios to Kùzu. Query ratios use the engine time GovBrain reports (`elapsedMs`: parse,
plan, run and commit, as Kùzu's execute + get_all), and the process wall time is reported too.
The import runs --load-repeats times, each into a new database file (median reported).

GovBrain on PostgreSQL in the same run: with --postgres URL as well, the same CSVs go into a schema
of that server (--pg-schema, dropped first with psql) and the same query plan runs there:
    PATH import --db "URL?options=-csearch_path%3DSCHEMA" --schema off --id-type integer neo4j/*.csv
                                                           (COPY; wall, client peak RSS, schema size)
    PATH query --db "URL?options=…" --format json "<query text>"
with ratios to GovBrain on SQLite and to Kùzu, and a check that each run's result rows equal the
SQLite store's. The peak RSS is the govbrain process's; the server's memory is not counted.
Parts (--only): gen, kuzu, queries, sqlite, gbload, gbqueries, pgload, pgqueries; the stores stay
after a run, so `--only queries,gbqueries,pgqueries` reruns the queries of all three peers alone.
(Copied from ../shared/bench/graph/bench_graph.py; the GovBrain hook is adapted to the CLI.)

Examples (from the repository root, inside the venv that has numpy kuzu):
    python3 Tools/bench/bench_graph.py
    python3 Tools/bench/bench_graph.py --enterprises 900000 --persons 100000 --rels 10000000 --only gen,kuzu,queries
    python3 Tools/bench/bench_graph.py --govbrain /tmp/govbrain --postgres "$(bash Tools/postgres-dev.sh start)"
    python3 Tools/bench/bench_graph.py --only queries,gbqueries,pgqueries --govbrain /tmp/govbrain --postgres URL
"""
import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from machine_line import machine_line

INDUSTRIES = [chr(ord("A") + i) for i in range(20)]  # GB/T 4754 sections A..T

HUB_QUERIES = ["b_out_degree", "c_two_hop_distinct", "f_varlen_1_3_distinct"]
QUERIES = {
    "a_point_lookup": "MATCH (e:Enterprise {id: $id}) RETURN e.name, e.industry, e.region, e.capital, e.founded",
    "b_out_degree": "MATCH (e:Enterprise {id: $id})-[r]->() RETURN count(r) AS c",
    "c_two_hop_distinct": ("MATCH (e:Enterprise {id: $id})-[:SHAREHOLDER_OF]->()-[:SHAREHOLDER_OF]->(x:Enterprise) "
                           "RETURN count(DISTINCT x) AS c"),
    "d_group_by_industry": "MATCH (e:Enterprise) RETURN e.industry AS industry, count(*) AS c ORDER BY industry",
    "e_top10_capital_in_region": ("MATCH (e:Enterprise) WHERE e.region = $region "
                                  "RETURN e.id, e.name, e.capital ORDER BY e.capital DESC LIMIT 10"),
    "f_varlen_1_3_distinct": ("MATCH (e:Enterprise {id: $id})-[:SHAREHOLDER_OF*1..3]->(x:Enterprise) "
                              "RETURN count(DISTINCT x) AS c"),
}


# ----------------------------------------------------------------------------- helpers
def wait_for_quiet(max_load=1.5, max_wait=300, step=30, label=""):
    waited = 0
    l1 = os.getloadavg()[0]
    while l1 > max_load and waited < max_wait:
        print(f"# load {l1:.2f} > {max_load} before {label}: sleeping {step}s", file=sys.stderr, flush=True)
        time.sleep(step)
        waited += step
        l1 = os.getloadavg()[0]
    print(f"# block {label}: 1-min load {l1:.2f} (waited {waited}s)", file=sys.stderr, flush=True)
    return {"load1_before": round(l1, 2), "waited_s": waited}


def note_load(label=""):
    """Record the 1-minute load before a measurement inside a block (no waiting)."""
    l1 = os.getloadavg()[0]
    print(f"# {label}: 1-min load {l1:.2f}", file=sys.stderr, flush=True)
    return {"load1_before": round(l1, 2)}


def med(xs):
    return statistics.median(xs)


def p90(xs):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(0.9 * (len(s) - 1))))]


def path_size(p):
    if os.path.isfile(p):
        return os.path.getsize(p)
    total = 0
    for root, _dirs, files in os.walk(p):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def run_measured(cmd, env=None):
    """Run cmd; return (returncode, wall seconds, peak RSS in MiB of the child, stdout text)."""
    with tempfile.TemporaryFile(mode="w+") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, env=env)
        _pid, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return p.returncode, wall, ru.ru_maxrss / 1024.0, out.read()


def literal(query, params):
    q = query
    for k, v in params.items():
        q = q.replace(f"${k}", json.dumps(v) if isinstance(v, str) else str(v))
    return q


# ----------------------------------------------------------------------------- generation
def powerlaw_choice(rng, n, size, alpha, perm):
    w = (1.0 + __import__("numpy").arange(n)) ** (-alpha)
    w /= w.sum()
    return perm[rng.choice(n, size=size, p=w)]


def unique_pairs(rng, n_src, n_dst, count, alpha_src, alpha_dst, perm_src, perm_dst, same_space):
    """count distinct (src,dst) pairs with power-law endpoints, no self-loops, random order kept."""
    import numpy as np
    src_all = np.empty(0, dtype=np.int64)
    dst_all = np.empty(0, dtype=np.int64)
    need = count
    while True:
        m = int(need * 1.2) + 1000
        s = powerlaw_choice(rng, n_src, m, alpha_src, perm_src)
        d = powerlaw_choice(rng, n_dst, m, alpha_dst, perm_dst)
        src_all = np.concatenate([src_all, s])
        dst_all = np.concatenate([dst_all, d])
        keep = src_all != dst_all if same_space else np.ones(len(src_all), bool)
        key = src_all * n_dst + dst_all
        key = np.where(keep, key, -1)
        _u, first = np.unique(key, return_index=True)
        first = np.sort(first[key[first] >= 0])
        if len(first) >= count:
            first = first[:count]
            return src_all[first], dst_all[first]
        need = count - len(first) + 1000


def generate(n_ent, n_per, n_rels, seed):
    """Deterministic synthetic government graph; returns a dict of numpy arrays."""
    import numpy as np
    rng = np.random.default_rng(seed)
    g = {"n_ent": n_ent, "n_per": n_per}
    # regions: 14 prefecture cities x 8 counties, Guangxi-style adcodes 45CCXX, Zipf-weighted
    regions = np.array([450000 + c * 100 + x for c in range(1, 15) for x in range(2, 10)], dtype=np.int64)
    rw = 1.0 / (1.0 + np.arange(len(regions))) ** 0.8
    rw = rw[rng.permutation(len(regions))]
    g["regions"] = regions
    g["region"] = regions[rng.choice(len(regions), size=n_ent, p=rw / rw.sum())]
    iw = 1.0 / (1.0 + np.arange(20)) ** 1.0
    iw = iw[rng.permutation(20)]
    g["industry_idx"] = rng.choice(20, size=n_ent, p=iw / iw.sum())
    g["capital"] = np.round(np.exp(rng.normal(np.log(2e6), 1.6, size=n_ent)), 2)
    g["founded"] = (2024 - np.floor(45 * rng.beta(1.2, 2.5, size=n_ent))).astype(np.int64)
    n_legal = min(n_ent, n_rels // 5)
    rest = n_rels - n_legal
    n_share = int(round(rest * 5 / 8))
    n_supp = rest - n_share
    perm_e1, perm_e2, perm_e3, perm_e4 = (rng.permutation(n_ent) for _ in range(4))
    perm_p = rng.permutation(n_per)
    g["legal_dst"] = rng.permutation(n_ent)[:n_legal]
    g["legal_src"] = powerlaw_choice(rng, n_per, n_legal, 0.7, perm_p)
    g["share_src"], g["share_dst"] = unique_pairs(rng, n_ent, n_ent, n_share, 0.8, 0.6, perm_e1, perm_e2, True)
    g["share_ratio"] = np.round(rng.uniform(0.01, 1.0, size=n_share) * 100, 2)
    g["supp_src"], g["supp_dst"] = unique_pairs(rng, n_ent, n_ent, n_supp, 0.7, 0.7, perm_e3, perm_e4, True)
    g["supp_since"] = rng.integers(2000, 2025, size=n_supp)
    return g


def _write(path, header, cols, fmt):
    """Fast CSV writer for numeric columns, chunked."""
    n = len(cols[0])
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        step = 200_000
        for s in range(0, n, step):
            rows = zip(*(c[s:s + step].tolist() if hasattr(c, "tolist") else c[s:s + step] for c in cols))
            f.write("".join(fmt.format(*r) for r in rows))


def write_csvs(g, data_dir):
    import numpy as np
    n_ent, n_per = g["n_ent"], g["n_per"]
    ids = np.arange(n_ent)
    pids = np.arange(n_per)
    ind = np.array(INDUSTRIES)[g["industry_idx"]].tolist()
    ename = [f"企业{i:07d}有限公司" for i in range(n_ent)]
    pname = [f"人员{i:06d}" for i in range(n_per)]
    lab_e = ["Enterprise"] * n_ent
    lab_p = ["Person"] * n_per
    os.makedirs(os.path.join(data_dir, "kuzu"), exist_ok=True)
    os.makedirs(os.path.join(data_dir, "neo4j"), exist_ok=True)
    k = lambda f: os.path.join(data_dir, "kuzu", f)  # noqa: E731
    n4 = lambda f: os.path.join(data_dir, "neo4j", f)  # noqa: E731
    ecols = [ids, ename, ind, g["region"], g["capital"], g["founded"]]
    _write(k("enterprise.csv"), "id,name,industry,region,capital,founded", ecols, "{},{},{},{},{:.2f},{}\n")
    _write(n4("enterprise.csv"), "id:ID(Enterprise),name,industry,region:int,capital:float,founded:int,:LABEL",
           ecols + [lab_e], "{},{},{},{},{:.2f},{},{}\n")
    _write(k("person.csv"), "id,name", [pids, pname], "{},{}\n")
    _write(n4("person.csv"), "id:ID(Person),name,:LABEL", [pids, pname, lab_p], "{},{},{}\n")
    sh = [g["share_src"], g["share_dst"], g["share_ratio"]]
    _write(k("shareholder_of.csv"), "from,to,ratio", sh, "{},{},{:.2f}\n")
    _write(n4("shareholder_of.csv"), ":START_ID(Enterprise),:END_ID(Enterprise),ratio:float,:TYPE",
           sh + [["SHAREHOLDER_OF"] * len(sh[0])], "{},{},{:.2f},{}\n")
    su = [g["supp_src"], g["supp_dst"], g["supp_since"]]
    _write(k("supplies.csv"), "from,to,since", su, "{},{},{}\n")
    _write(n4("supplies.csv"), ":START_ID(Enterprise),:END_ID(Enterprise),since:int,:TYPE",
           su + [["SUPPLIES"] * len(su[0])], "{},{},{},{}\n")
    lr = [g["legal_src"], g["legal_dst"]]
    _write(k("legal_rep.csv"), "from,to", lr, "{},{}\n")
    _write(n4("legal_rep.csv"), ":START_ID(Person),:END_ID(Enterprise),:TYPE",
           lr + [["LEGAL_REP"] * len(lr[0])], "{},{},{}\n")


def make_query_plan(g, seed, runs, warmup):
    """Seeded start nodes (enterprises with >= 1 outgoing SHAREHOLDER_OF) and regions, per run."""
    import numpy as np
    rng = np.random.default_rng(seed + 7)
    cand = np.unique(g["share_src"])
    nodes = rng.choice(cand, size=runs + warmup, replace=False).tolist()
    regs = rng.choice(g["regions"], size=runs + warmup).tolist()
    plan = []
    for i in range(runs + warmup):
        plan.append({"id": int(nodes[i]), "region": int(regs[i]), "warmup": i < warmup})
    # hub start nodes: the enterprises with the most outgoing SHAREHOLDER_OF edges (warm-up on the next ones)
    ids, counts = np.unique(g["share_src"], return_counts=True)
    order = np.lexsort((ids, -counts))[:runs + warmup]
    hubs = [{"id": int(ids[j]), "out_degree": int(counts[j]), "warmup": i >= runs} for i, j in enumerate(order)]
    hubs = [h for h in hubs if h["warmup"]] + [h for h in hubs if not h["warmup"]]
    return {"queries": QUERIES, "runs": plan, "hub_queries": HUB_QUERIES, "hub_runs": hubs}


def trim_plan(plan, runs, warmup, hub_runs=None):
    """A stored plan cut down to at most `warmup` warm-up and `runs` measured runs per query (the first ones,
    so a rerun with fewer runs measures a prefix of the same start nodes); a plan never grows here.
    hub_runs (default runs) limits the hub cases alone; 0 drops them."""
    def cut(xs, n):
        return [x for x in xs if x["warmup"]][:warmup] + [x for x in xs if not x["warmup"]][:n]
    plan = dict(plan)
    plan["runs"] = cut(plan["runs"], runs)
    n_hubs = runs if hub_runs is None else hub_runs
    plan["hub_runs"] = cut(plan.get("hub_runs", []), n_hubs) if n_hubs > 0 else []
    if not plan["hub_runs"]:
        plan["hub_queries"] = []
    return plan


def query_cases(plan):
    """(name, query text, runs): the six queries on random start nodes, then b/c/f on hub start nodes."""
    cases = [(name, q, plan["runs"]) for name, q in plan["queries"].items()]
    cases += [(name + "_hubs", plan["queries"][name], plan["hub_runs"]) for name in plan.get("hub_queries", [])]
    return cases


# ----------------------------------------------------------------------------- Kùzu
KUZU_SCHEMA = [
    "CREATE NODE TABLE Enterprise(id INT64, name STRING, industry STRING, region INT64, capital DOUBLE, "
    "founded INT64, PRIMARY KEY(id))",
    "CREATE NODE TABLE Person(id INT64, name STRING, PRIMARY KEY(id))",
    "CREATE REL TABLE SHAREHOLDER_OF(FROM Enterprise TO Enterprise, ratio DOUBLE)",
    "CREATE REL TABLE SUPPLIES(FROM Enterprise TO Enterprise, since INT64)",
    "CREATE REL TABLE LEGAL_REP(FROM Person TO Enterprise)",
]
KUZU_COPY = [("Enterprise", "enterprise.csv"), ("Person", "person.csv"),
             ("SHAREHOLDER_OF", "shareholder_of.csv"), ("SUPPLIES", "supplies.csv"), ("LEGAL_REP", "legal_rep.csv")]


def kuzu_load_child(db_path, data_dir):
    import kuzu
    t0 = time.perf_counter()
    db = kuzu.Database(db_path)
    conn = kuzu.Connection(db)
    for s in KUZU_SCHEMA:
        conn.execute(s)
    steps = {"schema": time.perf_counter() - t0}
    for table, f in KUZU_COPY:
        t1 = time.perf_counter()
        p = os.path.join(data_dir, "kuzu", f).replace("\\", "/")
        conn.execute(f"COPY {table} FROM '{p}' (header=true)")
        steps[table] = time.perf_counter() - t1
    conn.close()
    db.close()
    steps["total"] = time.perf_counter() - t0
    print(json.dumps(steps), flush=True)


def run_kuzu_load(args, data_dir, work_dir):
    rows = []
    for r in range(args.load_repeats):
        db_path = os.path.join(work_dir, "kuzu_db")
        if os.path.exists(db_path):
            shutil.rmtree(db_path) if os.path.isdir(db_path) else os.remove(db_path)
        for extra in (db_path + ".wal",):
            if os.path.exists(extra):
                os.remove(extra)
        load = (wait_for_quiet(args.max_load, args.max_wait, label="kuzu load block") if r == 0
                else note_load(f"kuzu load {r}"))
        rc, wall, rss, out = run_measured([sys.executable, os.path.abspath(__file__), "--_kuzu-load", db_path,
                                           "--data-dir", data_dir])
        if rc != 0:
            raise SystemExit(f"kuzu load failed rc={rc}")
        steps = json.loads(out.strip().splitlines()[-1])
        size = path_size(db_path) + (path_size(db_path + ".wal") if os.path.exists(db_path + ".wal") else 0)
        row = {"run": r, "wall_s": round(wall, 2), "inner_s": round(steps["total"], 2),
               "steps_s": {k: round(v, 2) for k, v in steps.items()}, "peak_rss_mib": round(rss, 1),
               "db_bytes": size, **load}
        print(json.dumps(row), flush=True)
        rows.append(row)
    return {"runs": rows, "wall_s_median": med([x["wall_s"] for x in rows]),
            "peak_rss_mib_median": med([x["peak_rss_mib"] for x in rows]),
            "db_mib": round(rows[-1]["db_bytes"] / 2**20, 1), "db_path": db_path}


def run_kuzu_queries(args, db_path, plan):
    import kuzu
    db = kuzu.Database(db_path, read_only=True)
    conn = kuzu.Connection(db)
    res = {}
    wait_for_quiet(args.max_load, args.max_wait, label="kuzu query block")
    for name, q, runs in query_cases(plan):
        load = note_load(f"kuzu query {name}")
        prepared = conn.prepare(q)
        out = {"literal": [], "prepared": [], "results": []}
        for run in runs:
            params = {k: run[k] for k in ("id", "region") if f"${k}" in q}
            text = literal(q, params)
            t0 = time.perf_counter()
            rows = conn.execute(text).get_all()
            t_lit = time.perf_counter() - t0
            t0 = time.perf_counter()
            rows2 = conn.execute(prepared, params).get_all()
            t_prep = time.perf_counter() - t0
            assert rows == rows2
            if not run["warmup"]:
                out["literal"].append(t_lit * 1000)
                out["prepared"].append(t_prep * 1000)
                out["results"].append(rows)
        summary = {"query": name, "median_ms_literal": round(med(out["literal"]), 3),
                   "p90_ms_literal": round(p90(out["literal"]), 3),
                   "median_ms_prepared": round(med(out["prepared"]), 3),
                   "p90_ms_prepared": round(p90(out["prepared"]), 3),
                   "result_example": out["results"][0][:3],
                   "median_count": (med([r[0][0] for r in out["results"]])
                                    if name[0] in "bcf" else None),
                   "max_count": (max(r[0][0] for r in out["results"]) if name[0] in "bcf" else None), **load}
        print(json.dumps(summary, ensure_ascii=False, default=str), flush=True)
        summary["all_results"] = out["results"]
        res[name] = summary
    conn.close()
    db.close()
    return res


# ----------------------------------------------------------------------------- SQLite lower bound
SQLITE_SCHEMA = [
    "CREATE TABLE labels(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE rel_types(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE nodes(id INTEGER PRIMARY KEY, label INTEGER NOT NULL, props TEXT NOT NULL)",
    "CREATE TABLE edges(id INTEGER PRIMARY KEY, src INTEGER NOT NULL, dst INTEGER NOT NULL, "
    "type INTEGER NOT NULL, props TEXT)",
]
SQLITE_INDEXES = ["CREATE INDEX edges_src_type ON edges(src, type)",
                  "CREATE INDEX edges_dst_type ON edges(dst, type)"]
SQLITE_PRAGMAS = ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-262144",
                  "PRAGMA temp_store=MEMORY"]


def sqlite_load_child(db_path, args, mode):
    import numpy as np
    t_prep0 = time.perf_counter()
    g = generate(args.enterprises, args.persons, args.rels, args.seed)
    n_ent = g["n_ent"]
    ind = np.array(INDUSTRIES)[g["industry_idx"]].tolist()
    reg, cap, fnd = g["region"].tolist(), g["capital"].tolist(), g["founded"].tolist()
    nodes = [(i, 1, json.dumps({"id": i, "name": f"企业{i:07d}有限公司", "industry": ind[i], "region": reg[i],
                                "capital": cap[i], "founded": fnd[i]}, ensure_ascii=False))
             for i in range(n_ent)]
    nodes += [(n_ent + i, 2, json.dumps({"id": i, "name": f"人员{i:06d}"}, ensure_ascii=False))
              for i in range(g["n_per"])]
    edges = [(s, d, 1, f'{{"ratio":{r}}}') for s, d, r in
             zip(g["share_src"].tolist(), g["share_dst"].tolist(), g["share_ratio"].tolist())]
    edges += [(s, d, 2, f'{{"since":{y}}}') for s, d, y in
              zip(g["supp_src"].tolist(), g["supp_dst"].tolist(), g["supp_since"].tolist())]
    edges += [(n_ent + s, d, 3, None) for s, d in zip(g["legal_src"].tolist(), g["legal_dst"].tolist())]
    del g
    t_prep = time.perf_counter() - t_prep0
    t0 = time.perf_counter()
    con = sqlite3.connect(db_path, isolation_level=None)
    for p in SQLITE_PRAGMAS:
        con.execute(p)
    for s in SQLITE_SCHEMA:
        con.execute(s)
    if mode == "indexes-first":
        for s in SQLITE_INDEXES:
            con.execute(s)
    con.execute("BEGIN")
    con.executemany("INSERT INTO labels(id, name) VALUES (?, ?)", [(1, "Enterprise"), (2, "Person")])
    con.executemany("INSERT INTO rel_types(id, name) VALUES (?, ?)",
                    [(1, "SHAREHOLDER_OF"), (2, "SUPPLIES"), (3, "LEGAL_REP")])
    con.executemany("INSERT INTO nodes(id, label, props) VALUES (?, ?, ?)", nodes)
    t_nodes = time.perf_counter() - t0
    con.executemany("INSERT INTO edges(src, dst, type, props) VALUES (?, ?, ?, ?)", edges)
    t_edges = time.perf_counter() - t0 - t_nodes
    t1 = time.perf_counter()
    if mode == "indexes-after":
        for s in SQLITE_INDEXES:
            con.execute(s)
    t_index = time.perf_counter() - t1
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    total = time.perf_counter() - t0
    print(json.dumps({"prep_s": t_prep, "nodes_s": t_nodes, "edges_s": t_edges, "index_after_s": t_index,
                      "total_s": total, "n_nodes": len(nodes), "n_edges": len(edges),
                      "sqlite_version": sqlite3.sqlite_version}), flush=True)


def run_sqlite(args, work_dir):
    out = {"pragmas": SQLITE_PRAGMAS, "schema": SQLITE_SCHEMA + SQLITE_INDEXES}
    for mode in ("indexes-first", "indexes-after"):
        rows = []
        for r in range(args.load_repeats):
            db_path = os.path.join(work_dir, f"sqlite_{mode}.db")
            for ext in ("", "-wal", "-shm"):
                if os.path.exists(db_path + ext):
                    os.remove(db_path + ext)
            load = (wait_for_quiet(args.max_load, args.max_wait, label="sqlite block")
                    if (r == 0 and mode == "indexes-first") else note_load(f"sqlite {mode} {r}"))
            cmd = [sys.executable, os.path.abspath(__file__), "--_sqlite-load", db_path, "--_sqlite-mode", mode,
                   "--enterprises", str(args.enterprises), "--persons", str(args.persons),
                   "--rels", str(args.rels), "--seed", str(args.seed)]
            rc, wall, rss, text = run_measured(cmd)
            if rc != 0:
                raise SystemExit(f"sqlite load failed rc={rc}")
            st = json.loads(text.strip().splitlines()[-1])
            row = {"mode": mode, "run": r, "load_s": round(st["total_s"], 2), "nodes_s": round(st["nodes_s"], 2),
                   "edges_s": round(st["edges_s"], 2), "index_after_s": round(st["index_after_s"], 2),
                   "python_row_prep_s_untimed": round(st["prep_s"], 2), "peak_rss_mib_incl_python_rows": round(rss, 1),
                   "db_bytes": path_size(db_path), "sqlite_version": st["sqlite_version"], **load}
            print(json.dumps(row), flush=True)
            rows.append(row)
        out[mode] = {"runs": rows, "load_s_median": med([x["load_s"] for x in rows]),
                     "db_mib": round(rows[-1]["db_bytes"] / 2**20, 1)}
    return out


# ----------------------------------------------------------------------------- GovBrain on SQLite and PostgreSQL
GB_FILES = ("enterprise.csv", "person.csv", "shareholder_of.csv", "supplies.csv", "legal_rep.csv")
REGION_INDEX = "CREATE INDEX FOR (e:Enterprise) ON (e.region)"


def _cli_time_ms(stdout):
    for line in reversed(stdout.strip().splitlines()):
        try:
            js = json.loads(line)
        except ValueError:
            continue
        if isinstance(js, dict):
            for key in ("elapsedMs", "elapsed_ms", "executionTimeMs", "timeMs"):
                if key in js:
                    return float(js[key]), js
            if "elapsed_seconds" in js:
                return float(js["elapsed_seconds"]) * 1000, js
            return None, js
        return None, js
    return None, None


def pg_schema_name(args):
    """The schema the PostgreSQL part loads into: --pg-schema, else one per graph configuration."""
    return args.pg_schema or f"bench_graph_e{args.enterprises}_p{args.persons}_r{args.rels}_s{args.seed}"


def pg_store_url(base, schema):
    """The base URL with libpq's options=-csearch_path%3D<schema> added (the store lives in that schema)."""
    if "csearch_path" in base:
        raise SystemExit("--postgres: give the URL without options=-csearch_path…; the schema is --pg-schema")
    return base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{schema}"


def redact_url(url):
    """postgresql://user:secret@host… -> postgresql://user:***@host… (results and logs never hold the password)."""
    if not url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    auth, at, tail = rest.partition("@")
    if not at or ":" not in auth:
        return url
    return f"{scheme}://{auth.split(':', 1)[0]}:***@{tail}"


def psql(base, sql):
    """Run one SQL statement with psql on the server of the base URL; returns stdout (unaligned, tuples only)."""
    if not shutil.which("psql"):
        raise SystemExit("--postgres needs psql on PATH (Debian: apt-get install postgresql-client) to drop and "
                         "measure the benchmark's schema")
    cp = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", base, "-c", sql],
                        capture_output=True, text=True)
    if cp.returncode != 0:
        raise SystemExit(f"psql on {redact_url(base)} failed: {cp.stderr.strip()[-500:]}")
    return cp.stdout.strip()


def pg_schema_bytes(base, schema):
    """Bytes of the schema's tables, their indexes and TOAST (pg_total_relation_size summed)."""
    out = psql(base, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                     "JOIN pg_namespace n ON n.oid = c.relnamespace "
                     f"WHERE n.nspname = '{schema}' AND c.relkind IN ('r', 'm')")
    return int(out or 0)


def gb_import(args, gb, db, files, label, fresh):
    """Import the neo4j-style CSVs --load-repeats times, each into a fresh store (fresh() empties it first)."""
    rows = []
    for r in range(args.load_repeats):
        fresh()
        load = (wait_for_quiet(args.max_load, args.max_wait, label=f"{label} import") if r == 0
                else note_load(f"{label} import {r}"))
        rc, wall, rss, text = run_measured([gb, "import", "--db", db, "--schema", "off", "--id-type", "integer"]
                                           + files)
        row = {"run": r, "rc": rc, "wall_s": round(wall, 2), "peak_rss_mib": round(rss, 1), **load}
        print(json.dumps({f"{label}_import": row}), flush=True)
        if rc != 0:
            print(text[-2000:], file=sys.stderr)
            raise SystemExit(f"{label}: govbrain import failed rc={rc}")
        rows.append(row)
    return {"runs": rows, "wall_s_median": med([x["wall_s"] for x in rows]),
            "peak_rss_mib_median": med([x["peak_rss_mib"] for x in rows])}


def gb_region_index(gb, db, label):
    rc, wall, _rss, text = run_measured([gb, "query", "--db", db, REGION_INDEX])
    row = {"rc": rc, "wall_s": round(wall, 2)}
    print(json.dumps({f"{label}_index_region": row}), flush=True)
    if rc != 0:
        print(text[-2000:], file=sys.stderr)
        raise SystemExit(f"{label}: {REGION_INDEX} failed rc={rc}")
    return row


def run_cli_queries(args, gb, db, plan, results, label, reference=None):
    """The six queries (and b/c/f from hubs) as `govbrain query --db DB --format json` processes, one per run.

    Times: the engine time the CLI reports (elapsedMs) and the process wall time. Checks: Kùzu's first value
    found in the output (best effort) and, with reference (another GovBrain run's rows), identical rows."""
    out = {}
    wait_for_quiet(args.max_load, args.max_wait, label=f"{label} query block")
    for name, q, runs in query_cases(plan):
        load = note_load(f"{label} query {name}")
        walls, engine, same, rows_all, same_ref = [], [], [], [], []
        kz = results.get("kuzu_queries", {}).get(name)
        ref = (reference or {}).get(name, {}).get("rows")
        i = 0
        mismatch = None
        for run in runs:
            params = {k: run[k] for k in ("id", "region") if f"${k}" in q}
            t0 = time.perf_counter()
            cp = subprocess.run([gb, "query", "--db", db, "--format", "json", literal(q, params)],
                                capture_output=True, text=True)
            w = (time.perf_counter() - t0) * 1000
            if cp.returncode != 0:
                print(f"# {label} query {name} failed: {cp.stderr[-1000:]}", file=sys.stderr)
                break
            ms, js = _cli_time_ms(cp.stdout)
            if run["warmup"]:
                continue
            walls.append(w)
            if ms is not None:
                engine.append(ms)
            rows = js.get("rows") if isinstance(js, dict) else None
            rows_all.append(rows)
            if ref is not None and i < len(ref):
                same_ref.append(rows == ref[i])
            if kz is not None:
                # best effort: Kùzu's first cell must appear in the CLI JSON
                ok = str(kz["all_results"][i][0][0]) in cp.stdout
                same.append(ok)
                if not ok and mismatch is None:
                    mismatch = {"query": literal(q, params), "kuzu": str(kz["all_results"][i][:2]),
                                "govbrain": cp.stdout[:300]}
            i += 1
        if not walls:
            continue
        row = {"query": name, "median_ms_process_wall": round(med(walls), 3),
               "p90_ms_engine": round(p90(engine), 3) if engine else None,
               "median_ms_engine": round(med(engine), 3) if engine else None,
               "kuzu_first_value_found_in_output": f"{sum(same)}/{len(same)}" if same else None, **load}
        if same_ref:
            row["rows_equal_reference"] = f"{sum(same_ref)}/{len(same_ref)}"
        if kz:
            base = row["median_ms_engine"] if engine else row["median_ms_process_wall"]
            row["ratio_vs_kuzu_literal"] = base / kz["median_ms_literal"]
            row["ratio_basis"] = "engine-reported time" if engine else "process wall time (includes start + open)"
        if mismatch:
            row["mismatch_example"] = mismatch
        print(json.dumps(row, ensure_ascii=False), flush=True)
        row["rows"] = rows_all
        out[name] = row
    return out


def run_govbrain(args, data_dir, work_dir, plan, results, parts):
    """GovBrain on an SQLite file: parts gbload (import, region index) and gbqueries."""
    gb = args.govbrain
    out = {}
    db = os.path.join(work_dir, "govbrain_db")
    files = [os.path.join(data_dir, "neo4j", f) for f in GB_FILES]
    if "gbload" in parts:
        def fresh():
            for ext in ("", "-wal", "-shm"):
                p = db + ext
                if os.path.exists(p):
                    shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
        out["import"] = gb_import(args, gb, db, files, "govbrain_sqlite", fresh)
        out["import"]["db_mib"] = round(path_size(db) / 2**20, 1)
        if "kuzu" in results:
            out["import"]["ratio_wall_vs_kuzu"] = out["import"]["wall_s_median"] / results["kuzu"]["wall_s_median"]
        out["index_region"] = gb_region_index(gb, db, "govbrain_sqlite")
    if "gbqueries" in parts:
        if not os.path.exists(db):
            raise SystemExit(f"gbqueries: no GovBrain store at {db}; run --only gbload first")
        out["queries"] = run_cli_queries(args, gb, db, plan, results, "govbrain_sqlite")
    return out


def run_postgres(args, data_dir, plan, results, parts):
    """GovBrain on PostgreSQL (--postgres URL): parts pgload (COPY import into a fresh schema, region index)
    and pgqueries (the same query plan against the loaded schema; rerunnable alone)."""
    gb = args.govbrain
    base = args.postgres
    schema = pg_schema_name(args)
    if not schema.replace("_", "").isalnum() or not schema[0].isalpha():
        raise SystemExit(f"--pg-schema {schema!r}: letters, digits and _ only, starting with a letter")
    db = pg_store_url(base, schema)
    out = {"schema": schema, "server": psql(base, "SHOW server_version")}
    files = [os.path.join(data_dir, "neo4j", f) for f in GB_FILES]
    if "pgload" in parts:
        def fresh():
            psql(base, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        out["import"] = gb_import(args, gb, db, files, "govbrain_postgres", fresh)
        out["import"]["db_mib"] = round(pg_schema_bytes(base, schema) / 2**20, 1)
        if "kuzu" in results:
            out["import"]["ratio_wall_vs_kuzu"] = out["import"]["wall_s_median"] / results["kuzu"]["wall_s_median"]
        gbi = (results.get("govbrain") or {}).get("import")
        if gbi:
            out["import"]["ratio_wall_vs_sqlite"] = out["import"]["wall_s_median"] / gbi["wall_s_median"]
        out["index_region"] = gb_region_index(gb, db, "govbrain_postgres")
    if "pgqueries" in parts:
        if psql(base, f"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'") != "1":
            raise SystemExit(f"pgqueries: schema {schema} does not exist on {redact_url(base)}; run --only pgload first")
        ref = (results.get("govbrain") or {}).get("queries")
        out["queries"] = run_cli_queries(args, gb, db, plan, results, "govbrain_postgres", reference=ref)
        for name, row in out["queries"].items():
            s = (ref or {}).get(name)
            if s and s.get("median_ms_engine") and row.get("median_ms_engine") is not None:
                row["ratio_vs_sqlite"] = row["median_ms_engine"] / s["median_ms_engine"]
    return out


# ----------------------------------------------------------------------------- main
def versions():
    v = {"python": sys.version.split()[0], "sqlite3 (python module's library)": sqlite3.sqlite_version}
    try:
        from importlib.metadata import version
        for p in ("kuzu", "numpy"):
            try:
                v[p] = version(p)
            except Exception:  # noqa: BLE001
                v[p] = None
    except Exception:  # noqa: BLE001
        pass
    return v


def _fmt(x, nd=2):
    return "–" if x is None else (f"{x:.{nd}f}" if isinstance(x, float) else str(x))


def markdown_govbrain(results):
    """GovBrain's tables: the SQLite one as before, then import and queries of all peers side by side."""
    L = []
    gb = results.get("govbrain") or {}
    pg = results.get("postgres") or {}
    kzq = results.get("kuzu_queries", {})
    if gb.get("import"):
        L += ["", f"GovBrain (SQLite) import: {({k: (round(v, 3) if isinstance(v, float) else v) for k, v in gb['import'].items() if k != 'runs'})}, "
                  f"runs {[x['wall_s'] for x in gb['import']['runs']]}"]
    if gb.get("queries"):
        L += ["", "| query | GovBrain median ms (engine) | median ms (process wall) | ratio vs Kùzu literal | basis | "
              "Kùzu first value found |", "|---|---|---|---|---|---|"]
        for name, r in gb["queries"].items():
            L.append(f"| {name} | {r['median_ms_engine']} | {r['median_ms_process_wall']} | "
                     f"{round(r.get('ratio_vs_kuzu_literal', float('nan')), 3)} | {r.get('ratio_basis')} | "
                     f"{r['kuzu_first_value_found_in_output']} |")
    if not pg:
        return L
    L += ["", f"PostgreSQL {pg['server']}, schema {pg['schema']}"]
    imp = [("Kùzu (`COPY FROM`)", results.get("kuzu")), ("GovBrain on SQLite", gb.get("import")),
           ("GovBrain on PostgreSQL (`COPY`)", pg.get("import"))]
    if pg.get("import"):
        L += ["", "| peer | load wall s (median) | runs | peak RSS MiB (loading process) | on disk MiB |",
              "|---|---|---|---|---|"]
        for peer, r in imp:
            if r:
                L.append(f"| {peer} | {_fmt(float(r['wall_s_median']))} | "
                         f"{', '.join(str(x['wall_s']) for x in r['runs'])} | "
                         f"{_fmt(float(r['peak_rss_mib_median']), 1)} | {r.get('db_mib')} |")
        pi = pg["import"]
        L.append(f"\nPostgreSQL / SQLite: {_fmt(pi.get('ratio_wall_vs_sqlite'))}×, PostgreSQL / Kùzu: "
                 f"{_fmt(pi.get('ratio_wall_vs_kuzu'))}×; region index: PostgreSQL {pg['index_region']['wall_s']} s"
                 + (f", SQLite {gb['index_region']['wall_s']} s" if gb.get("index_region") else ""))
    if pg.get("queries"):
        sq = gb.get("queries") or {}
        L += ["", "| query | Kùzu ms | GovBrain SQLite ms | GovBrain PostgreSQL ms | PG / SQLite | PG / Kùzu | "
                  "PG p90 ms | PG rows = SQLite rows |", "|---|---|---|---|---|---|---|---|"]
        for name, r in pg["queries"].items():
            k = kzq.get(name, {}).get("median_ms_literal")
            s = sq.get(name, {}).get("median_ms_engine")
            L.append(f"| {name} | {_fmt(k, 3)} | {_fmt(s, 3)} | {_fmt(r['median_ms_engine'], 3)} | "
                     f"{_fmt(r.get('ratio_vs_sqlite'))} | {_fmt(r.get('ratio_vs_kuzu_literal'))} | "
                     f"{_fmt(r['p90_ms_engine'], 3)} | {r.get('rows_equal_reference', '–')} |")
    return L


def markdown(results):
    L = []
    if "kuzu" in results:
        k = results["kuzu"]
        L.append(f"Kùzu load: wall {k['wall_s_median']} s (median of {len(k['runs'])}), peak RSS "
                 f"{k['peak_rss_mib_median']} MiB, database {k['db_mib']} MiB; steps of last run: "
                 f"{k['runs'][-1]['steps_s']}")
        L.append("")
    if "kuzu_queries" in results:
        L += ["| query | median ms (literal text) | p90 ms | median ms (prepared) | p90 ms | median / max count | load1 |",
              "|---|---|---|---|---|---|---|"]
        for name, r in results["kuzu_queries"].items():
            L.append(f"| {name} | {r['median_ms_literal']} | {r['p90_ms_literal']} | {r['median_ms_prepared']} | "
                     f"{r['p90_ms_prepared']} | {r['median_count']} / {r.get('max_count')} | {r['load1_before']} |")
        L.append("")
    if "sqlite" in results:
        L += ["| SQLite mode | load s (median) | runs | DB MiB | load1 |", "|---|---|---|---|---|"]
        for mode in ("indexes-first", "indexes-after"):
            s = results["sqlite"][mode]
            L.append(f"| {mode} | {s['load_s_median']} | {[x['load_s'] for x in s['runs']]} | {s['db_mib']} | "
                     f"{s['runs'][0]['load1_before']} |")
    L += markdown_govbrain(results)
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--enterprises", type=int, default=200_000)
    ap.add_argument("--persons", type=int, default=20_000)
    ap.add_argument("--rels", type=int, default=1_000_000, help="total relationships (default 1,000,000)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data-dir", default=None, help="CSV folder (default <tmp>/govbrain-bench/graph/<config>)")
    ap.add_argument("--work-dir", default=None, help="databases go here (default <data-dir>/db)")
    ap.add_argument("--only", default="gen,kuzu,queries,sqlite",
                    help="comma list of parts: gen,kuzu,queries,sqlite (Kùzu and the plain-SQLite bound), "
                         "gbload,gbqueries (GovBrain on an SQLite file, needs --govbrain), pgload,pgqueries "
                         "(GovBrain on PostgreSQL, needs --govbrain and --postgres). When --only names none of "
                         "the gb*/pg* parts, --govbrain adds gbload,gbqueries and --postgres adds pgload,pgqueries. "
                         "Stores persist in --work-dir / the schema, so e.g. --only queries,gbqueries,pgqueries "
                         "reruns the three peers' queries on the loaded stores")
    ap.add_argument("--load-repeats", type=int, default=3)
    ap.add_argument("--query-runs", type=int, default=20,
                    help="measured runs per query (different start nodes); with a plan generated earlier "
                         "(queries.json) and without gen, its first N measured runs")
    ap.add_argument("--warmup", type=int, default=3, help="warm-up runs per query (other start nodes)")
    ap.add_argument("--hub-runs", type=int, default=None,
                    help="measured runs of b/c/f from the biggest hubs (default --query-runs; 0 skips them, "
                         "e.g. where one hub traversal takes minutes)")
    ap.add_argument("--max-load", type=float, default=1.5)
    ap.add_argument("--max-wait", type=int, default=300)
    ap.add_argument("--json-out", default=None)
    ap.add_argument("--govbrain", default=None, metavar="PATH",
                    help="govbrain CLI (a release build); imports neo4j/*.csv (--load-repeats times, each into a "
                         "new store) and runs the six queries, one `govbrain query --format json` per run")
    ap.add_argument("--postgres", default=None, metavar="URL",
                    help="PostgreSQL server for GovBrain's PostgreSQL backend, libpq URL without a search_path "
                         "option, e.g. \"$(bash Tools/postgres-dev.sh start)\". pgload drops and reloads the schema "
                         "--pg-schema (DROP SCHEMA … CASCADE through psql, then `govbrain import --db "
                         "URL?options=-csearch_path%%3DSCHEMA --schema off --id-type integer`, which loads by COPY); "
                         "pgqueries runs the query plan there. Its password never goes into the output")
    ap.add_argument("--pg-schema", default=None, metavar="NAME",
                    help="schema for --postgres (default bench_graph_e<enterprises>_p<persons>_r<rels>_s<seed>); "
                         "it is DROPPED by pgload")
    ap.add_argument("--_kuzu-load", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_sqlite-load", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_sqlite-mode", default="indexes-first", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.govbrain:
        print(machine_line(args.govbrain), flush=True)  # CPU, BLAS core, sgemm GFLOP/s beside the figures
    data_dir = args.data_dir or os.path.join(tempfile.gettempdir(), "govbrain-bench", "graph",
                                             f"e{args.enterprises}_p{args.persons}_r{args.rels}_s{args.seed}")
    if args._kuzu_load:
        kuzu_load_child(args._kuzu_load, data_dir)
        return
    if args._sqlite_load:
        sqlite_load_child(args._sqlite_load, args, args._sqlite_mode)
        return
    work_dir = args.work_dir or os.path.join(data_dir, "db")
    os.makedirs(work_dir, exist_ok=True)
    parts = set(args.only.split(","))
    known = {"gen", "kuzu", "queries", "sqlite", "gbload", "gbqueries", "pgload", "pgqueries"}
    if parts - known:
        raise SystemExit(f"--only: unknown part(s) {sorted(parts - known)}; known: {sorted(known)}")
    if not parts & {"gbload", "gbqueries", "pgload", "pgqueries"}:
        if args.govbrain:
            parts |= {"gbload", "gbqueries"}
        if args.postgres:
            parts |= {"pgload", "pgqueries"}
    if parts & {"gbload", "gbqueries", "pgload", "pgqueries"} and not args.govbrain:
        raise SystemExit("--only gb*/pg* parts need --govbrain PATH")
    if parts & {"pgload", "pgqueries"} and not args.postgres:
        raise SystemExit("--only pgload/pgqueries need --postgres URL")
    results = {"args": {k: (redact_url(v) if k == "postgres" else v) for k, v in vars(args).items()
                        if not k.startswith("_")}, "versions": versions(), "parts": sorted(parts)}
    results["started_utc"] = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    results["load_at_start"] = [round(x, 2) for x in os.getloadavg()]
    print("# versions:", json.dumps(results["versions"]), file=sys.stderr)
    print(f"# started {results['started_utc']} UTC, load {results['load_at_start']}, parts {sorted(parts)}",
          flush=True)
    plan_path = os.path.join(data_dir, "queries.json")
    if "gen" in parts or not os.path.exists(plan_path):
        t0 = time.perf_counter()
        g = generate(args.enterprises, args.persons, args.rels, args.seed)
        t1 = time.perf_counter()
        write_csvs(g, data_dir)
        plan = make_query_plan(g, args.seed, args.query_runs, args.warmup)
        with open(plan_path, "w") as f:
            json.dump(plan, f, indent=1)
        results["gen"] = {"generate_s": round(t1 - t0, 1), "write_s": round(time.perf_counter() - t1, 1),
                          "enterprises": g["n_ent"], "persons": g["n_per"],
                          "SHAREHOLDER_OF": len(g["share_src"]), "SUPPLIES": len(g["supp_src"]),
                          "LEGAL_REP": len(g["legal_src"]),
                          "csv_mib_kuzu": round(path_size(os.path.join(data_dir, "kuzu")) / 2**20, 1)}
        print(json.dumps({"gen": results["gen"]}), flush=True)
        del g
    with open(plan_path) as f:
        plan = trim_plan(json.load(f), args.query_runs, args.warmup, args.hub_runs)
    db_path = os.path.join(work_dir, "kuzu_db")
    if "kuzu" in parts:
        results["kuzu"] = run_kuzu_load(args, data_dir, work_dir)
    if "queries" in parts:
        results["kuzu_queries"] = run_kuzu_queries(args, db_path, plan)
    if "sqlite" in parts:
        results["sqlite"] = run_sqlite(args, work_dir)
    if parts & {"gbload", "gbqueries"}:
        results["govbrain"] = run_govbrain(args, data_dir, work_dir, plan, results, parts)
    if parts & {"pgload", "pgqueries"}:
        results["postgres"] = run_postgres(args, data_dir, plan, results, parts)
    print(markdown(results))
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(results, f, indent=1, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
