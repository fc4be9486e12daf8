#!/usr/bin/env python3
"""Reads one selection exported as Cytoscape JSON, GraphML, GEXF and DOT with independent readers
and checks that they hold the same graph: the JSON has the Cytoscape.js elements shape; networkx
reads the GraphML and the GEXF 1.3 (typed attributes); Graphviz's `dot` reads and lays out the DOT
(`dot -Tjson`). Node and edge counts and a sample of attributes must agree with the JSON.

    python3 tests/export_check.py DIR STEM     # reads DIR/STEM.json, .graphml, .gexf, .dot

Prints one line per failed check and ends with "N passed, M failed"; exits 1 on any failure.
"""

import json
import math
import os
import subprocess
import sys

import networkx as nx

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


def cytoscape_shape(doc):
    """The Cytoscape.js elements JSON shape: {elements: {nodes: [{data: {id}}], edges: [...]}}."""
    elements = doc.get("elements")
    check("json has elements.nodes and elements.edges", isinstance(elements, dict)
          and isinstance(elements.get("nodes"), list) and isinstance(elements.get("edges"), list))
    nodes, edges = elements["nodes"], elements["edges"]
    ids = [n.get("data", {}).get("id") for n in nodes]
    check("every node has data.id (a string)", all(isinstance(i, str) and i for i in ids))
    check("node ids are unique", len(set(ids)) == len(ids))
    for n in nodes:
        position = n.get("position")
        if position is not None:
            check(f"position of {n['data']['id']} is numeric",
                  all(isinstance(position.get(k), (int, float)) for k in ("x", "y")), position)
    edge_ids = [e.get("data", {}).get("id") for e in edges]
    check("edge ids are unique and not node ids",
          len(set(edge_ids)) == len(edge_ids) and not set(edge_ids) & set(ids))
    known = set(ids)
    for e in edges:
        d = e.get("data", {})
        check(f"edge {d.get('id')} joins known nodes",
              d.get("source") in known and d.get("target") in known, d)
    return {n["data"]["id"]: n["data"] for n in nodes}, {e["data"]["id"]: e["data"] for e in edges}


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
    return a == b


NODE_SAMPLE = ["kind", "label_zh", "label_en", "tier", "level", "chain", "role", "provenance",
               "degree", "leading_firm", "grade", "score", "grade_year"]
EDGE_SAMPLE = ["relation", "kind", "weight", "year", "first_year", "count"]


def compare_networkx(name, graph, nodes, edges):
    check(f"{name}: node count", graph.number_of_nodes() == len(nodes),
          (graph.number_of_nodes(), len(nodes)))
    check(f"{name}: edge count", graph.number_of_edges() == len(edges),
          (graph.number_of_edges(), len(edges)))
    for node_id, data in nodes.items():
        if node_id not in graph.nodes:
            check(f"{name}: node {node_id} present", False)
            continue
        attributes = graph.nodes[node_id]
        for key in NODE_SAMPLE:
            if key in data:
                check(f"{name}: {node_id}.{key}", same(attributes.get(key), data[key]),
                      (attributes.get(key), data[key]))
        check(f"{name}: {node_id}.degree is typed", isinstance(attributes.get("degree"), int))
        check(f"{name}: {node_id}.leading_firm is typed",
              isinstance(attributes.get("leading_firm"), bool))
    by_id = {}
    if graph.is_multigraph():
        for s, t, d in graph.edges(data=True):
            by_id[d.get("id")] = (s, t, d)
    else:
        for s, t, d in graph.edges(data=True):
            by_id[d.get("id")] = (s, t, d)
    for edge_id, data in edges.items():
        if edge_id not in by_id:
            check(f"{name}: edge {edge_id} present", False, data)
            continue
        s, t, attributes = by_id[edge_id]
        check(f"{name}: edge {edge_id} ends", (s, t) == (data["source"], data["target"]), (s, t))
        for key in EDGE_SAMPLE:
            if key in data:
                check(f"{name}: {edge_id}.{key}", same(attributes.get(key), data[key]),
                      (attributes.get(key), data[key]))
    return by_id


def main():
    directory, stem = sys.argv[1], sys.argv[2]
    path = lambda ext: os.path.join(directory, f"{stem}.{ext}")
    with open(path("json"), encoding="utf-8") as f:
        nodes, edges = cytoscape_shape(json.load(f))

    graphml = nx.read_graphml(path("graphml"))
    compare_networkx("graphml", graphml, nodes, edges)
    check("graphml: weight is typed",
          all(isinstance(d.get("weight"), float) for _, _, d in graphml.edges(data=True)))

    gexf = nx.read_gexf(path("gexf"), version="1.3")
    by_id = compare_networkx("gexf", gexf, nodes, edges)
    for edge_id, data in edges.items():
        if "first_year" in data and edge_id in by_id:
            attributes = by_id[edge_id][2]
            check(f"gexf: {edge_id} spans its years",
                  attributes.get("start") == data["first_year"] and attributes.get("end") == data["year"],
                  attributes)
    for node_id, data in nodes.items():
        if node_id in gexf.nodes:
            check(f"gexf: {node_id} label", gexf.nodes[node_id].get("label") == data["label"])

    laid_out = subprocess.run(["dot", "-Tjson", path("dot")], capture_output=True, text=True)
    check("dot reads and lays out the DOT", laid_out.returncode == 0, laid_out.stderr[:500])
    if laid_out.returncode == 0:
        doc = json.loads(laid_out.stdout)
        objects = [o for o in doc.get("objects", []) if "nodes" not in o]
        clusters = [o for o in doc.get("objects", []) if "nodes" in o]
        check("dot: node count", len(objects) == len(nodes), (len(objects), len(nodes)))
        check("dot: edge count", len(doc.get("edges", [])) == len(edges),
              (len(doc.get("edges", [])), len(edges)))
        check("dot: nodes are clustered", len(clusters) > 0)
        names = {o["name"]: o for o in objects}
        for node_id, data in nodes.items():
            o = names.get(node_id)
            if o is None:
                check(f"dot: node {node_id} present", False)
                continue
            check(f"dot: {node_id} label", o.get("label") == data["label"], (o.get("label"), data["label"]))
            check(f"dot: {node_id} kind", o.get("kind") == data["kind"])
        gvid = {o["_gvid"]: o["name"] for o in objects}
        dot_edges = {e.get("id"): e for e in doc.get("edges", [])}
        for edge_id, data in edges.items():
            e = dot_edges.get(edge_id)
            check(f"dot: edge {edge_id}", e is not None and gvid.get(e["tail"]) == data["source"]
                  and gvid.get(e["head"]) == data["target"] and e.get("relation") == data["relation"],
                  e)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
