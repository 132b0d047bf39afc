#!/usr/bin/env python3
"""Writes the NetworkX GraphML fixtures that KGStoreTests import (so the tests need no Python).

Usage: python3 Tools/make_networkx_fixtures.py [--out Tests/KGStoreTests/Fixtures]

Each fixture is written by networkx.write_graphml, with int, float, bool and string attributes on
nodes and edges, and a JSON summary of what the graph holds (counts, a few attribute values) that
the tests compare the import against.
"""
import argparse, json, os
import networkx as nx

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="Tests/KGStoreTests/Fixtures")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    g = nx.DiGraph()
    g.add_node("a", name="南宁市", population=8741584, area=22112.0, capital=True)
    g.add_node("b", name="青秀区", population=1042000, area=872.5, capital=False)
    g.add_node("c", name="Wuming", population=700000)            # missing attributes
    g.add_edge("b", "a", weight=1.5, kind="part_of", direct=True)
    g.add_edge("c", "a", weight=2.0, kind="part_of", direct=True, since=2015)
    g.add_edge("a", "a", weight=0.25, kind="self", direct=False)  # a self-loop
    nx.write_graphml(g, os.path.join(a.out, "networkx_digraph.graphml"))

    m = nx.MultiDiGraph()
    m.add_edge(1, 2, amount=10)
    m.add_edge(1, 2, amount=20)                                  # a parallel edge
    m.add_edge(2, 3, amount=30)
    nx.write_graphml(m, os.path.join(a.out, "networkx_multidigraph.graphml"))

    k = nx.karate_club_graph()                                   # undirected, 34 nodes, 78 edges
    nx.write_graphml(k, os.path.join(a.out, "networkx_karate.graphml"))

    summary = {
        "networkx_digraph.graphml": {"nodes": 3, "edges": 3},
        "networkx_multidigraph.graphml": {"nodes": 3, "edges": 3},
        "networkx_karate.graphml": {"nodes": k.number_of_nodes(), "edges": k.number_of_edges()},
    }
    with open(os.path.join(a.out, "networkx_summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    print("wrote fixtures to", a.out, "with networkx", nx.__version__)

if __name__ == "__main__":
    main()
