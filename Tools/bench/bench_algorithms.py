#!/usr/bin/env python3
"""Graph algorithm benchmark: GovBrain (`govbrain algo NAME --edges FILE`) against python-igraph (C
core) and NetworkX on the same R-MAT graph, in the same run.

Each peer times the algorithm on a graph already in memory (GovBrain reports `run_seconds`, its
edge-list load is reported apart). Algorithms: PageRank (GovBrain: 20 power iterations; igraph: its
default PRPACK solver; NetworkX: power iteration to tol 1e-6), weakly connected components,
Louvain (undirected), betweenness from 64 sampled sources. NetworkX runs on a smaller R-MAT graph
(--nx-scale) where it finishes; GovBrain and igraph run on both.

Usage:
  python3 -m venv /tmp/bench && /tmp/bench/bin/pip install numpy igraph networkx
  swift build -c release --product govbrain
  /tmp/bench/bin/python Tools/bench/bench_algorithms.py --govbrain .build/release/govbrain [--scale 20] [--nx-scale 16]
"""
import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time
from machine_line import machine_line


def rmat(scale, edge_factor, seed, a=0.57, b=0.19, c=0.19):
    import numpy as np
    rng = np.random.default_rng(seed)
    m = edge_factor * (1 << scale)
    u = np.zeros(m, dtype=np.int64)
    v = np.zeros(m, dtype=np.int64)
    for level in range(scale):
        r = rng.random(m)
        bit_u = (r >= a + b)                      # quadrants c, d
        bit_v = ((r >= a) & (r < a + b)) | (r >= a + b + c)   # quadrants b, d
        u |= bit_u.astype(np.int64) << level
        v |= bit_v.astype(np.int64) << level
    # Permute ids so degree is not correlated with id, drop self loops and duplicates.
    perm = rng.permutation(1 << scale)
    u, v = perm[u], perm[v]
    keep = u != v
    key = np.unique(u[keep] * (1 << scale) + v[keep])
    return (key // (1 << scale)).astype(np.int64), (key % (1 << scale)).astype(np.int64)


def graph_file(scale, edge_factor, seed, data_dir):
    """The R-MAT edge list as TSV (for GovBrain) and .npy (for the Python peers), cached."""
    import numpy as np
    path = os.path.join(data_dir, f"rmat_s{scale}_e{edge_factor}_seed{seed}.tsv")
    npy = path[:-4] + ".npy"
    if not (os.path.exists(path) and os.path.exists(npy)):
        u, v = rmat(scale, edge_factor, seed)
        np.save(npy, np.stack([u, v], axis=1))
        with open(path, "w") as f:
            step = 1_000_000
            for s in range(0, len(u), step):
                f.write("\n".join(f"{a}\t{b}" for a, b in zip(u[s:s + step].tolist(), v[s:s + step].tolist())))
                f.write("\n")
    return path


def load_edges(path):
    import numpy as np
    e = np.load(path[:-4] + ".npy")
    return e[:, 0], e[:, 1]


def med(xs):
    return statistics.median(xs)


def run_govbrain(args, name, path, config):
    cmd = [args.govbrain, "algo", name, "--edges", path, "--config", json.dumps(config)]
    cp = subprocess.run(cmd, capture_output=True, text=True)
    if cp.returncode != 0:
        raise RuntimeError(f"govbrain {name} failed: {cp.stderr[-1000:]}")
    out = json.loads(cp.stdout.strip().splitlines()[-1])
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--govbrain", required=True)
    ap.add_argument("--scale", type=int, default=20)
    ap.add_argument("--nx-scale", type=int, default=16)
    ap.add_argument("--edge-factor", type=int, default=16)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--sources", type=int, default=64, help="sampled sources for betweenness")
    ap.add_argument("--algorithms", default="pageRank,wcc,louvain,betweenness")
    ap.add_argument("--skip-networkx", action="store_true")
    ap.add_argument("--data-dir", default=os.path.join(tempfile.gettempdir(), "govbrain-bench", "graphs"))
    ap.add_argument("--json-out")
    args = ap.parse_args()
    if args.govbrain:
        print(machine_line(args.govbrain), flush=True)  # CPU, BLAS core, sgemm GFLOP/s beside the figures
    os.makedirs(args.data_dir, exist_ok=True)
    import igraph as ig
    import numpy as np
    results = {"args": vars(args), "rows": []}
    scales = [args.scale] + ([args.nx_scale] if args.nx_scale != args.scale else [])
    for scale in scales:
        path = graph_file(scale, args.edge_factor, args.seed, args.data_dir)
        u, v = load_edges(path)
        n = int(max(u.max(), v.max())) + 1
        print(f"# R-MAT scale {scale}: {n} nodes, {len(u)} edges ({path})", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        gi = ig.Graph(n=n, edges=np.stack([u, v], axis=1), directed=True)
        ig_load = time.perf_counter() - t0
        gu = gi.as_undirected(mode="collapse")
        rng = np.random.default_rng(args.seed)
        sample = rng.choice(n, size=min(args.sources, n), replace=False).tolist()
        gx = None
        if scale == args.nx_scale and not args.skip_networkx:
            import networkx as nx
            gx = nx.DiGraph()
            gx.add_nodes_from(range(n))
            gx.add_edges_from(zip(u.tolist(), v.tolist()))
        for algo in args.algorithms.split(","):
            row = {"scale": scale, "nodes": n, "edges": int(len(u)), "algorithm": algo}
            if algo == "pageRank":
                cfg = {"maxIterations": 20, "tolerance": 0}
                ig_fn = lambda: gi.pagerank(damping=0.85)
                nx_fn = (lambda: nx.pagerank(gx, alpha=0.85)) if gx is not None else None
            elif algo == "wcc":
                cfg = {}
                ig_fn = lambda: gi.connected_components(mode="weak")
                nx_fn = (lambda: list(nx.weakly_connected_components(gx))) if gx is not None else None
            elif algo == "louvain":
                cfg = {}
                ig_fn = lambda: gu.community_multilevel()
                nx_fn = (lambda: nx.community.louvain_communities(gx.to_undirected(), seed=42)) if gx is not None else None
            elif algo == "betweenness":
                cfg = {"samplingSize": args.sources, "normalized": False}
                ig_fn = lambda: gi.betweenness(sources=sample)
                nx_fn = (lambda: nx.betweenness_centrality(gx, k=args.sources, seed=42, normalized=False)) if gx is not None else None
            else:
                raise SystemExit(f"unknown algorithm {algo}")
            gb = [run_govbrain(args, algo, path, cfg) for _ in range(args.repeats)]
            row["govbrain_seconds"] = med([x["run_seconds"] for x in gb])
            row["govbrain_runs"] = [round(x["run_seconds"], 3) for x in gb]
            row["govbrain_load_seconds"] = med([x["load_seconds"] for x in gb])
            row["govbrain_peak_rss_mib"] = max(x["peak_rss_mib"] for x in gb)
            if "modularity" in gb[0]:
                row["govbrain_modularity"] = gb[0]["modularity"]
            times, out = [], None
            for _ in range(args.repeats):
                t0 = time.perf_counter(); out = ig_fn(); times.append(time.perf_counter() - t0)
            row["igraph_seconds"] = med(times)
            row["igraph_runs"] = [round(x, 3) for x in times]
            if algo == "louvain":
                row["igraph_modularity"] = out.modularity
            row["ratio_vs_igraph"] = row["govbrain_seconds"] / row["igraph_seconds"]
            if nx_fn is not None:
                t0 = time.perf_counter(); out = nx_fn(); nx_t = time.perf_counter() - t0
                row["networkx_seconds"] = nx_t
                row["speedup_vs_networkx"] = nx_t / row["govbrain_seconds"]
                if algo == "louvain":
                    row["networkx_modularity"] = nx.community.modularity(gx.to_undirected(), out)
            row["igraph_load_seconds"] = ig_load
            print(json.dumps(row), flush=True)
            results["rows"].append(row)
    print("\n| scale | algorithm | GovBrain s | igraph s | GovBrain/igraph | NetworkX s | NetworkX/GovBrain | modularity GovBrain / igraph |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results["rows"]:
        mod = f"{r.get('govbrain_modularity', float('nan')):.4f} / {r.get('igraph_modularity', float('nan')):.4f}" if r["algorithm"] == "louvain" else ""
        nxs = f"{r['networkx_seconds']:.2f}" if "networkx_seconds" in r else "—"
        nxr = f"{r['speedup_vs_networkx']:.0f}×" if "speedup_vs_networkx" in r else "—"
        print(f"| {r['scale']} | {r['algorithm']} | {r['govbrain_seconds']:.3f} | {r['igraph_seconds']:.3f} | {r['ratio_vs_igraph']:.2f} | {nxs} | {nxr} | {mod} |")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
