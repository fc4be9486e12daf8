#!/usr/bin/env python3
"""Cross-checks every canned query against an independent SPARQL engine (rdflib).

For each query in queries/*.rq, runs it through `innomap query NAME --format json` (the binary named by
INNOMAP_BIN) and through rdflib over the same Turtle files, with the same parameters, and compares the
two result multisets value by value (numbers compared numerically to 1e-9). Queries that need a
parameter get the sample values below. Prints one line per query and `N passed, M failed` last;
exits 1 on any disagreement.
"""
import glob
import json
import os
import subprocess
import sys
from decimal import Decimal

import rdflib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("INNOMAP_BIN", os.path.join(ROOT, "target", "release", "innomap"))
IM = "https://w3id.org/innomap/"
# Sample parameters: (CLI value, IRI or literal for rdflib).
SAMPLES = {
    "firm-collaborators": [("firm", "shagang", rdflib.URIRef(IM + "id/zjg/firm/shagang"))],
    "hte-candidates": [("as_of", "2025", rdflib.Literal(2025))],
    "international-partners": [("country", "US", rdflib.Literal("US"))],
}
PREFIXES = {
    "im": IM + "def#",
    "rdf": str(rdflib.RDF),
    "rdfs": str(rdflib.RDFS),
    "owl": str(rdflib.OWL),
    "xsd": str(rdflib.XSD),
    "skos": str(rdflib.SKOS),
    "org": "http://www.w3.org/ns/org#",
    "rov": "http://www.w3.org/ns/regorg#",
    "schema": "https://schema.org/",
    "foaf": str(rdflib.FOAF),
    "dcterms": str(rdflib.DCTERMS),
    "prov": str(rdflib.PROV),
    "bibo": "http://purl.org/ontology/bibo/",
    "sh": "http://www.w3.org/ns/shacl#",
}


def normalise(value):
    """A comparable form of one cell: numbers as Decimal rounded to 9 places, the rest as text."""
    if value is None:
        return None
    try:
        return ("n", round(Decimal(value), 9))
    except Exception:
        return ("s", value)


def innomap_rows(name, params):
    args = [BIN, "query", name, "--format", "json"]
    for key, value, _ in params:
        args += ["--param", f"{key}={value}"]
    out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"innomap failed: {out.stderr.strip()}")
    data = json.loads(out.stdout)
    variables = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        rows.append(tuple(normalise(binding[v]["value"]) if v in binding else None for v in variables))
    return variables, rows


def rdflib_rows(graph, text, variables, params):
    bindings = {rdflib.Variable(key): term for key, _, term in params}
    result = graph.query(text, initNs=PREFIXES, initBindings=bindings)
    rows = []
    for row in result:
        cells = []
        for v in variables:
            value = row[v] if v in row.labels else None
            if value is None:
                cells.append(None)
            elif isinstance(value, rdflib.Literal) and value.datatype is not None and value.datatype.endswith("boolean"):
                cells.append(normalise("true" if value.toPython() else "false"))
            else:
                cells.append(normalise(str(value)))
        rows.append(tuple(cells))
    return rows


def main():
    graph = rdflib.Graph()
    for path in ["data/ontology.ttl"] + sorted(glob.glob(os.path.join(ROOT, "data", "zjg", "*.ttl"))):
        graph.parse(os.path.join(ROOT, path), format="turtle")
    passed = failed = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "queries", "*.rq"))):
        name = os.path.basename(path)[:-3]
        params = SAMPLES.get(name, [])
        try:
            variables, ours = innomap_rows(name, params)
            theirs = rdflib_rows(graph, open(path, encoding="utf-8").read(), variables, params)
        except Exception as error:  # noqa: BLE001 - report and go on
            print(f"FAIL {name}: {error}")
            failed += 1
            continue
        key = lambda row: [("" if c is None else str(c)) for c in row]
        if sorted(ours, key=key) == sorted(theirs, key=key) and ours:
            print(f"ok   {name}: {len(ours)} rows agree")
            passed += 1
        else:
            failed += 1
            only_ours = set(ours) - set(theirs)
            only_theirs = set(theirs) - set(ours)
            print(f"FAIL {name}: innomap {len(ours)} rows, rdflib {len(theirs)} rows")
            for row in list(only_ours)[:5]:
                print(f"     only innomap: {row}")
            for row in list(only_theirs)[:5]:
                print(f"     only rdflib:  {row}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
