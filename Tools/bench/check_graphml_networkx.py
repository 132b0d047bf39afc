#!/usr/bin/env python3
"""Checks GovBrain's GraphML export against NetworkX: the export must read back in
networkx.read_graphml as the same graph as the database (nodes, edges, attributes and types).

Usage: python3 Tools/bench/check_graphml_networkx.py --govbrain .build/release/govbrain [--db DB]

It imports the NetworkX fixtures with `govbrain import --schema off`, exports GraphML, reads it with
NetworkX and compares every node and edge attribute with the original NetworkX graph; then it
exports the demo database (or --db) and checks node/edge counts against `govbrain stats`.
Exit status 0 when everything matches.
"""
import argparse, json, os, subprocess, sys, tempfile
import networkx as nx

def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{r.stderr}")
    return r.stdout

def strip(d, drop):
    return {k: v for k, v in d.items() if k not in drop}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--govbrain", required=True)
    ap.add_argument("--db", default=None)
    ap.add_argument("--fixtures", default="Tests/KGStoreTests/Fixtures")
    a = ap.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in ["networkx_digraph.graphml", "networkx_multidigraph.graphml", "networkx_karate.graphml"]:
            src = os.path.join(a.fixtures, name)
            orig = nx.read_graphml(src, force_multigraph=True)
            db = os.path.join(tmp, name + ".sqlite")
            out = os.path.join(tmp, name + ".out.graphml")
            run([a.govbrain, "import", "--db", db, "--schema", "off", src])
            run([a.govbrain, "export", "--db", db, "--format", "graphml", "--out", out])
            back = nx.read_graphml(out, force_multigraph=True)
            ok = set(orig.nodes) == set(back.nodes)
            for n in orig.nodes:
                ok &= strip(back.nodes[n], {"labels"}) == orig.nodes[n]
            oe = sorted((u, v, json.dumps(strip(d, {"id"}), sort_keys=True)) for u, v, d in orig.edges(data=True))
            be = sorted((u, v, json.dumps(strip(d, {"id", "type"}), sort_keys=True)) for u, v, d in back.edges(data=True))
            if not orig.is_directed():
                oe = sorted(tuple(sorted((u, v))) + (d,) for u, v, d in oe)
                be = sorted(tuple(sorted((u, v))) + (d,) for u, v, d in be)
            ok &= oe == be
            print(f"{name}: {'same graph' if ok else 'DIFFERENT'} ({back.number_of_nodes()} nodes, {back.number_of_edges()} edges)")
            failures += 0 if ok else 1
        if a.db:
            out = os.path.join(tmp, "db.graphml")
            run([a.govbrain, "export", "--db", a.db, "--format", "graphml", "--out", out])
            stats = json.loads(run([a.govbrain, "stats", "--db", a.db, "--format", "json"]))
            g = nx.read_graphml(out, force_multigraph=True)
            ok = g.number_of_nodes() == stats["nodes"] and g.number_of_edges() == stats["relationships"]
            print(f"{a.db}: {'counts match' if ok else 'COUNTS DIFFER'} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")
            failures += 0 if ok else 1
    print(f"{3 + (1 if a.db else 0) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
