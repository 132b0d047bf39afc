#!/usr/bin/env python3
"""Writes the NetworkX reference results that KGAlgorithmsTests compare against (so the tests need
no Python): a few graphs, each as JSON with its edges and what NetworkX computes on it.

Usage: python3 Tools/make_algorithm_fixtures.py [--out Tests/KGAlgorithmsTests/Fixtures]
Needs networkx (tested with 3.6.1).
"""
import argparse, json, os, random
import networkx as nx


def record(name, g, weighted, out, sources=(0,), louvain_seed=42):
    nodes = sorted(g.nodes())
    index = {v: i for i, v in enumerate(nodes)}
    w = "weight" if weighted else None
    doc = {
        "name": name, "networkx": nx.__version__, "directed": g.is_directed(), "weighted": weighted,
        "nodes": len(nodes),
        "edges": [[index[u], index[v], float(d.get("weight", 1.0))] for u, v, d in g.edges(data=True)],
    }
    vec = lambda m: [m[v] for v in nodes]
    doc["pagerank"] = vec(nx.pagerank(g, alpha=0.85, tol=1e-13, max_iter=10000, weight=w))
    pers = {v: (1.0 if index[v] in sources else 0.0) for v in nodes}
    doc["personalizedSources"] = list(sources)
    doc["personalizedPagerank"] = vec(nx.pagerank(g, alpha=0.85, personalization=pers, tol=1e-13, max_iter=10000, weight=w))
    doc["betweenness"] = vec(nx.betweenness_centrality(g, normalized=True, weight=w))
    doc["betweennessRaw"] = vec(nx.betweenness_centrality(g, normalized=False, weight=w))
    doc["closeness"] = vec(nx.closeness_centrality(g, distance=w))
    und = g.to_undirected() if g.is_directed() else g
    simple = nx.Graph(und)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    doc["coreNumber"] = vec(nx.core_number(simple))
    doc["triangles"] = vec(nx.triangles(simple))
    doc["clustering"] = vec(nx.clustering(simple))
    def labelled(components):
        """Each node's component as the smallest dense index in it (GovBrain's component ids)."""
        return vec({v: min(index[u] for u in c) for c in components for v in c})

    doc["wcc"] = labelled(nx.connected_components(und))
    if g.is_directed():
        doc["scc"] = labelled(nx.strongly_connected_components(g))
    lengths = (nx.single_source_dijkstra_path_length(g, nodes[0], weight="weight") if weighted
               else nx.single_source_shortest_path_length(g, nodes[0]))
    doc["distancesFrom0"] = [lengths.get(v) for v in nodes]
    communities = nx.community.louvain_communities(und, weight=w, resolution=1.0, seed=louvain_seed)
    doc["louvainModularity"] = nx.community.modularity(und, communities, weight=w, resolution=1.0)
    target = nodes[-1]
    try:
        doc["allShortestPathsToLast"] = sorted([index[v] for v in p] for p in nx.all_shortest_paths(g, nodes[0], target, weight=w))
    except nx.NetworkXNoPath:
        doc["allShortestPathsToLast"] = []
    with open(os.path.join(out, f"{name}.json"), "w") as f:
        json.dump(doc, f)
    print(name, len(nodes), "nodes", g.number_of_edges(), "edges")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="Tests/KGAlgorithmsTests/Fixtures")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    record("karate", nx.karate_club_graph(), False, a.out)
    d = nx.gnp_random_graph(60, 0.05, seed=7, directed=True)
    record("directed_gnp", d, False, a.out, sources=(0, 5))
    rng = random.Random(11)
    wg = nx.gnm_random_graph(50, 140, seed=3)
    for u, v in wg.edges():
        wg[u][v]["weight"] = rng.choice([1.0, 2.0, 3.0, 0.5])
    record("weighted_gnm", wg, True, a.out)
    record("les_miserables", nx.les_miserables_graph(), True, a.out)


if __name__ == "__main__":
    main()
