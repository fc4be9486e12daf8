#!/usr/bin/env python3
"""Checks `innomap analyze brokers --format json` against networkx on the same collaboration graph,
built independently from the RDF with rdflib: every organisation's betweenness (networkx's exact
Brandes), the modularity of innomap's communities (networkx's `modularity`), and that the partition
is about as good as networkx's own Louvain.

    python3 tests/analytics_check.py BROKERS.json DATA.ttl [DATA2.ttl ...]

BROKERS.json is `innomap analyze brokers --top 100000 --format json` on the same data. Prints one line
per failed check and ends with "N passed, M failed"; exits 1 on any failure.
"""

import json
import sys
from collections import Counter

import networkx as nx
import rdflib

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


def local_id(iri):
    return str(iri).rstrip("/").rsplit("/", 1)[1]


def main():
    report = json.load(open(sys.argv[1], encoding="utf-8"))
    data = rdflib.Dataset()
    for path in sys.argv[2:]:
        data.parse(path, format="turtle" if path.endswith(".ttl") else "nt")
    rows = data.query(
        """PREFIX im: <https://w3id.org/innomap/def#>
        SELECT ?c ?p WHERE { ?c a im:Collaboration ; im:collaborationKind ?k ; im:year ?y ;
                                 im:participant ?p . }"""
    )
    participants = {}
    for c, p in rows:
        participants.setdefault(str(c), set()).add(local_id(p))
    ties = Counter()
    for members in participants.values():
        members = sorted(members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                ties[(a, b)] += 1
    graph = nx.Graph()
    for (a, b), count in ties.items():
        graph.add_edge(a, b, weight=count)

    n = report["organisations"]
    check("connected organisations", graph.number_of_nodes() == report["connected"],
          f"networkx {graph.number_of_nodes()}, innomap {report['connected']}")
    check("ties", graph.number_of_edges() == report["ties"],
          f"networkx {graph.number_of_edges()}, innomap {report['ties']}")
    check("exact", report["exact"] is True)

    raw = nx.betweenness_centrality(graph, normalized=False)
    scale = 2.0 / ((n - 1) * (n - 2))
    brokers = {b["id"]: b for b in report["brokers"]}
    check("every connected organisation is listed", set(brokers) == set(graph.nodes),
          f"{len(brokers)} listed, {graph.number_of_nodes()} in the graph")
    worst = 0.0
    for node, value in raw.items():
        ours = brokers.get(node, {}).get("betweenness")
        if ours is None:
            continue
        worst = max(worst, abs(ours - value * scale))
    check("betweenness agrees with networkx", worst < 1e-7, f"largest difference {worst}")
    top_ours = [b["id"] for b in report["brokers"][:5]]
    top_nx = sorted(raw, key=lambda v: (-raw[v], v))[:5]
    check("the top five are networkx's", top_ours == top_nx, f"{top_ours} vs {top_nx}")

    communities = {}
    for b in report["brokers"]:
        key = b["community"] if b["community"] is not None else f"alone:{b['id']}"
        communities.setdefault(key, set()).add(b["id"])
    q = nx.community.modularity(graph, communities.values(), weight="weight")
    check("modularity agrees with networkx", abs(q - report["modularity"]) < 1e-3,
          f"networkx {q}, innomap {report['modularity']}")
    theirs = nx.community.louvain_communities(graph, weight="weight", seed=1)
    q_nx = nx.community.modularity(graph, theirs, weight="weight")
    check("the partition is about as good as networkx's Louvain", q >= q_nx - 0.02,
          f"innomap {q}, networkx louvain {q_nx}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
