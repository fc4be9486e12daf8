#!/usr/bin/env python3
"""Cross-checks `innomap validate` against pySHACL, the reference SHACL engine.

Each case is a set of Turtle files validated by both engines against data/shapes.ttl, with
data/ontology.ttl loaded as data (targets and sh:class follow its rdfs:subClassOf):

- the bundled dataset, data/zjg/*.ttl, when present: both engines must agree and both must find it
  conforming (a violation there is the dataset's to fix; this script reports it, never hides it);
- tests/fixtures/shacl/base.ttl alone, and every other fixture there together with base.ttl. A fixture's
  `# expect:` lines list every result it must give, as `ID PATH COMPONENT` (ID the last segment of the
  focus IRI, PATH `-` for none, COMPONENT without `sh:`), or `conforms`.

The engines must agree on conformance and on the set of (focus node, path, constraint component,
severity). innomap runs as `$INNOMAP_BIN validate --format json --no-default-data --data FILE …`.
Prints one line per case, a diff on disagreement, and `N passed, M failed` last; exits 1 on failure.
"""
import glob
import json
import logging
import os
import subprocess
import sys

import pyshacl
import rdflib
from rdflib import RDF, BNode, Literal, URIRef

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("INNOMAP_BIN", os.path.join(ROOT, "target", "debug", "innomap"))
ONTOLOGY = os.path.join(ROOT, "data", "ontology.ttl")
SHAPES = os.path.join(ROOT, "data", "shapes.ttl")
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "shacl")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
ID = "https://w3id.org/innomap/id/"
# The prefixes of src/vocab.rs (PREFIXES), which innomap uses to print paths.
PREFIXES = [
    ("im", "https://w3id.org/innomap/def#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("rov", "http://www.w3.org/ns/regorg#"),
    ("schema", "https://schema.org/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("bibo", "http://purl.org/ontology/bibo/"),
    ("sh", "http://www.w3.org/ns/shacl#"),
]


class CaseError(Exception):
    """A case that could not run (a file that does not parse, an engine that failed)."""


def short_iri(iri):
    """An IRI as innomap prints it in a path: the id of an instance IRI, prefix:local, or <iri>."""
    if iri.startswith(ID):
        parts = iri[len(ID):].split("/")
        if len(parts) == 3 and parts[2]:
            return parts[2]
    for prefix, namespace in PREFIXES:
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return f"<{iri}>"


def render_path(graph, node):
    """A SHACL path node in SPARQL syntax, as innomap prints it."""

    def group(inner):
        text = render_path(graph, inner)
        return text if isinstance(inner, URIRef) else f"({text})"

    if isinstance(node, URIRef):
        return short_iri(str(node))
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(node, predicate)
        if inner is not None:
            return group(inner) + suffix
    inner = graph.value(node, SH.inversePath)
    if inner is not None:
        return "^" + group(inner)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "|".join(group(item) for item in rdflib.collection.Collection(graph, alternatives))
    if graph.value(node, RDF.first) is not None:
        return "/".join(group(item) for item in rdflib.collection.Collection(graph, node))
    raise CaseError(f"pySHACL reported a path innomap cannot print: {node!r}")


def focus_key(node):
    """A focus node as both engines can name it: the IRI, a literal in N-Triples, any blank node alike."""
    if isinstance(node, BNode):
        return "_:blank"
    if isinstance(node, Literal):
        return node.n3()
    return str(node)


def local(iri):
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def read_graph(files):
    graph = rdflib.Graph()
    for path in (ONTOLOGY, SHAPES, *files):
        try:
            graph.parse(path, format="turtle")
        except Exception as error:  # rdflib raises several unrelated types for bad Turtle
            raise CaseError(f"rdflib cannot parse {os.path.relpath(path, ROOT)}: {error}") from error
    return graph


def run_pyshacl(files):
    """(conforms, results) from pySHACL over the union of the ontology, the shapes and the files."""
    data = read_graph(files)
    # innomap reads shapes from every graph of the store; give pySHACL the same union as shapes graph.
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=data, inference="none", advanced=False, allow_warnings=False
    )
    results = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        if path is None:
            rendered = ""
        else:
            # pySHACL copies a blank-node path into its report; fall back on the shapes if it did not.
            rendered = render_path(report if (path, None, None) in report else data, path)
        results.add(
            (
                focus_key(report.value(result, SH.focusNode)),
                rendered,
                "sh:" + local(report.value(result, SH.sourceConstraintComponent)),
                local(report.value(result, SH.resultSeverity)).lower(),
            )
        )
    return bool(conforms), results


def run_innomap(files):
    """(conforms, results, report) from `innomap validate --format json` over the same files."""
    command = [BIN, "validate", "--format", "json", "--no-default-data"]
    for path in (ONTOLOGY, SHAPES, *files):
        command += ["--data", path]
    process = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if process.returncode not in (0, 1) or not process.stdout.strip():
        raise CaseError(f"innomap exited {process.returncode}: {process.stderr.strip()}")
    report = json.loads(process.stdout)
    results = set()
    for v in report["violations"]:
        focus = "_:blank" if v["focus"].startswith("_:") else v["focus"]
        results.add((focus, v["path"] or "", v["component"], v["severity"]))
    conforms = report["conforms"]
    if conforms != (process.returncode == 0):
        raise CaseError(f"innomap exited {process.returncode} but reported conforms={conforms}")
    return conforms, results, report


def expectations(path):
    """The `# expect:` lines of a fixture: None (no claim), "conforms", or a set of (id, path, component)."""
    expected = None
    with open(path, encoding="utf-8") as file:
        for line in file:
            if not line.startswith("# expect:"):
                continue
            claim = line[len("# expect:"):].split()
            if claim == ["conforms"]:
                expected = "conforms"
                continue
            if len(claim) != 3:
                raise CaseError(f"{os.path.relpath(path, ROOT)}: bad expect line: {line.strip()}")
            focus, result_path, component = claim
            expected = expected if isinstance(expected, set) else set()
            expected.add((focus, "" if result_path == "-" else result_path, "sh:" + component))
    return expected


def as_expected(results):
    """Results in the form of `# expect:` lines: (id, path, component)."""
    return {(local(focus), path, component) for focus, path, component, _ in results}


def show(rows):
    return "\n".join(f"      {focus}  {path or '-'}  {component}  {severity}" for focus, path, component, severity in sorted(rows))


def check_case(name, files, expected, must_conform):
    """Runs one case; returns a list of failure explanations (empty when it passes)."""
    py_conforms, py_results = run_pyshacl(files)
    im_conforms, im_results, _ = run_innomap(files)
    problems = []
    if py_conforms != im_conforms:
        problems.append(f"conformance differs: pySHACL {py_conforms}, innomap {im_conforms}")
    if py_results != im_results:
        only_py, only_im = py_results - im_results, im_results - py_results
        if only_py:
            problems.append(f"only pySHACL reports ({len(only_py)}):\n{show(only_py)}")
        if only_im:
            problems.append(f"only innomap reports ({len(only_im)}):\n{show(only_im)}")
    if must_conform and not (py_conforms and im_conforms):
        found = py_results | im_results
        problems.append(f"the data must conform, but there are {len(found)} results:\n{show(found)}")
    if expected == "conforms" and im_results:
        problems.append(f"expected to conform, innomap reports:\n{show(im_results)}")
    elif isinstance(expected, set) and as_expected(im_results) != expected:
        got = as_expected(im_results)
        missing = "\n".join(f"      {f}  {p or '-'}  {c}" for f, p, c in sorted(expected - got))
        extra = "\n".join(f"      {f}  {p or '-'}  {c}" for f, p, c in sorted(got - expected))
        problems.append(f"results differ from the # expect: lines\n    missing:\n{missing}\n    unexpected:\n{extra}")
    return problems


def main():
    # rdflib logs a traceback for each ill-typed literal (some fixtures have them on purpose).
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    if not os.path.isfile(BIN):
        print(f"innomap binary not found at {BIN}: build it and set INNOMAP_BIN", file=sys.stderr)
        return 2
    cases = []
    bundled = sorted(glob.glob(os.path.join(ROOT, "data", "zjg", "*.ttl")))
    if bundled:
        cases.append(("bundled data/zjg/*.ttl", bundled, None, True))
    else:
        print("skip  bundled data: no data/zjg/*.ttl yet")
    base = os.path.join(FIXTURES, "base.ttl")
    cases.append(("fixture base.ttl", [base], expectations(base), True))
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.ttl"))):
        if path != base:
            cases.append((f"fixture {os.path.basename(path)}", [base, path], None, False))
    passed = failed = 0
    for name, files, expected, must_conform in cases:
        try:
            if expected is None and name.startswith("fixture"):
                expected = expectations(files[-1])
                if expected is None:
                    raise CaseError("the fixture has no # expect: lines")
            problems = check_case(name, files, expected, must_conform)
        except CaseError as error:
            problems = [str(error)]
        if problems:
            failed += 1
            print(f"FAIL  {name}")
            for problem in problems:
                print(f"    {problem}")
        else:
            passed += 1
            print(f"ok    {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
