#!/usr/bin/env python3
"""Re-computes `innomap score` for every firm, resource and town of the bundled data, independently
of the binary.

rdflib loads the data and each default model (data/scoring/{firm,resource,town}.ttl), runs each
indicator's measure (queries/scoring/*.rq) with ?year bound and reads the indicator's column of it, and this script normalises (min-max, percent rank with ties
counted half, thresholds), weights (a missing value either left out, its weight shared by the others,
or scored as the worst) and grades the firms itself. It compares each firm's score (to 0.011) and
grade with `innomap score --kind KIND --format json` (the binary named by INNOMAP_BIN). Prints one line per
disagreement and `N passed, M failed` last; exits 1 on any disagreement.
"""
import glob
import json
import os
import subprocess
import sys

import rdflib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("INNOMAP_BIN", os.path.join(ROOT, "target", "release", "innomap"))
IM = rdflib.Namespace("https://w3id.org/innomap/def#")
PREFIXES = {
    "im": str(IM),
    "rdf": str(rdflib.RDF),
    "rdfs": str(rdflib.RDFS),
    "xsd": str(rdflib.XSD),
    "skos": str(rdflib.SKOS),
    "schema": "https://schema.org/",
    "dcterms": str(rdflib.DCTERMS),
    "org": "http://www.w3.org/ns/org#",
}


def local(iri):
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def read_model(path):
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    model = next(graph.subjects(rdflib.RDF.type, IM.ScoringModel))
    bands = sorted(
        ((str(graph.value(b, IM.grade)), float(graph.value(b, IM.minScore))) for b in graph.objects(model, IM.band)),
        key=lambda band: -band[1],
    )
    indicators = []
    for category in graph.objects(model, IM.category):
        for indicator in graph.objects(category, IM.indicator):
            steps = sorted(
                (float(graph.value(s, IM.raw)), float(graph.value(s, IM.value))) for s in graph.objects(indicator, IM.step)
            )
            indicators.append(
                {
                    "id": local(indicator),
                    "measure": str(graph.value(indicator, IM.measure)),
                    "column": str(graph.value(indicator, IM.column) or "value"),
                    "weight": float(graph.value(indicator, IM.weight)),
                    "higher": local(graph.value(indicator, IM.better)) == "HigherIsBetter",
                    "normalisation": local(graph.value(indicator, IM.normalisation)),
                    "worst_if_missing": local(graph.value(indicator, IM.missingValue)) == "WorstIfMissing",
                    "steps": steps,
                }
            )
    return str(graph.value(model, IM.population)), indicators, bands


def measure(graph, name, year):
    text = open(os.path.join(ROOT, "queries", "scoring", name + ".rq"), encoding="utf-8").read()
    result = graph.query(text, initNs=PREFIXES, initBindings={rdflib.Variable("year"): rdflib.Literal(year)})
    return list(result)


def normalise(indicator, values, own):
    present = sorted(values)
    if indicator["normalisation"] == "MinMax":
        low, high = present[0], present[-1]
        if high <= low:
            return 1.0
        value = (own - low) / (high - low) if indicator["higher"] else (high - own) / (high - low)
        return min(1.0, max(0.0, value))
    if indicator["normalisation"] == "PercentRank":
        others = list(present)
        others.remove(own)
        if not others:
            return 1.0
        if indicator["higher"]:
            worse = sum(1 for v in others if v < own)
        else:
            worse = sum(1 for v in others if v > own)
        equal = sum(1 for v in others if v == own)
        return (worse + 0.5 * equal) / len(others)
    reached = 0.0
    for raw, value in indicator["steps"]:
        if (own >= raw) if indicator["higher"] else (own <= raw):
            reached = value
    return reached


def expected_scores(graph, kind, year):
    population, indicators, bands = read_model(os.path.join(ROOT, "data", "scoring", kind + ".ttl"))
    entities = sorted({str(row["entity"]) for row in measure(graph, population, year)})
    answers = {}
    values = {}
    for indicator in indicators:
        name = indicator["measure"]
        if name not in answers:
            answers[name] = measure(graph, name, year)
        found = {}
        for row in answers[name]:
            value = row[indicator["column"]]
            if value is not None:
                found[str(row["entity"])] = float(value.toPython())
        values[indicator["id"]] = found
    expected = {}
    for entity in entities:
        counted = sum(i["weight"] for i in indicators if entity in values[i["id"]] or i["worst_if_missing"])
        total = 0.0
        for indicator in indicators:
            found = values[indicator["id"]]
            if entity in found:
                norm = normalise(indicator, [v for e, v in found.items() if e in entities], found[entity])
            elif indicator["worst_if_missing"]:
                norm = 0.0
            else:
                continue
            total += round(100.0 * indicator["weight"] / counted * norm, 2)
        score = round(total, 2)
        grade = next(g for g, low in bands if score >= low)
        expected[entity.rsplit("/", 1)[-1]] = (score, grade)
    return expected


def main():
    graph = rdflib.Graph()
    for path in ["data/ontology.ttl"] + sorted(glob.glob(os.path.join(ROOT, "data", "zjg", "*.ttl"))):
        graph.parse(os.path.join(ROOT, path), format="turtle")
    year = max(int(graph.value(f, IM.year)) for f in graph.subjects(rdflib.RDF.type, IM.AnnualFigures))
    passed = failed = 0
    for kind in ["firm", "resource", "town"]:
        expected = expected_scores(graph, kind, year)
        command = [BIN, "score", "--kind", kind, "--format", "json", "--year", str(year)]
        out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            failed += 1
            print(f"FAIL innomap score --kind {kind}: {out.stderr.strip()}")
            continue
        ours = {line["id"]: (line["score"], line["grade"]) for line in json.loads(out.stdout)["lines"]}
        for entity, (score, grade) in sorted(expected.items()):
            got = ours.get(entity)
            if got is not None and abs(got[0] - score) <= 0.011 and got[1] == grade:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {kind} {entity}: innomap {got}, recomputed ({score}, {grade})")
        for entity in sorted(set(ours) - set(expected)):
            failed += 1
            print(f"FAIL {kind} {entity}: scored by innomap only")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
