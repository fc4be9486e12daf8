#!/usr/bin/env python3
"""Cross-checks every canned query against an independent SPARQL engine (rdflib).

For each query in queries/*.rq, runs it through `innomap query NAME --format json` (the binary named by
INNOMAP_BIN) and through rdflib over the same Turtle files, with the same parameters, and compares the
two result multisets value by value (numbers compared numerically to 1e-9). Queries that need a
parameter get the sample values below. The queries over saved scores (score-*) run with the firm
scores of the two newest years, written by `innomap score --format nq` (what `score --save` stores),
added to both engines' data. A canned query that reads the derived graph (pool rosters, three-year
sums, resource load, im:inCity: src/store/derived.rs) is compared with its plain form, which rdflib
runs over the base data alone (tests/fixtures/plain-queries/NAME.rq, the query as it was). Prints one line per query and `N passed, M failed`
last; exits 1 on any disagreement.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
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
    "score-grade-dropped": [("year", "2025", rdflib.Literal(2025))],
    "score-grades-by-chain": [("year", "2025", rdflib.Literal(2025))],
    "score-pools-grade": [("year", "2025", rdflib.Literal(2025))],
}
SCORE_YEARS = ["2024", "2025"]
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


def plain_form(path):
    """The query rdflib runs for the canned query at `path`: its plain form when it has one."""
    candidate = os.path.join(ROOT, "tests", "fixtures", "plain-queries", os.path.basename(path))
    return candidate if os.path.exists(candidate) else path


def innomap_rows(name, params, data=()):
    args = [BIN] + [a for path in data for a in ("--data", path)] + ["query", name, "--format", "json"]
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
    # The saved scores: the same N-Quads for both engines, their triples in rdflib's one graph (the
    # queries read the union of the graphs).
    scratch = tempfile.mkdtemp(prefix="innomap-scores-")
    score_files = []
    scored = rdflib.Graph()
    for triple in graph:
        scored.add(triple)
    for year in SCORE_YEARS:
        path = os.path.join(scratch, f"firm-{year}.nq")
        out = subprocess.run([BIN, "score", "--year", year, "--format", "nq"], capture_output=True, cwd=ROOT)
        if out.returncode != 0:
            raise SystemExit(f"innomap score --format nq failed: {out.stderr.decode().strip()}")
        with open(path, "wb") as f:
            f.write(out.stdout)
        score_files.append(path)
        quads = rdflib.Dataset()
        quads.parse(path, format="nquads")
        for s, p, o, _ in quads.quads((None, None, None, None)):
            scored.add((s, p, o))
    passed = failed = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "queries", "*.rq"))):
        name = os.path.basename(path)[:-3]
        params = SAMPLES.get(name, [])
        on_scores = name.startswith("score-")
        try:
            variables, ours = innomap_rows(name, params, score_files if on_scores else ())
            text = open(plain_form(path), encoding="utf-8").read()
            theirs = rdflib_rows(scored if on_scores else graph, text, variables, params)
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
