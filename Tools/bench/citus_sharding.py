#!/usr/bin/env python3
"""Sharding GovBrain's graph with Citus, on paper with numbers: a simulation on a generated graph and
measurements of one PostgreSQL on this machine (issue 28, "Beyond one PostgreSQL").

    govbrain datagen --scale demo --seed 1 --out /tmp/gen          # or large
    bash Tools/postgres-dev.sh start                                 # prints the URL
    python3 -m venv /tmp/citusvenv && /tmp/citusvenv/bin/pip install "psycopg[binary]"
    /tmp/citusvenv/bin/python Tools/bench/citus_sharding.py /tmp/gen --url URL [--shards 32] [--samples 2000]

1. Reads the generated nodes and relationships (the neo4j-admin CSV files of `govbrain datagen`).
2. Places every node on one of `--shards` shards under two distribution keys:
   - `node`: Citus's hash of the node's id (nodes, their labels and their outgoing relationships
     co-located: `rels` distributed by its start node, a second copy `rels_in` by its end node);
   - `region`: the node's city (its own adcode's city for regions and offices, the region it is
     LOCATED_IN for enterprises, people and work orders, the region of the entity it belongs to for
     records), hashed the same way; nodes with no region (taxonomy, industries, policies) become
     reference tables, copied to every shard.
3. For each key: the share of relationships whose two ends lie on different shards, the largest shard's
   share of nodes, and for the bench_graph query shapes started at `--samples` random enterprises (and
   at the 1 % of nodes with most relationships, the hubs): how many shards each hop touches and how many
   rows cross from workers to the coordinator.
4. On the PostgreSQL at `--url` (one node, this machine): loads the relationships (COPY) with both
   indexes, and times a round trip (`SELECT 1`), a 1-hop and a 2-hop expansion from the same samples in
   SQL; the estimate for a Citus cluster is built from these and printed beside them.
Prints Markdown tables; nothing here is a Citus measurement (Citus is not packaged for Debian 12):
the cluster figures are estimates whose every term is printed.
"""
import argparse
import csv
import glob
import hashlib
import io
import json
import os
import random
import statistics
import time

try:
    import psycopg
except ImportError:  # the simulation runs without PostgreSQL
    psycopg = None


def key_of(header_cell, value):
    """The node key "(Label)value" of an :ID(Label), :START_ID(Label) or :END_ID(Label) cell."""
    label = header_cell[header_cell.index("(") + 1:header_cell.index(")")]
    return f"{label}:{value}"


def read_graph(folder):
    manifest = json.load(open(os.path.join(folder, "manifest.json")))
    nodes, edges = {}, []
    for f in manifest["files"]:
        path = os.path.join(folder, f["name"])
        if f["kind"] not in ("nodes", "relationships"):
            continue
        with open(path, encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            if f["kind"] == "nodes":
                col = next(i for i, h in enumerate(header) if ":ID(" in h)
                adcode = next((i for i, h in enumerate(header) if h.split(":")[0] in ("adcode",)), None)
                for row in reader:
                    k = key_of(header[col], row[col])
                    nodes[k] = {"label": k.split(":")[0], "adcode": row[adcode] if adcode is not None else None}
            else:
                s = next(i for i, h in enumerate(header) if h.startswith(":START_ID"))
                d = next(i for i, h in enumerate(header) if h.startswith(":END_ID"))
                t = header.index(":TYPE")
                for row in reader:
                    edges.append((key_of(header[s], row[s]), key_of(header[d], row[d]), row[t]))
    return nodes, edges


def city_of(adcode):
    """The city (prefecture) adcode of any Guangxi adcode; the province stays itself."""
    if adcode is None or len(adcode) != 6:
        return None
    return adcode if adcode.endswith("0000") else adcode[:4] + "00"


def regions(nodes, edges):
    """Each node's city: its own adcode, else the region it is LOCATED_IN, else that of a neighbour that has one."""
    city = {k: city_of(v["adcode"]) if v["label"] == "Region" else None for k, v in nodes.items()}
    for s, d, t in edges:
        if t == "LOCATED_IN" and city.get(d):
            city[s] = city[d]
    for _ in range(2):  # records and reports take the city of the entity they belong to
        for s, d, _t in edges:
            if city.get(s) is None and city.get(d) is not None and nodes.get(d, {}).get("label") not in ("Region", "Intent", "Industry", "Department", "Tag", "Policy"):
                city[s] = city[d]
    return city


def shard_of(value, shards):
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big") % shards


def simulate(nodes, edges, placement, shards, starts, hubs):
    """Cross-shard share, balance and the per-hop fan-out of 1- and 2-hop expansions (both directions)."""
    adjacency = {}
    for s, d, _ in edges:
        adjacency.setdefault(s, []).append(d)
        adjacency.setdefault(d, []).append(s)
    placed = [(s, d) for s, d, _ in edges if placement.get(s) is not None and placement.get(d) is not None]
    cross = sum(1 for s, d in placed if placement[s] != placement[d]) / max(1, len(placed))
    counts = [0] * shards
    reference = 0
    for k in nodes:
        p = placement.get(k)
        if p is None:
            reference += 1
        else:
            counts[p] += 1
    largest = max(counts) / max(1, sum(counts))

    def fanout(start_nodes):
        hop1_shards, hop2_shards, hop2_rows, cross_rows = [], [], [], []
        for n in start_nodes:
            first = adjacency.get(n, [])
            home = placement.get(n)
            s1 = {placement.get(m) for m in first if placement.get(m) is not None}
            hop1_shards.append(len(s1 | ({home} if home is not None else set())))
            second = [(m, x) for m in first for x in adjacency.get(m, [])]
            s2 = {placement.get(m) for m in first if placement.get(m) is not None}
            hop2_shards.append(len(s2) or 1)
            hop2_rows.append(len(second))
            # Rows a worker must ship: second-hop rows produced on a shard other than the start's.
            cross_rows.append(sum(1 for m, _x in second if placement.get(m) is not None and placement.get(m) != home))
        mean = lambda xs: statistics.fmean(xs) if xs else 0
        return {"hop1Shards": mean(hop1_shards), "hop2Shards": mean(hop2_shards), "hop2Rows": mean(hop2_rows),
                "hop2RowsOffShard": mean(cross_rows)}

    return {"crossShardRelationships": cross, "largestShardShare": largest, "referenceNodes": reference,
            "enterprises": fanout(starts), "hubs": fanout(hubs)}


def measure_postgres(url, edges, samples, hub_samples):
    """Times on one PostgreSQL: SELECT 1, and 1-hop / 2-hop expansions from the samples (median ms)."""
    ids = {}
    for s, d, _ in edges:
        ids.setdefault(s, len(ids))
        ids.setdefault(d, len(ids))
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS citus_study_rels")
        cur.execute("CREATE UNLOGGED TABLE citus_study_rels (src bigint NOT NULL, dst bigint NOT NULL)")
        started = time.perf_counter()
        with cur.copy("COPY citus_study_rels (src, dst) FROM STDIN") as copy:
            for s, d, _ in edges:
                copy.write_row((ids[s], ids[d]))
        cur.execute("CREATE INDEX ON citus_study_rels (src, dst)")
        cur.execute("CREATE INDEX ON citus_study_rels (dst, src)")
        cur.execute("ANALYZE citus_study_rels")
        load_s = time.perf_counter() - started

        def timed(sql, params_list, repeat=1):
            out = []
            for params in params_list:
                t0 = time.perf_counter()
                for _ in range(repeat):
                    cur.execute(sql, params)
                    cur.fetchall()
                out.append((time.perf_counter() - t0) / repeat * 1000)
            return statistics.median(out)

        one = ("SELECT dst FROM citus_study_rels WHERE src = %(n)s UNION ALL SELECT src FROM citus_study_rels WHERE dst = %(n)s")
        two = ("WITH h1 AS (SELECT dst AS m FROM citus_study_rels WHERE src = %(n)s UNION ALL SELECT src FROM citus_study_rels WHERE dst = %(n)s) "
               "SELECT r.dst FROM h1 JOIN citus_study_rels r ON r.src = h1.m UNION ALL SELECT r.src FROM h1 JOIN citus_study_rels r ON r.dst = h1.m")
        enterprise_params = [{"n": ids[n]} for n in samples if n in ids]
        hub_params = [{"n": ids[n]} for n in hub_samples if n in ids]
        result = {"loadSeconds": load_s, "roundTripMs": timed("SELECT 1", [{}] * 200),
                  "oneHopMs": timed(one, enterprise_params), "twoHopMs": timed(two, enterprise_params),
                  "twoHopHubsMs": timed(two, hub_params)}
        cur.execute("DROP TABLE citus_study_rels")
        return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph", help="folder of `govbrain datagen --out`")
    ap.add_argument("--shards", type=int, default=32)
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--url", help="PostgreSQL URL for the single-node measurements (omit to simulate only)")
    ap.add_argument("--network-ms", type=float, default=0.2, help="assumed round trip between coordinator and worker hosts")
    ap.add_argument("--task-ms", type=float, default=0.5, help="assumed coordinator work per shard task (planning, connection, merge)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    nodes, edges = read_graph(args.graph)
    city = regions(nodes, edges)
    rng = random.Random(args.seed)
    enterprises = [k for k, v in nodes.items() if v["label"] == "Enterprise"]
    starts = rng.sample(enterprises, min(args.samples, len(enterprises)))
    degree = {}
    for s, d, _ in edges:
        degree[s] = degree.get(s, 0) + 1
        degree[d] = degree.get(d, 0) + 1
    hubs_all = sorted(degree, key=lambda k: -degree[k])[: max(1, len(degree) // 100)]
    hubs = rng.sample(hubs_all, min(200, len(hubs_all)))
    by_node = {k: shard_of(k, args.shards) for k in nodes}
    by_region = {k: (shard_of(c, args.shards) if c else None) for k, c in city.items()}
    results = {"nodes": len(nodes), "relationships": len(edges), "shards": args.shards,
               "node": simulate(nodes, edges, by_node, args.shards, starts, hubs),
               "region": simulate(nodes, edges, by_region, args.shards, starts, hubs)}
    print(f"graph {args.graph}: {len(nodes):,} nodes, {len(edges):,} relationships; {args.shards} shards; "
          f"{len(starts)} enterprise starts, {len(hubs)} hub starts (top 1 % by degree)\n")
    print("| distribution key | relationships across shards | largest shard (share of distributed nodes) | reference-table nodes | "
          "2-hop from an enterprise: shards touched, rows, rows off the start's shard | 2-hop from a hub: shards, rows, off-shard |")
    print("|---|---|---|---|---|---|")
    for key in ("node", "region"):
        r = results[key]
        e, h = r["enterprises"], r["hubs"]
        print(f"| {key} | {r['crossShardRelationships'] * 100:.1f} % | {r['largestShardShare'] * 100:.1f} % | {r['referenceNodes']:,} | "
              f"{e['hop2Shards']:.1f}, {e['hop2Rows']:.0f}, {e['hop2RowsOffShard']:.0f} | {h['hop2Shards']:.1f}, {h['hop2Rows']:.0f}, {h['hop2RowsOffShard']:.0f} |")
    if args.url and psycopg:
        pg = measure_postgres(args.url, edges, starts, hubs)
        results["postgres"] = pg
        print(f"\none PostgreSQL on this machine: COPY + two indexes of {len(edges):,} relationships {pg['loadSeconds']:.1f} s; "
              f"round trip {pg['roundTripMs']:.3f} ms; median 1-hop {pg['oneHopMs']:.3f} ms, 2-hop {pg['twoHopMs']:.3f} ms, "
              f"2-hop from hubs {pg['twoHopHubsMs']:.3f} ms")
        print(f"\nestimate for a Citus cluster (assumed {args.network_ms} ms between hosts, {args.task_ms} ms of coordinator work per shard task):")
        print("| distribution key | 2-hop from an enterprise (ms) | 2-hop from a hub (ms) | terms |")
        print("|---|---|---|---|")
        for key in ("node", "region"):
            r = results[key]
            for_start = lambda f, local: (2 * args.network_ms + f["hop1Shards"] * args.task_ms) + (2 * args.network_ms + f["hop2Shards"] * args.task_ms) + local
            e, h = r["enterprises"], r["hubs"]
            print(f"| {key} | {for_start(e, pg['twoHopMs']):.2f} | {for_start(h, pg['twoHopHubsMs']):.2f} | "
                  f"two rounds (hop 1 on its shards, hop 2 on the shards of the neighbours) × ({2 * args.network_ms} ms network + shards × {args.task_ms} ms) + "
                  f"the single-node SQL time |")
    json.dump(results, open("/tmp/citus_sharding.json", "w"), indent=1)
    print("\nraw figures: /tmp/citus_sharding.json")


if __name__ == "__main__":
    main()
